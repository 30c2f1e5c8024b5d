package wiremsg_test

import (
	"math/rand/v2"
	"reflect"
	"testing"

	"google.golang.org/protobuf/encoding/protowire"

	"github.com/sqreen-go/sqreen/runtime/internal/wiremsg"
)

// fuzzDecoders seeds f with encodings of populated and random values of the
// message name, then checks on any input that UnmarshalWire does not panic
// and agrees with the generated decoder (see compareDecoders).
func fuzzDecoders(f *testing.F, name string) {
	md := genMessages(f)[slicesIndex(genMessages(f), name)].desc
	for variant := range 8 {
		f.Add(populated(f, name, variant).AppendWire(nil))
	}
	rnd := rand.New(rand.NewPCG(3, 4))
	for range 8 {
		f.Add(random(f, name, rnd).AppendWire(nil))
	}
	// Merges: the message twice, and commands whose oneof member is given
	// twice (merged) or followed by another member (replaced).
	for variant := range 8 {
		a, b := populated(f, name, variant), random(f, name, rnd)
		f.Add(cat(a, b))
		c1, c2 := populated(f, "Command", variant).(*wiremsg.Command), random(f, "Command", rnd).(*wiremsg.Command)
		for reflect.TypeOf(c2.Action) != reflect.TypeOf(c1.Action) {
			c2 = random(f, "Command", rnd).(*wiremsg.Command)
		}
		c3 := populated(f, "Command", variant+1)
		// Both responses have their commands in field 3.
		f.Add(protowire.AppendBytes(protowire.AppendTag(nil, 3, protowire.BytesType), cat(c1, c3, c1, c2)))
	}
	f.Add([]byte{})
	f.Add(protowire.AppendTag(nil, 3, protowire.StartGroupType))
	conv := newConverter(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		compareDecoders(t, conv, md, name, b)
	})
}

func FuzzUnmarshalHeartbeatResponse(f *testing.F) { fuzzDecoders(f, "HeartbeatResponse") }

func FuzzUnmarshalLoginResponse(f *testing.F) { fuzzDecoders(f, "LoginResponse") }
