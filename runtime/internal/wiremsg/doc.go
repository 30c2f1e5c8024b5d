// Package wiremsg holds the agent's side of the messages of
// runtime/wire/agent.proto, written by hand: plain Go structs that append
// their protobuf encoding to a buffer (AppendWire) and decode themselves
// (UnmarshalWire).
//
// # Why
//
// The platform uses the code protoc-gen-go generates (package
// runtime/wire). Linking that code and protobuf's runtime costs every
// protected app about 720 KB of binary and about 53 KB of memory (type
// descriptors and registries) that the garbage collector scans on every
// cycle. The agent only needs to encode a few requests and decode a few
// replies, which this package does with the standard library and
// google.golang.org/protobuf/encoding/protowire, the low-level wire
// format helpers.
//
// # The contract
//
// runtime/wire/agent.proto is the contract, and the generated package is
// the reference: each type here has the name, the exported fields and the
// Go field types protoc-gen-go gives the message or enum (with the oneof
// Command.action as an interface and wrapper types, as generated), a few
// of the generated getters, and no unexported state. The encoding follows
// proto3: fields in field-number order, zero scalars left out, map
// entries in sorted key order. AppendWire's output is byte for byte what
// the generated code's deterministic marshaling writes, except that a
// string that is not valid UTF-8 is written with each invalid sequence
// replaced by U+FFFD (the generated decoder rejects invalid UTF-8, which
// would lose a whole heartbeat). UnmarshalWire decodes as proto does
// (unknown fields skipped, the last of a scalar given twice kept, a
// message field given twice merged, the last oneof member kept) but does
// not check UTF-8, and rejects a known field given with the wrong wire
// type, which the generated decoder keeps as an unknown field.
//
// The tests check that the package keeps to the contract: the types and
// their fields against the generated ones (derived from the generated
// code, so a field added to the proto and not here fails them), the
// encoding and the decoding both ways against the generated code on
// fully populated values, and a fuzz test compares the decoders.
//
// # When agent.proto changes
//
// Regenerate runtime/wire (see runtime/wire/README.md), then mirror the
// change here: the field in the type (types.go), its line in the type's
// AppendWire (marshal.go, in field-number order), its case in the type's
// merge (unmarshal.go) and, for a message-typed field, its getter
// (getters.go); a new enum value also needs its name in its String
// method (enums.go). A new message or enum also needs its line in the
// compile-time assertions (wire.go) and in the tests' list of types
// (wiremsgTypes, helpers_test.go). Then run go test: the parity tests
// name what is missing, and the equivalence tests, which populate every
// field by reflection, check the new field's encoding and decoding. A
// field number or type changed in place, or a field removed, is a
// breaking change of the contract: deployed agents keep the old one.
package wiremsg
