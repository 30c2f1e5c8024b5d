// Package wire is the contract between the in-app agent and the platform:
// the messages of the gRPC service sqreen.agent.v1.AgentService (Login,
// Heartbeat, Logout), generated from agent.proto. The service stubs, which
// import grpc-go, are in wiregrpc (wiregrpc/service.proto), imported only by
// the platform and tests: the agent calls the service with its own small
// client (runtime/internal/grpcclient) and links no gRPC library. The
// agent does not link this package either: runtime/internal/wiremsg
// encodes the same messages without protobuf's runtime, and its tests
// check it against this package.
//
// The generated files are committed. Regenerate them after editing a
// .proto, from this folder, with pure-Go tools only (no protoc needed; see
// README.md):
//
//	go generate
package wire

//go:generate sh -c "export GOBIN=$(mktemp -d) && go install github.com/bufbuild/buf/cmd/buf@v1.75.0 && go install google.golang.org/protobuf/cmd/protoc-gen-go@v1.36.12 && go install google.golang.org/grpc/cmd/protoc-gen-go-grpc@v1.6.2 && PATH=$DOLLAR{GOBIN}:$PATH buf generate"
