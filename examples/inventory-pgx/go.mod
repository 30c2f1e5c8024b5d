module github.com/sqreen-go/sqreen/examples/inventory-pgx

go 1.26.0

require (
	github.com/jackc/pgx/v5 v5.12.0
	github.com/sqreen-go/sqreen/runtime v0.0.0
)

require (
	github.com/expr-lang/expr v1.17.8 // indirect
	github.com/jackc/pgpassfile v1.0.0 // indirect
	github.com/jackc/pgservicefile v0.0.0-20240606120523-5a60cdf6a761 // indirect
	github.com/jackc/puddle/v2 v2.2.3 // indirect
	github.com/sqreen-go/sqreen/engine v0.0.0 // indirect
	go.yaml.in/yaml/v3 v3.0.6 // indirect
	golang.org/x/sync v0.23.0 // indirect
	golang.org/x/text v0.42.0 // indirect
	google.golang.org/protobuf v1.36.12 // indirect
)

replace github.com/sqreen-go/sqreen/runtime => ../../runtime

replace github.com/sqreen-go/sqreen/engine => ../../engine
