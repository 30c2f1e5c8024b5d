package wiremsg_test

// Wire compatibility with the generated code: encoding and decoding both
// ways on populated values, zero values, invalid UTF-8, merging and
// malformed input.

import (
	"bytes"
	"encoding/hex"
	"math/rand/v2"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/sqreen-go/sqreen/runtime/internal/wiremsg"
	"github.com/sqreen-go/sqreen/runtime/wire"
)

var deterministic = proto.MarshalOptions{Deterministic: true}

// checkEquivalent checks the wiremsg message w against the generated code:
//   - the generated decoder reads w.AppendWire's bytes as w (converted);
//   - wiremsg reads the generated encoding of w (converted) as w;
//   - AppendWire writes the generated deterministic encoding, byte for
//     byte (fields in number order, map entries in key order).
func checkEquivalent(t *testing.T, conv *converter, w wiremsgMessage) {
	t.Helper()
	g := conv.toGen(t, w)

	enc := w.AppendWire(nil)
	got := g.ProtoReflect().New().Interface()
	if err := proto.Unmarshal(enc, got); err != nil {
		t.Fatalf("%T: the generated decoder rejects AppendWire's bytes: %v", w, err)
	}
	if !proto.Equal(got, g) {
		t.Fatalf("%T: the generated decoder reads AppendWire's bytes as\n%v\nwant\n%v", w, got, g)
	}

	genc, err := deterministic.Marshal(g)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(enc, genc) {
		t.Fatalf("%T: AppendWire\n%s\ngenerated code\n%s", w, hex.Dump(enc), hex.Dump(genc))
	}

	// proto.Marshal, not deterministic: map entries in any order.
	genc, err = proto.Marshal(g)
	if err != nil {
		t.Fatal(err)
	}
	back := reflect.New(reflect.TypeOf(w).Elem()).Interface().(wiremsgMessage)
	if err := back.UnmarshalWire(genc); err != nil {
		t.Fatalf("%T: UnmarshalWire of the generated encoding: %v", w, err)
	}
	if !reflect.DeepEqual(back, w) {
		t.Fatalf("%T: UnmarshalWire of the generated encoding\n%+v\nwant\n%+v", w, back, w)
	}

	// AppendWire appends.
	prefix := []byte("prefix")
	if b := w.AppendWire(prefix); !bytes.Equal(b, append(prefix, enc...)) {
		t.Fatalf("%T: AppendWire does not append to its argument", w)
	}
}

func TestEquivalencePopulated(t *testing.T) {
	conv := newConverter(t)
	for _, m := range genMessages(t) {
		t.Run(m.name, func(t *testing.T) {
			// Each variant starts the oneofs at another member: with as many
			// variants as members, a Command gets each member once.
			for variant := range 8 {
				checkEquivalent(t, conv, populated(t, m.name, variant))
			}
		})
	}
}

func TestEquivalenceOneofMembers(t *testing.T) {
	conv := newConverter(t)
	seen := map[reflect.Type]bool{}
	for variant := range 8 {
		c := populated(t, "Command", variant).(*wiremsg.Command)
		seen[reflect.TypeOf(c.Action)] = true
		checkEquivalent(t, conv, c)
	}
	if want := len(oneofCases(reflect.TypeOf(wiremsg.Command{}).Field(1).Type)); len(seen) != want {
		t.Errorf("%d oneof members covered, want %d", len(seen), want)
	}
}

func TestEquivalenceRandom(t *testing.T) {
	conv := newConverter(t)
	rnd := rand.New(rand.NewPCG(1, 2))
	for _, m := range genMessages(t) {
		t.Run(m.name, func(t *testing.T) {
			for range 200 {
				checkEquivalent(t, conv, random(t, m.name, rnd))
			}
		})
	}
}

// TestEquivalenceLarge covers multi-byte message lengths (the record is
// written before its length is known) and maps larger than the sorting
// buffer.
func TestEquivalenceLarge(t *testing.T) {
	conv := newConverter(t)
	props := map[string]string{}
	for i := range 100 {
		props[strings.Repeat("k", i%7)+string(rune('a'+i%26))+strings.Repeat("x", i)] = strings.Repeat("v", i)
	}
	for _, size := range []int{1, 126, 127, 128, 129, 16383, 16384, 1 << 21} {
		checkEquivalent(t, conv, &wiremsg.HeartbeatResponse{Commands: []*wiremsg.Command{{
			Seq: 1,
			Action: &wiremsg.Command_ReplaceRules{ReplaceRules: &wiremsg.ReplaceRules{
				Files: []*wiremsg.RuleFile{{Name: "a", Content: bytes.Repeat([]byte{'r'}, size)}},
			}},
		}}})
		checkEquivalent(t, conv, &wiremsg.HeartbeatRequest{Events: []*wiremsg.Event{{
			Properties: props,
			Request:    &wiremsg.RequestSummary{Query: strings.Repeat("q", size)},
		}}})
	}
}

// TestZeroValues: an empty message encodes to nothing, a nil receiver
// appends nothing, and both decode from nothing.
func TestZeroValues(t *testing.T) {
	for _, m := range genMessages(t) {
		w := newWiremsg(t, m.name)
		if b := w.AppendWire(nil); len(b) != 0 {
			t.Errorf("empty %s encodes to %x", m.name, b)
		}
		nilm := reflect.Zero(reflect.TypeOf(w)).Interface().(wiremsgMessage)
		if b := nilm.AppendWire([]byte("x")); string(b) != "x" {
			t.Errorf("nil %s appends %q", m.name, b[1:])
		}
		full := populated(t, m.name, 0)
		if err := full.UnmarshalWire(nil); err != nil || !reflect.DeepEqual(full, w) {
			t.Errorf("%s.UnmarshalWire(nil) = %v, leaves %+v", m.name, err, full)
		}
	}
}

// TestNilAndEmptyMessages: a nil repeated element is an empty record, a
// non-nil empty sub-message is an empty record, a nil one is left out, a
// oneof member is written even when empty; all decode as non-nil empty
// messages, as with the generated code.
func TestNilAndEmptyMessages(t *testing.T) {
	conv := newConverter(t)
	cases := []struct {
		name    string
		w       wiremsgMessage
		enc     string // hex
		decoded wiremsgMessage
	}{
		{"nil element", &wiremsg.HeartbeatRequest{Events: []*wiremsg.Event{nil, {RuleId: "x"}}},
			"1a00" + "1a031a0178",
			&wiremsg.HeartbeatRequest{Events: []*wiremsg.Event{{}, {RuleId: "x"}}}},
		{"empty sub-message", &wiremsg.HeartbeatRequest{Metrics: &wiremsg.Metrics{}},
			"2200",
			&wiremsg.HeartbeatRequest{Metrics: &wiremsg.Metrics{}}},
		{"nil sub-message", &wiremsg.Event{Request: nil, Kind: wiremsg.EventKind_EVENT_KIND_AUTH},
			"0802",
			&wiremsg.Event{Kind: wiremsg.EventKind_EVENT_KIND_AUTH}},
		{"empty oneof member", &wiremsg.Command{Action: &wiremsg.Command_Block{Block: &wiremsg.Block{}}},
			"1a00",
			&wiremsg.Command{Action: &wiremsg.Command_Block{Block: &wiremsg.Block{}}}},
		{"nil oneof member", &wiremsg.Command{Action: &wiremsg.Command_SetMode{}},
			"3200",
			&wiremsg.Command{Action: &wiremsg.Command_SetMode{SetMode: &wiremsg.SetMode{}}}},
		{"nil oneof wrapper", &wiremsg.Command{Seq: 1, Action: (*wiremsg.Command_Unblock)(nil)},
			"0801",
			&wiremsg.Command{Seq: 1}},
		{"empty map key and value", &wiremsg.Metrics{NotFoundByIp: map[string]int64{"": 0}},
			"4a040a001000",
			&wiremsg.Metrics{NotFoundByIp: map[string]int64{"": 0}}},
		{"negative int32", &wiremsg.Frame{Line: -1},
			"18ffffffffffffffffff01",
			&wiremsg.Frame{Line: -1}},
	}
	for _, c := range cases {
		enc := c.w.AppendWire(nil)
		if got := hex.EncodeToString(enc); got != c.enc {
			t.Errorf("%s: AppendWire = %s, want %s", c.name, got, c.enc)
		}
		back := reflect.New(reflect.TypeOf(c.w).Elem()).Interface().(wiremsgMessage)
		if err := back.UnmarshalWire(enc); err != nil || !reflect.DeepEqual(back, c.decoded) {
			t.Errorf("%s: UnmarshalWire = %v, %+v, want %+v", c.name, err, back, c.decoded)
		}
		// The generated code agrees on both.
		g := conv.toGen(t, c.w)
		if genc, err := deterministic.Marshal(g); err != nil || !bytes.Equal(genc, enc) {
			t.Errorf("%s: generated encoding %x, %v", c.name, genc, err)
		}
		gb := g.ProtoReflect().New().Interface()
		if err := proto.Unmarshal(enc, gb); err != nil || !proto.Equal(gb, conv.toGen(t, c.decoded)) {
			t.Errorf("%s: generated decoder: %v, %v", c.name, err, gb)
		}
	}
}

// TestInvalidUTF8: strings are written valid (U+FFFD for each invalid
// sequence), so that the generated decoder, which rejects invalid UTF-8,
// accepts them; bytes fields are written as they are; UnmarshalWire keeps
// strings as they are.
func TestInvalidUTF8(t *testing.T) {
	ev := &wiremsg.HeartbeatRequest{
		InstanceId: "ok",
		Events: []*wiremsg.Event{{
			RuleId:     "a\xffb\xfe\xfdc",
			Properties: map[string]string{"k\xc3": "v\xe2\x82", "ok": "\xed\xa0\x80"}, // a truncated sequence, a surrogate
			Request:    &wiremsg.RequestSummary{Headers: map[string]string{"h": "\x80"}, Params: []*wiremsg.Param{{Value: "p\xff"}}},
		}},
		Metrics: &wiremsg.Metrics{NotFoundByIp: map[string]int64{"1.2.3.4\xff": 3}},
	}
	var g wire.HeartbeatRequest
	if err := proto.Unmarshal(ev.AppendWire(nil), &g); err != nil {
		t.Fatalf("the generated decoder rejects AppendWire's bytes: %v", err)
	}
	e := g.Events[0]
	if e.RuleId != "a\uFFFDb\uFFFDc" {
		t.Errorf("RuleId = %q", e.RuleId)
	}
	if e.Properties["k\uFFFD"] != "v\uFFFD" || e.Properties["ok"] != "\uFFFD" {
		t.Errorf("Properties = %q", e.Properties)
	}
	if e.Request.Headers["h"] != "\uFFFD" || e.Request.Params[0].Value != "p\uFFFD" {
		t.Errorf("Request = %v", e.Request)
	}
	if g.Metrics.NotFoundByIp["1.2.3.4\uFFFD"] != 3 {
		t.Errorf("NotFoundByIp = %v", g.Metrics.NotFoundByIp)
	}

	rf := &wiremsg.RuleFile{Name: "n\xff", Content: []byte("\xff\xfe")}
	var grf wire.RuleFile
	if err := proto.Unmarshal(rf.AppendWire(nil), &grf); err != nil || grf.Name != "n\uFFFD" || string(grf.Content) != "\xff\xfe" {
		t.Errorf("RuleFile: %v, %q, %q", err, grf.Name, grf.Content)
	}

	// Decoding keeps an invalid string (the generated decoder rejects it).
	raw := protowire.AppendString(protowire.AppendTag(nil, 2, protowire.BytesType), "\xff")
	var u wiremsg.Unblock
	if err := u.UnmarshalWire(raw); err != nil || u.Value != "\xff" {
		t.Errorf("UnmarshalWire: %v, %q", err, u.Value)
	}
}

// agree decodes b with wiremsg and with the generated decoder and checks
// that both accept it and read the same value.
func agree(t *testing.T, conv *converter, name string, b []byte) wiremsgMessage {
	t.Helper()
	w := newWiremsg(t, name)
	if err := w.UnmarshalWire(b); err != nil {
		t.Fatalf("%s: UnmarshalWire(%x): %v", name, b, err)
	}
	g := conv.toGen(t, newWiremsg(t, name)).ProtoReflect().New().Interface()
	if err := (proto.UnmarshalOptions{DiscardUnknown: true}).Unmarshal(b, g); err != nil {
		t.Fatalf("%s: generated decoder (%x): %v", name, b, err)
	}
	if got := conv.toGen(t, w); !proto.Equal(got, g) {
		t.Fatalf("%s (%x): wiremsg reads\n%v\nthe generated decoder\n%v", name, b, got, g)
	}
	return w
}

func cat(ms ...wiremsgMessage) []byte {
	var b []byte
	for _, m := range ms {
		b = m.AppendWire(b)
	}
	return b
}

// TestMergeSemantics: concatenated encodings merge as in proto.
func TestMergeSemantics(t *testing.T) {
	conv := newConverter(t)

	// A scalar given twice keeps the last value; a message field given
	// twice is merged; repeated fields and maps append.
	w := agree(t, conv, "Event", cat(
		&wiremsg.Event{RuleId: "first", Request: &wiremsg.RequestSummary{Method: "GET", Headers: map[string]string{"a": "1", "b": "2"}}, Stack: []*wiremsg.Frame{{Line: 1}}},
		&wiremsg.Event{RuleId: "second", Request: &wiremsg.RequestSummary{Path: "/x", Headers: map[string]string{"b": "3"}}, Stack: []*wiremsg.Frame{{Line: 2}}},
	)).(*wiremsg.Event)
	want := &wiremsg.Event{RuleId: "second", Request: &wiremsg.RequestSummary{Method: "GET", Path: "/x", Headers: map[string]string{"a": "1", "b": "3"}}, Stack: []*wiremsg.Frame{{Line: 1}, {Line: 2}}}
	if !reflect.DeepEqual(w, want) {
		t.Errorf("merged Event = %+v", w)
	}

	// A oneof member given twice is merged; another member replaces it.
	c := agree(t, conv, "Command", cat(
		&wiremsg.Command{Action: &wiremsg.Command_Block{Block: &wiremsg.Block{Value: "1.2.3.4"}}},
		&wiremsg.Command{Action: &wiremsg.Command_Block{Block: &wiremsg.Block{Reason: "scan"}}},
	)).(*wiremsg.Command)
	if b := c.GetBlock(); b == nil || b.Value != "1.2.3.4" || b.Reason != "scan" {
		t.Errorf("merged Block = %+v", b)
	}
	c = agree(t, conv, "Command", cat(
		&wiremsg.Command{Seq: 4, Action: &wiremsg.Command_Block{Block: &wiremsg.Block{Value: "1.2.3.4"}}},
		&wiremsg.Command{Action: &wiremsg.Command_Unblock{Unblock: &wiremsg.Unblock{Value: "5.6.7.8"}}},
	)).(*wiremsg.Command)
	if c.GetBlock() != nil || c.GetUnblock().GetValue() != "5.6.7.8" || c.Seq != 4 {
		t.Errorf("last oneof member: %+v", c)
	}

	// Map entries with a missing key or value, unknown fields inside, and
	// the key after the value.
	entry := func(fields ...[]byte) []byte {
		e := bytes.Join(fields, nil)
		return protowire.AppendBytes(protowire.AppendTag(nil, 12, protowire.BytesType), e)
	}
	key := protowire.AppendString(protowire.AppendTag(nil, 1, protowire.BytesType), "k")
	val := protowire.AppendString(protowire.AppendTag(nil, 2, protowire.BytesType), "v")
	unknown := protowire.AppendVarint(protowire.AppendTag(nil, 7, protowire.VarintType), 9)
	w = agree(t, conv, "Event", bytes.Join([][]byte{
		entry(key),
		entry(val),
		entry(val, unknown, key),
		entry(),
	}, nil)).(*wiremsg.Event)
	if !reflect.DeepEqual(w.Properties, map[string]string{"k": "v", "": ""}) {
		t.Errorf("Properties = %q", w.Properties)
	}

	// Unknown fields of every wire type are skipped, groups whole.
	var u []byte
	u = protowire.AppendVarint(protowire.AppendTag(u, 100, protowire.VarintType), 1)
	u = protowire.AppendFixed32(protowire.AppendTag(u, 101, protowire.Fixed32Type), 1)
	u = protowire.AppendFixed64(protowire.AppendTag(u, 102, protowire.Fixed64Type), 1)
	u = protowire.AppendBytes(protowire.AppendTag(u, 103, protowire.BytesType), []byte("xyz"))
	u = protowire.AppendTag(u, 104, protowire.StartGroupType)
	u = protowire.AppendVarint(protowire.AppendTag(u, 1, protowire.VarintType), 1)
	u = protowire.AppendTag(u, 104, protowire.EndGroupType)
	b := (&wiremsg.Block{Value: "v"}).AppendWire(u)
	if blk := agree(t, conv, "Block", b).(*wiremsg.Block); blk.Value != "v" {
		t.Errorf("Block = %+v", blk)
	}
	// Inside a nested message too.
	b = protowire.AppendBytes(protowire.AppendTag(u, 3, protowire.BytesType), b) // Command.block
	b = protowire.AppendBytes(protowire.AppendTag(u, 3, protowire.BytesType), b) // HeartbeatResponse.commands
	if r := agree(t, conv, "HeartbeatResponse", b).(*wiremsg.HeartbeatResponse); r.Commands[0].GetBlock().GetValue() != "v" {
		t.Errorf("HeartbeatResponse = %+v", r)
	}
}

// TestMalformed: errors name the message and the field.
func TestMalformed(t *testing.T) {
	tag := protowire.AppendTag
	cmd := func(b []byte) []byte { return protowire.AppendBytes(tag(nil, 3, protowire.BytesType), b) }
	cases := []struct {
		name string
		msg  wiremsgMessage
		b    []byte
		want string
	}{
		{"wrong wire type", &wiremsg.HeartbeatResponse{}, protowire.AppendVarint(tag(nil, 3, protowire.VarintType), 1),
			"wiremsg: HeartbeatResponse field 3 (commands): wrong wire type"},
		{"wrong wire type, scalar", &wiremsg.HeartbeatResponse{}, protowire.AppendBytes(tag(nil, 4, protowire.BytesType), nil),
			"wiremsg: HeartbeatResponse field 4 (cursor): wrong wire type"},
		{"nested", &wiremsg.HeartbeatResponse{}, cmd(protowire.AppendBytes(tag(nil, 3, protowire.BytesType), protowire.AppendFixed32(tag(nil, 1, protowire.Fixed32Type), 1))),
			"wiremsg: HeartbeatResponse field 3 (commands): Command field 3 (block): Block field 1 (kind): wrong wire type"},
		{"group for a known field", &wiremsg.LoginResponse{}, tag(tag(nil, 3, protowire.StartGroupType), 3, protowire.EndGroupType),
			"wiremsg: LoginResponse field 3 (commands): wrong wire type"},
		{"map entry", &wiremsg.SetHeaders{}, protowire.AppendBytes(tag(nil, 1, protowire.BytesType), protowire.AppendVarint(tag(nil, 2, protowire.VarintType), 1)),
			"wiremsg: SetHeaders field 1 (headers): map entry field 2 (value): wrong wire type"},
		{"truncated length", &wiremsg.LoginResponse{}, []byte{0x1a, 0x05, 0x08},
			"wiremsg: LoginResponse field 3 (commands): unexpected EOF"},
		{"huge length", &wiremsg.LoginResponse{}, []byte{0x1a, 0xff, 0xff, 0xff, 0xff, 0x0f},
			"wiremsg: LoginResponse field 3 (commands): unexpected EOF"},
		{"truncated varint", &wiremsg.LoginResponse{}, []byte{0x10, 0xff},
			"wiremsg: LoginResponse field 2 (heartbeat_interval_ms): unexpected EOF"},
		{"varint overflow", &wiremsg.LoginResponse{}, append([]byte{0x10}, bytes.Repeat([]byte{0xff}, 10)...),
			"wiremsg: LoginResponse field 2 (heartbeat_interval_ms): variable length integer overflow"},
		{"truncated tag", &wiremsg.LoginResponse{}, []byte{0x80},
			"wiremsg: LoginResponse: bad field tag: unexpected EOF"},
		{"field number 0", &wiremsg.LoginResponse{}, []byte{0x00, 0x00},
			"wiremsg: LoginResponse: bad field tag: invalid field number"},
		{"field number too large", &wiremsg.LoginResponse{}, protowire.AppendVarint(tag(nil, protowire.MaxValidNumber+1, protowire.VarintType), 1),
			"wiremsg: LoginResponse field 536870912: invalid field number"},
		{"unknown field truncated", &wiremsg.LoginResponse{}, []byte{0xa2, 0x06, 0x03},
			"wiremsg: LoginResponse field 100: unexpected EOF"},
		{"lone end group", &wiremsg.LogoutResponse{}, tag(nil, 5, protowire.EndGroupType),
			"wiremsg: LogoutResponse field 5: mismatching end group marker"},
		{"unterminated group", &wiremsg.LogoutResponse{}, tag(nil, 5, protowire.StartGroupType),
			"wiremsg: LogoutResponse field 5: unexpected EOF"},
	}
	for _, c := range cases {
		err := c.msg.UnmarshalWire(c.b)
		if err == nil || err.Error() != c.want {
			t.Errorf("%s: UnmarshalWire(%x) = %v, want %q", c.name, c.b, err, c.want)
		}
	}
}

// TestMalformedAllocations: a length beyond the input allocates nothing
// for it.
func TestMalformedAllocations(t *testing.T) {
	b := []byte{0x1a, 0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2, 3}
	var m wiremsg.LoginResponse
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range 100 {
		if m.UnmarshalWire(b) == nil {
			t.Fatal("no error")
		}
	}
	runtime.ReadMemStats(&after)
	if n := after.TotalAlloc - before.TotalAlloc; n > 100*1024 {
		t.Errorf("%d bytes allocated for 100 decodes of %d bytes", n, len(b))
	}
}

// TestTruncated cuts valid encodings at every position: no panic, and the
// two decoders agree on whether the prefix decodes and on its value.
func TestTruncated(t *testing.T) {
	conv := newConverter(t)
	for _, m := range genMessages(t) {
		for variant := range 2 {
			enc := populated(t, m.name, variant).AppendWire(nil)
			for cut := range len(enc) {
				compareDecoders(t, conv, m.desc, m.name, enc[:cut])
			}
		}
	}
}

// TestCorrupted changes each byte of valid encodings of the replies the
// agent decodes to a few values.
func TestCorrupted(t *testing.T) {
	conv := newConverter(t)
	for _, name := range []string{"HeartbeatResponse", "LoginResponse"} {
		m := genMessages(t)[slicesIndex(genMessages(t), name)]
		enc := populated(t, name, 3).AppendWire(nil)
		b := make([]byte, len(enc))
		for i := range enc {
			for _, v := range []byte{0x00, 0x07, 0x7f, 0x80, 0xff, enc[i] ^ 0x07} {
				copy(b, enc)
				b[i] = v
				compareDecoders(t, conv, m.desc, name, b)
			}
		}
	}
}

func slicesIndex(ms []genMessage, name string) int {
	for i, m := range ms {
		if m.name == name {
			return i
		}
	}
	panic(name)
}

// compareDecoders decodes b with wiremsg and the generated decoder. When
// the generated decoder accepts b, wiremsg must read the same value, or
// reject b for a known field with the wrong wire type (which the generated
// decoder keeps as an unknown field); then AppendWire must also write the
// generated deterministic encoding of the value. The reverse (wiremsg
// accepts what the generated decoder rejects) happens with invalid UTF-8,
// which wiremsg does not check.
func compareDecoders(t testing.TB, conv *converter, md protoreflect.MessageDescriptor, name string, b []byte) {
	t.Helper()
	w := newWiremsg(t, name)
	werr := w.UnmarshalWire(b)
	g := conv.toGen(t, newWiremsg(t, name)).ProtoReflect().New().Interface()
	if gerr := (proto.UnmarshalOptions{DiscardUnknown: true}).Unmarshal(b, g); gerr != nil {
		return
	}
	if werr != nil {
		if strings.Contains(werr.Error(), "wrong wire type") && wrongWireType(md, b) {
			return
		}
		t.Fatalf("%s: the generated decoder accepts %x, UnmarshalWire: %v", name, b, werr)
	}
	if got := conv.toGen(t, w); !proto.Equal(got, g) {
		t.Fatalf("%s (%x): wiremsg reads\n%v\nthe generated decoder\n%v", name, b, got, g)
	}
	genc, err := deterministic.Marshal(g)
	if err != nil {
		t.Fatal(err)
	}
	if enc := w.AppendWire(nil); !bytes.Equal(enc, genc) {
		t.Fatalf("%s (%x): AppendWire %x, generated %x", name, b, enc, genc)
	}
}

func TestMetricsClone(t *testing.T) {
	if (*wiremsg.Metrics)(nil).Clone() != nil {
		t.Error("nil Clone is not nil")
	}
	m := populated(t, "Metrics", 0).(*wiremsg.Metrics)
	m.Hooks = append(m.Hooks, nil)
	c := m.Clone()
	if !reflect.DeepEqual(c, m) {
		t.Fatalf("Clone = %+v, want %+v", c, m)
	}
	c.Hooks[0].Calls++
	c.Hooks[1] = nil
	c.NotFoundByIp["new"] = 1
	c.Requests++
	if reflect.DeepEqual(c, m) || m.Hooks[1] == nil || m.NotFoundByIp["new"] != 0 {
		t.Errorf("Clone shares state with the original")
	}
	if c := (&wiremsg.Metrics{}).Clone(); !reflect.DeepEqual(c, &wiremsg.Metrics{}) {
		t.Errorf("empty Clone = %+v", c)
	}
}
