// Package wire is the contract between the in-app agent and the platform:
// the gRPC service AgentService (Login, Heartbeat, Logout) and its
// messages, generated from agent.proto. Both runtime/ (the heartbeat
// client) and platform/ (the server) import it; nothing else lives here.
//
// The generated files (agent.pb.go, agent_grpc.pb.go) are committed.
// Regenerate them after editing agent.proto, from this folder, with pure-Go
// tools only (no protoc needed; see README.md):
//
//	go generate
package wire

//go:generate sh -c "export GOBIN=$(mktemp -d) && go install github.com/bufbuild/buf/cmd/buf@v1.75.0 && go install google.golang.org/protobuf/cmd/protoc-gen-go@v1.36.12 && go install google.golang.org/grpc/cmd/protoc-gen-go-grpc@v1.6.2 && PATH=$DOLLAR{GOBIN}:$PATH buf generate"
