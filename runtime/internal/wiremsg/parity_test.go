package wiremsg_test

// Parity of the API with the generated code: the expected types, fields,
// enum values and getters are derived from runtime/wire's descriptors and
// Go types, so a field or message added to agent.proto (and regenerated)
// fails these tests until wiremsg has it too.

import (
	"go/ast"
	"go/constant"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path"
	"reflect"
	"slices"
	"strings"
	"testing"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// shape describes a Go type without its package: "*Event", "[]*Frame",
// "map[string]int64", "EventKind(int32)".
func shape(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Pointer:
		return "*" + shape(t.Elem())
	case reflect.Slice:
		return "[]" + shape(t.Elem())
	case reflect.Map:
		return "map[" + shape(t.Key()) + "]" + shape(t.Elem())
	}
	if t.PkgPath() != "" {
		return t.Name() + "(" + t.Kind().String() + ")"
	}
	return t.Name()
}

type fieldShape struct{ name, shape string }

// exportedFields returns the exported fields of a struct type, in order,
// and the names of its unexported ones.
func exportedFields(t reflect.Type) (exported []fieldShape, unexported []string) {
	for i := range t.NumField() {
		f := t.Field(i)
		if f.IsExported() {
			exported = append(exported, fieldShape{f.Name, shape(f.Type)})
		} else {
			unexported = append(unexported, f.Name)
		}
	}
	return exported, unexported
}

func compareStructs(t *testing.T, name string, gen, wm reflect.Type) {
	t.Helper()
	want, _ := exportedFields(gen)
	got, hidden := exportedFields(wm)
	if len(hidden) > 0 {
		t.Errorf("wiremsg.%s has unexported fields %v", name, hidden)
	}
	if !slices.Equal(got, want) {
		t.Errorf("wiremsg.%s fields:\n got  %v\n want %v (from the generated code)", name, got, want)
	}
}

func TestMessageParity(t *testing.T) {
	for _, m := range genMessages(t) {
		wm, ok := wiremsgTypes[m.name]
		if !ok || wm.Kind() != reflect.Struct {
			t.Errorf("wiremsg has no struct type %s (message %s)", m.name, m.desc.FullName())
			continue
		}
		compareStructs(t, m.name, m.typ, wm)
	}
	for name, gw := range genWrappers(t) {
		wm, ok := wiremsgTypes[name]
		if !ok || wm.Kind() != reflect.Struct {
			t.Errorf("wiremsg has no oneof wrapper type %s", name)
			continue
		}
		compareStructs(t, name, gw.Elem(), wm)
	}
}

// TestOneofParity checks that each generated oneof wrapper's wiremsg
// counterpart fits the wiremsg oneof field.
func TestOneofParity(t *testing.T) {
	for _, m := range genMessages(t) {
		for i := range m.desc.Oneofs().Len() {
			od := m.desc.Oneofs().Get(i)
			gf := oneofField(t, m.typ, od)
			wf, ok := wiremsgTypes[m.name].FieldByName(gf.Name)
			if !ok || wf.Type.Kind() != reflect.Interface {
				t.Errorf("wiremsg.%s has no oneof field %s", m.name, gf.Name)
				continue
			}
			var members []string
			for name, gw := range genWrappers(t) {
				if gw.Implements(gf.Type) {
					members = append(members, name)
					if wm, ok := wiremsgTypes[name]; !ok || !reflect.PointerTo(wm).Implements(wf.Type) {
						t.Errorf("*wiremsg.%s does not implement the type of wiremsg.%s.%s", name, m.name, gf.Name)
					}
				}
			}
			if len(members) != od.Fields().Len() {
				t.Errorf("%s: %d wrappers for %d members", od.FullName(), len(members), od.Fields().Len())
			}
			if got := len(oneofCases(wf.Type)); got != len(members) {
				t.Errorf("wiremsg.%s.%s: %d wrapper types, want %d", m.name, gf.Name, got, len(members))
			}
		}
	}
}

// wiremsgSource type-checks the package's non-test files (imports are
// stubbed: only the package's own declarations matter here).
func wiremsgSource(t *testing.T) *types.Package {
	fset := token.NewFileSet()
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	var files []*ast.File
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, e.Name(), nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	conf := types.Config{
		Importer: importerFunc(func(p string) (*types.Package, error) {
			pkg := types.NewPackage(p, path.Base(p))
			pkg.MarkComplete()
			return pkg, nil
		}),
		Error: func(error) {}, // the stubbed imports do not resolve
	}
	pkg, _ := conf.Check("github.com/sqreen-go/sqreen/runtime/internal/wiremsg", fset, files, nil)
	return pkg
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

func TestEnumParity(t *testing.T) {
	scope := wiremsgSource(t).Scope()
	for _, e := range genEnums(t) {
		wm, ok := wiremsgTypes[e.name]
		if !ok || wm.Kind() != e.typ.Kind() {
			t.Errorf("wiremsg has no type %s of kind %s", e.name, e.typ.Kind())
			continue
		}
		want := map[string]int64{}
		for i := range e.desc.Values().Len() {
			v := e.desc.Values().Get(i)
			want[e.prefix+"_"+string(v.Name())] = int64(v.Number())
		}
		got := map[string]int64{}
		for _, name := range scope.Names() {
			c, ok := scope.Lookup(name).(*types.Const)
			if !ok {
				continue
			}
			if named, ok := c.Type().(*types.Named); ok && named.Obj().Name() == e.name {
				n, _ := constant.Int64Val(c.Val())
				got[name] = n
			}
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("wiremsg.%s constants:\n got  %v\n want %v", e.name, got, want)
		}
	}
}

// TestExportedNames checks that wiremsg exports exactly the generated
// code's message, oneof wrapper and enum types, the enum values, and the
// Marshaler and Unmarshaler interfaces, and that wiremsgTypes lists every
// type.
func TestExportedNames(t *testing.T) {
	want := []string{"Marshaler", "Unmarshaler"}
	for _, m := range genMessages(t) {
		want = append(want, m.name)
	}
	for name := range genWrappers(t) {
		want = append(want, name)
	}
	for _, e := range genEnums(t) {
		want = append(want, e.name)
		for i := range e.desc.Values().Len() {
			want = append(want, e.prefix+"_"+string(e.desc.Values().Get(i).Name()))
		}
	}
	slices.Sort(want)

	scope := wiremsgSource(t).Scope()
	var got, gotTypes []string
	for _, name := range scope.Names() {
		if !token.IsExported(name) {
			continue
		}
		got = append(got, name)
		if _, ok := scope.Lookup(name).(*types.TypeName); ok {
			gotTypes = append(gotTypes, name)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("wiremsg's exported names:\n got  %v\n want %v", got, want)
	}
	var listed []string
	for name := range wiremsgTypes {
		listed = append(listed, name)
	}
	slices.Sort(listed)
	if !slices.Equal(listed, gotTypes) {
		t.Errorf("the tests' wiremsgTypes lists %v, the package declares %v", listed, gotTypes)
	}
}

// scalarGetters are the getters of scalar fields wiremsg has: those the
// agent uses.
var scalarGetters = map[string][]string{
	"Metrics": {"GetRequests", "GetEventsDropped"},
	"Block":   {"GetValue"},
	"Unblock": {"GetValue"},
	"Site":    {"GetHookPoint", "GetPackage", "GetFile", "GetLine", "GetFunction"},
}

// TestGetters checks that each message has a getter, as generated, for
// each message-typed field (singular or repeated, not maps), its oneofs
// and their members, plus scalarGetters, and no other exported method than
// AppendWire, UnmarshalWire and Metrics.Clone; and that the getters are
// nil-safe and return the field.
func TestGetters(t *testing.T) {
	conv := newConverter(t)
	for _, m := range genMessages(t) {
		want := slices.Clone(scalarGetters[m.name])
		for i := range m.desc.Fields().Len() {
			fd := m.desc.Fields().Get(i)
			if fd.Kind() == protoreflect.MessageKind && !fd.IsMap() {
				want = append(want, "Get"+goFieldName(t, m.typ, fd))
			}
		}
		for i := range m.desc.Oneofs().Len() {
			want = append(want, "Get"+oneofField(t, m.typ, m.desc.Oneofs().Get(i)).Name)
		}
		slices.Sort(want)

		wm := reflect.PointerTo(wiremsgTypes[m.name])
		var got []string
		for i := range wm.NumMethod() {
			name := wm.Method(i).Name
			switch {
			case strings.HasPrefix(name, "Get"):
				got = append(got, name)
			case name == "AppendWire", name == "UnmarshalWire", name == "Clone" && m.name == "Metrics":
			default:
				t.Errorf("wiremsg.%s has an unexpected method %s", m.name, name)
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("wiremsg.%s getters:\n got  %v\n want %v", m.name, got, want)
		}

		full := populated(t, m.name, 0)
		gen := reflect.ValueOf(conv.toGen(t, full))
		for _, name := range got {
			gm, ok := reflect.PointerTo(m.typ).MethodByName(name)
			if !ok {
				t.Errorf("generated %s has no method %s", m.name, name)
				continue
			}
			mm, _ := wm.MethodByName(name)
			if shape(mm.Type.Out(0)) != shape(gm.Type.Out(0)) {
				t.Errorf("wiremsg.%s.%s returns %s, generated %s", m.name, name, shape(mm.Type.Out(0)), shape(gm.Type.Out(0)))
			}
			// On nil: the zero value.
			out := mm.Func.Call([]reflect.Value{reflect.Zero(wm)})[0]
			if !out.IsZero() {
				t.Errorf("(*wiremsg.%s)(nil).%s() = %v", m.name, name, out)
			}
			// On a populated value: what the generated getter returns.
			out = mm.Func.Call([]reflect.Value{reflect.ValueOf(full)})[0]
			gout := gen.MethodByName(name).Call(nil)[0]
			if gout.Kind() == reflect.Interface {
				// The oneof: compare the members.
				out, gout = out.Elem(), gout.Elem()
			}
			if out.IsZero() != gout.IsZero() {
				t.Errorf("wiremsg.%s.%s() zero %v, generated zero %v", m.name, name, out.IsZero(), gout.IsZero())
			} else if !out.IsZero() && !equalGen(t, conv, out, gout) {
				t.Errorf("wiremsg.%s.%s() = %v, generated %v", m.name, name, out, gout)
			}
		}
	}
}

// equalGen reports whether the wiremsg value w converts to the generated
// value g.
func equalGen(t *testing.T, conv *converter, w, g reflect.Value) bool {
	return protoEqualValues(conv.convert(t, w, g.Type()), g)
}

// protoEqualValues compares two values of the same generated type: with
// proto.Equal for messages, element by element for lists, through oneof
// wrappers, with reflect.DeepEqual for the rest.
func protoEqualValues(a, b reflect.Value) bool {
	if am, ok := a.Interface().(proto.Message); ok {
		return proto.Equal(am, b.Interface().(proto.Message))
	}
	switch a.Kind() {
	case reflect.Slice:
		if a.Len() != b.Len() {
			return false
		}
		for i := range a.Len() {
			if !protoEqualValues(a.Index(i), b.Index(i)) {
				return false
			}
		}
		return true
	case reflect.Pointer:
		if a.IsNil() || b.IsNil() {
			return a.IsNil() == b.IsNil()
		}
		if a.Elem().Kind() == reflect.Struct && a.Elem().NumField() == 1 {
			return protoEqualValues(a.Elem().Field(0), b.Elem().Field(0))
		}
	}
	return reflect.DeepEqual(a.Interface(), b.Interface())
}
