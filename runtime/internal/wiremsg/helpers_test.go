package wiremsg_test

// Test helpers: the list of wiremsg's types, the generated code's types
// found from the descriptors of runtime/wire, a reflection-based filler
// that populates any wiremsg message, and a reflection-based converter from
// a wiremsg value to the generated one.

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"

	"github.com/sqreen-go/sqreen/runtime/internal/wiremsg"
	"github.com/sqreen-go/sqreen/runtime/wire"
)

// wiremsgTypes lists the types of wiremsg; reflection cannot enumerate a
// package's types, so TestExportedNames checks this list against the
// package's source.
var wiremsgTypes = typeMap(
	wiremsg.LoginRequest{},
	wiremsg.Dependency{},
	wiremsg.Site{},
	wiremsg.LoginResponse{},
	wiremsg.HeartbeatRequest{},
	wiremsg.Event{},
	wiremsg.RequestSummary{},
	wiremsg.Param{},
	wiremsg.Evidence{},
	wiremsg.Frame{},
	wiremsg.Metrics{},
	wiremsg.HookTiming{},
	wiremsg.CommandAck{},
	wiremsg.HeartbeatResponse{},
	wiremsg.Command{},
	wiremsg.Command_ReplaceRules{},
	wiremsg.Command_Block{},
	wiremsg.Command_Unblock{},
	wiremsg.Command_SetBudget{},
	wiremsg.Command_SetMode{},
	wiremsg.Command_SetHeaders{},
	wiremsg.Command_SetHeartbeatInterval{},
	wiremsg.RuleFile{},
	wiremsg.ReplaceRules{},
	wiremsg.Block{},
	wiremsg.Unblock{},
	wiremsg.SetBudget{},
	wiremsg.SetMode{},
	wiremsg.SetHeaders{},
	wiremsg.SetHeartbeatInterval{},
	wiremsg.LogoutRequest{},
	wiremsg.LogoutResponse{},
	wiremsg.EventKind(0),
	wiremsg.BlockKind(0),
	wiremsg.Mode(0),
	(*wiremsg.Marshaler)(nil),
	(*wiremsg.Unmarshaler)(nil),
)

func typeMap(vs ...any) map[string]reflect.Type {
	m := make(map[string]reflect.Type)
	for _, v := range vs {
		t := reflect.TypeOf(v)
		if t.Kind() == reflect.Pointer { // an interface
			t = t.Elem()
		}
		m[t.Name()] = t
	}
	return m
}

// wiremsgMessage is what every wiremsg message implements.
type wiremsgMessage interface {
	wiremsg.Marshaler
	wiremsg.Unmarshaler
}

// genMessage describes one message of runtime/wire.
type genMessage struct {
	name string // the Go type's name, also wiremsg's
	desc protoreflect.MessageDescriptor
	typ  reflect.Type // the generated struct type
}

// genMessages returns the messages of agent.proto (map entries excluded),
// in the order of the proto file.
func genMessages(t testing.TB) []genMessage {
	var out []genMessage
	var walk func(protoreflect.MessageDescriptors)
	walk = func(mds protoreflect.MessageDescriptors) {
		for i := range mds.Len() {
			md := mds.Get(i)
			if md.IsMapEntry() {
				continue
			}
			mt, err := protoregistry.GlobalTypes.FindMessageByName(md.FullName())
			if err != nil {
				t.Fatal(err)
			}
			typ := reflect.TypeOf(mt.Zero().Interface()).Elem()
			out = append(out, genMessage{name: typ.Name(), desc: md, typ: typ})
			walk(md.Messages())
		}
	}
	walk(wire.File_agent_proto.Messages())
	if len(out) == 0 {
		t.Fatal("no messages in wire.File_agent_proto")
	}
	return out
}

// genEnum describes one enum of runtime/wire.
type genEnum struct {
	name   string // the Go type's name
	prefix string // the prefix of its values' Go names
	desc   protoreflect.EnumDescriptor
	typ    reflect.Type
}

func genEnums(t testing.TB) []genEnum {
	var eds []protoreflect.EnumDescriptor
	for i := range wire.File_agent_proto.Enums().Len() {
		eds = append(eds, wire.File_agent_proto.Enums().Get(i))
	}
	for _, m := range genMessages(t) {
		for i := range m.desc.Enums().Len() {
			eds = append(eds, m.desc.Enums().Get(i))
		}
	}
	var out []genEnum
	for _, ed := range eds {
		et, err := protoregistry.GlobalTypes.FindEnumByName(ed.FullName())
		if err != nil {
			t.Fatal(err)
		}
		typ := reflect.TypeOf(et.New(0))
		// protoc-gen-go names a top-level enum's values Enum_VALUE and a
		// nested enum's values Parent_VALUE.
		prefix := typ.Name()
		if _, nested := ed.Parent().(protoreflect.MessageDescriptor); nested {
			prefix = strings.TrimSuffix(prefix, "_"+string(ed.Name()))
		}
		out = append(out, genEnum{name: typ.Name(), prefix: prefix, desc: ed, typ: typ})
	}
	return out
}

// oneofField returns the struct field of the generated type that holds the
// oneof od.
func oneofField(t testing.TB, typ reflect.Type, od protoreflect.OneofDescriptor) reflect.StructField {
	for i := range typ.NumField() {
		f := typ.Field(i)
		if f.Tag.Get("protobuf_oneof") == string(od.Name()) {
			return f
		}
	}
	t.Fatalf("%s: no field for oneof %s", typ.Name(), od.Name())
	return reflect.StructField{}
}

// genWrappers returns the generated oneof wrapper types (such as
// *wire.Command_Block) by name, found by setting each oneof member through
// protoreflect and looking at the Go value it makes.
func genWrappers(t testing.TB) map[string]reflect.Type {
	out := make(map[string]reflect.Type)
	for _, m := range genMessages(t) {
		for i := range m.desc.Oneofs().Len() {
			od := m.desc.Oneofs().Get(i)
			if od.IsSynthetic() {
				continue
			}
			f := oneofField(t, m.typ, od)
			for j := range od.Fields().Len() {
				fd := od.Fields().Get(j)
				pm := reflect.New(m.typ).Interface().(proto.Message).ProtoReflect()
				pm.Set(fd, pm.NewField(fd))
				w := reflect.ValueOf(pm.Interface()).Elem().FieldByIndex(f.Index).Elem().Type()
				out[w.Elem().Name()] = w
			}
		}
	}
	return out
}

// goFieldName returns the Go name of the field fd of the generated struct
// typ (or of one of its oneof wrappers), from the struct tags.
func goFieldName(t testing.TB, typ reflect.Type, fd protoreflect.FieldDescriptor) string {
	structs := []reflect.Type{typ}
	if od := fd.ContainingOneof(); od != nil && !od.IsSynthetic() {
		for _, w := range genWrappers(t) {
			structs = append(structs, w.Elem())
		}
	}
	for _, st := range structs {
		for i := range st.NumField() {
			f := st.Field(i)
			for _, part := range strings.Split(f.Tag.Get("protobuf"), ",") {
				if part == "name="+string(fd.Name()) && protoreflect.FieldNumber(tagNumber(f.Tag.Get("protobuf"))) == fd.Number() {
					return f.Name
				}
			}
		}
	}
	t.Fatalf("%s: no Go field for %s", typ.Name(), fd.FullName())
	return ""
}

func tagNumber(tag string) int {
	parts := strings.Split(tag, ",")
	if len(parts) < 2 {
		return 0
	}
	var n int
	fmt.Sscan(parts[1], &n)
	return n
}

// newWiremsg returns a new wiremsg message of the given name.
func newWiremsg(t testing.TB, name string) wiremsgMessage {
	typ, ok := wiremsgTypes[name]
	if !ok {
		t.Fatalf("wiremsg has no type %s", name)
	}
	m, ok := reflect.New(typ).Interface().(wiremsgMessage)
	if !ok {
		t.Fatalf("*wiremsg.%s is not a message", name)
	}
	return m
}

// ---- Filler ----

// filler populates wiremsg values by reflection, so that a field added to
// a type is covered without changing the tests.
type filler struct {
	n       int        // a counter that makes values distinct
	variant int        // rotates the oneof members
	rnd     *rand.Rand // nil: every field non-zero, with 3 elements per list
}

// oneofCases returns the wiremsg wrapper types (pointers) that implement
// the oneof interface it, sorted by name.
func oneofCases(it reflect.Type) []reflect.Type {
	var out []reflect.Type
	for _, typ := range wiremsgTypes {
		if typ.Kind() == reflect.Struct && reflect.PointerTo(typ).Implements(it) {
			out = append(out, reflect.PointerTo(typ))
		}
	}
	slices.SortFunc(out, func(a, b reflect.Type) int { return strings.Compare(a.String(), b.String()) })
	return out
}

func (f *filler) intn(n int) int {
	if f.rnd == nil {
		return f.n % n
	}
	return f.rnd.IntN(n)
}

// zero reports whether a random filler leaves this value out.
func (f *filler) zero() bool { return f.rnd != nil && f.rnd.IntN(4) == 0 }

// listLen returns the length of a list or map.
func (f *filler) listLen() int {
	if f.rnd == nil {
		return 3
	}
	return f.rnd.IntN(4)
}

var samples = []string{"", "a", "é", "☃ snow", "with\nnewline", "\x00nul", strings.Repeat("long ", 40), "𝄞"}

func (f *filler) string(prefix string) string {
	f.n++
	if f.rnd != nil {
		return samples[f.rnd.IntN(len(samples))]
	}
	return fmt.Sprintf("%s-%d-é☃", prefix, f.n)
}

func (f *filler) int(bits int) int64 {
	f.n++
	if f.rnd != nil {
		switch f.rnd.IntN(4) {
		case 0:
			return 0
		case 1:
			return -f.rnd.Int64N(1 << (bits - 2))
		case 2:
			return f.rnd.Int64N(128)
		}
		return f.rnd.Int64N(1 << (bits - 2))
	}
	switch f.n % 4 {
	case 0:
		return -int64(f.n) // negative: a 10-byte varint
	case 1:
		return int64(f.n)
	case 2:
		return int64(f.n) << (bits - 8)
	}
	return int64(f.n) * 1000
}

// fill populates v, a settable value of a wiremsg type.
func (f *filler) fill(v reflect.Value, name string) {
	t := v.Type()
	switch t.Kind() {
	case reflect.Struct:
		for i := range t.NumField() {
			if f.zero() {
				continue
			}
			f.fill(v.Field(i), t.Field(i).Name)
		}
	case reflect.Pointer:
		p := reflect.New(t.Elem())
		f.fill(p.Elem(), name)
		v.Set(p)
	case reflect.String:
		v.SetString(f.string(name))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int32:
		if t.PkgPath() != "" { // an enum: a non-zero value it has
			f.n++
			v.SetInt(int64(1 + f.intn(3)))
			return
		}
		v.SetInt(f.int(32))
	case reflect.Int64:
		v.SetInt(f.int(64))
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			f.n++
			v.SetBytes(fmt.Appendf(nil, "%s-%d\x00\xff\xfe", name, f.n)) // bytes need not be UTF-8
			return
		}
		n := f.listLen()
		if n == 0 {
			return // nil, as decoded
		}
		s := reflect.MakeSlice(t, n, n)
		for i := range n {
			f.fill(s.Index(i), name)
		}
		v.Set(s)
	case reflect.Map:
		n := f.listLen()
		if n == 0 {
			return // nil, as decoded
		}
		m := reflect.MakeMapWithSize(t, n+1)
		for range n {
			k := reflect.New(t.Key()).Elem()
			f.fill(k, name+"-key")
			e := reflect.New(t.Elem()).Elem()
			f.fill(e, name+"-value")
			m.SetMapIndex(k, e)
		}
		if f.rnd == nil {
			// An entry with an empty key and a zero value: both are
			// still written in the entry.
			m.SetMapIndex(reflect.New(t.Key()).Elem(), reflect.New(t.Elem()).Elem())
		}
		v.Set(m)
	case reflect.Interface: // a oneof
		cases := oneofCases(t)
		c := cases[(f.variant+f.intn(len(cases)))%len(cases)]
		w := reflect.New(c.Elem())
		f.fill(w.Elem().Field(0), name) // never left nil
		v.Set(w)
	default:
		panic("filler: unexpected kind " + t.Kind().String())
	}
}

// populated returns a wiremsg message of the given name with every field
// non-zero and the oneofs starting at member number variant.
func populated(t testing.TB, name string, variant int) wiremsgMessage {
	m := newWiremsg(t, name)
	f := &filler{variant: variant}
	f.fill(reflect.ValueOf(m).Elem(), name)
	return m
}

// random returns a wiremsg message of the given name filled at random.
func random(t testing.TB, name string, rnd *rand.Rand) wiremsgMessage {
	m := newWiremsg(t, name)
	f := &filler{rnd: rnd}
	f.fill(reflect.ValueOf(m).Elem(), name)
	return m
}

// ---- Converter ----

// converter converts wiremsg values to the generated types, matching
// struct fields by name.
type converter struct {
	wrappers map[string]reflect.Type // generated oneof wrappers by name
}

func newConverter(t testing.TB) *converter { return &converter{wrappers: genWrappers(t)} }

// toGen converts the wiremsg message m to the generated message of the
// same name.
func (c *converter) toGen(t testing.TB, m any) proto.Message {
	mt, err := protoregistry.GlobalTypes.FindMessageByName(protoreflect.FullName("sqreen.agent.v1." + reflect.TypeOf(m).Elem().Name()))
	if err != nil {
		t.Fatal(err)
	}
	gt := reflect.TypeOf(mt.Zero().Interface())
	return c.convert(t, reflect.ValueOf(m), gt).Interface().(proto.Message)
}

func (c *converter) convert(t testing.TB, src reflect.Value, dt reflect.Type) reflect.Value {
	switch src.Kind() {
	case reflect.Pointer:
		if src.IsNil() {
			return reflect.Zero(dt)
		}
		dst := reflect.New(dt.Elem())
		st := src.Elem().Type()
		for i := range st.NumField() {
			sf := st.Field(i)
			df, ok := dt.Elem().FieldByName(sf.Name)
			if !ok || !df.IsExported() {
				t.Fatalf("generated %s has no field %s", dt.Elem().Name(), sf.Name)
			}
			dst.Elem().FieldByIndex(df.Index).Set(c.convert(t, src.Elem().Field(i), df.Type))
		}
		return dst
	case reflect.Interface: // a oneof
		if src.IsNil() {
			return reflect.Zero(dt)
		}
		w := src.Elem()
		gw, ok := c.wrappers[w.Type().Elem().Name()]
		if !ok {
			t.Fatalf("generated code has no oneof wrapper %s", w.Type().Elem().Name())
		}
		return c.convert(t, w, gw)
	case reflect.Slice:
		if src.IsNil() {
			return reflect.Zero(dt)
		}
		if dt.Elem().Kind() == reflect.Uint8 {
			return reflect.ValueOf(slices.Clone(src.Bytes()))
		}
		dst := reflect.MakeSlice(dt, src.Len(), src.Len())
		for i := range src.Len() {
			dst.Index(i).Set(c.convert(t, src.Index(i), dt.Elem()))
		}
		return dst
	case reflect.Map:
		if src.IsNil() {
			return reflect.Zero(dt)
		}
		dst := reflect.MakeMapWithSize(dt, src.Len())
		for it := src.MapRange(); it.Next(); {
			dst.SetMapIndex(c.convert(t, it.Key(), dt.Key()), c.convert(t, it.Value(), dt.Elem()))
		}
		return dst
	case reflect.String, reflect.Bool, reflect.Int32, reflect.Int64:
		if src.Kind() != dt.Kind() {
			t.Fatalf("kind %s, generated %s", src.Kind(), dt.Kind())
		}
		return src.Convert(dt)
	}
	t.Fatalf("converter: unexpected kind %s", src.Kind())
	return reflect.Value{}
}

// ---- Wire walker ----

// wrongWireType reports whether b, an encoding of the message md, has a
// known field with a wire type that does not fit the field (at any depth).
// The generated decoder keeps such a field as an unknown field; wiremsg
// rejects the message.
func wrongWireType(md protoreflect.MessageDescriptor, b []byte) bool {
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return false
		}
		b = b[n:]
		if fd := md.Fields().ByNumber(num); fd != nil {
			want := protowire.VarintType
			switch fd.Kind() {
			case protoreflect.StringKind, protoreflect.BytesKind, protoreflect.MessageKind:
				want = protowire.BytesType
			case protoreflect.Fixed32Kind, protoreflect.Sfixed32Kind, protoreflect.FloatKind:
				want = protowire.Fixed32Type
			case protoreflect.Fixed64Kind, protoreflect.Sfixed64Kind, protoreflect.DoubleKind:
				want = protowire.Fixed64Type
			}
			if typ != want {
				return true
			}
			if fd.Kind() == protoreflect.MessageKind {
				v, n := protowire.ConsumeBytes(b)
				if n < 0 {
					return false
				}
				if wrongWireType(fd.Message(), v) {
					return true
				}
			}
		}
		n = protowire.ConsumeFieldValue(num, typ, b)
		if n < 0 {
			return false
		}
		b = b[n:]
	}
	return false
}
