module github.com/sqreen-go/sqreen/runtime

go 1.26.0

require github.com/sqreen-go/sqreen/engine v0.0.0

require go.yaml.in/yaml/v3 v3.0.6

require github.com/expr-lang/expr v1.17.8 // indirect

require (
	golang.org/x/net v0.60.0 // indirect
	golang.org/x/sys v0.48.0 // indirect
	golang.org/x/text v0.42.0 // indirect
	google.golang.org/genproto/googleapis/rpc v0.0.0-20260817212433-ac3dfec99bb1 // indirect
	google.golang.org/grpc v1.85.0
	google.golang.org/protobuf v1.36.12
)

replace github.com/sqreen-go/sqreen/engine => ../engine
