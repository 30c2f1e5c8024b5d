package wiremsg

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"google.golang.org/protobuf/encoding/protowire"
)

// Marshaler is a message that appends its protobuf encoding to a buffer.
type Marshaler interface {
	// AppendWire appends the message's proto3 binary encoding to b and
	// returns the extended buffer.
	AppendWire(b []byte) []byte
}

// Unmarshaler is a message that decodes itself from its protobuf encoding.
type Unmarshaler interface {
	// UnmarshalWire resets the message and decodes b into it.
	UnmarshalWire(b []byte) error
}

// message is what every message type implements: merge decodes b into the
// message without resetting it first (UnmarshalWire resets, then merges).
type message interface {
	Marshaler
	Unmarshaler
	merge(b []byte) error
}

var (
	_ message = (*LoginRequest)(nil)
	_ message = (*Dependency)(nil)
	_ message = (*Site)(nil)
	_ message = (*LoginResponse)(nil)
	_ message = (*HeartbeatRequest)(nil)
	_ message = (*Event)(nil)
	_ message = (*RequestSummary)(nil)
	_ message = (*Param)(nil)
	_ message = (*Evidence)(nil)
	_ message = (*Frame)(nil)
	_ message = (*Metrics)(nil)
	_ message = (*HookTiming)(nil)
	_ message = (*CommandAck)(nil)
	_ message = (*HeartbeatResponse)(nil)
	_ message = (*Command)(nil)
	_ message = (*RuleFile)(nil)
	_ message = (*ReplaceRules)(nil)
	_ message = (*Block)(nil)
	_ message = (*Unblock)(nil)
	_ message = (*SetBudget)(nil)
	_ message = (*SetMode)(nil)
	_ message = (*SetHeaders)(nil)
	_ message = (*SetHeartbeatInterval)(nil)
	_ message = (*LogoutRequest)(nil)
	_ message = (*LogoutResponse)(nil)
)

// ---- Encoding ----
//
// The append helpers write one field the proto3 way: a scalar, string or
// bytes field equal to its zero value is left out.

// appendString appends a string field. A string that is not valid UTF-8
// is written with each invalid byte sequence replaced by U+FFFD: the
// generated decoder rejects a message with an invalid string.
func appendString(b []byte, num protowire.Number, s string) []byte {
	if s == "" {
		return b
	}
	b = protowire.AppendTag(b, num, protowire.BytesType)
	return protowire.AppendString(b, validUTF8(s))
}

func validUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return strings.ToValidUTF8(s, string(utf8.RuneError))
}

// appendBytes appends a bytes field, as it is.
func appendBytes(b []byte, num protowire.Number, v []byte) []byte {
	if len(v) == 0 {
		return b
	}
	b = protowire.AppendTag(b, num, protowire.BytesType)
	return protowire.AppendBytes(b, v)
}

// appendVarint appends a varint field: int64, bool, or an int32 or enum
// sign-extended to 64 bits (a negative one takes 10 bytes, as in proto).
func appendVarint(b []byte, num protowire.Number, v uint64) []byte {
	if v == 0 {
		return b
	}
	b = protowire.AppendTag(b, num, protowire.VarintType)
	return protowire.AppendVarint(b, v)
}

func appendBool(b []byte, num protowire.Number, v bool) []byte {
	if !v {
		return b
	}
	return appendVarint(b, num, 1)
}

// appendMessage appends a message field: the tag, the length and m's
// encoding, even when m is empty (a nil m encodes as an empty message).
// Callers leave a nil singular message field out themselves.
func appendMessage(b []byte, num protowire.Number, m Marshaler) []byte {
	b = protowire.AppendTag(b, num, protowire.BytesType)
	// Reserve one byte for the length, the common case, then make room
	// for a longer one once the length is known.
	at := len(b)
	b = append(b, 0)
	b = m.AppendWire(b)
	n := len(b) - at - 1
	if n < 0x80 {
		b[at] = byte(n)
		return b
	}
	k := protowire.SizeVarint(uint64(n))
	b = append(b, make([]byte, k-1)...)
	copy(b[at+k:], b[at+1:at+1+n])
	protowire.AppendVarint(b[at:at], uint64(n))
	return b
}

// appendMessages appends a repeated message field, one record per element.
func appendMessages[M Marshaler](b []byte, num protowire.Number, ms []M) []byte {
	for _, m := range ms {
		b = appendMessage(b, num, m)
	}
	return b
}

// sortedKeys returns m's keys, sorted, in keys (cleared first) or a new
// slice if it is too small.
func sortedKeys[V any](keys []string, m map[string]V) []string {
	keys = keys[:0]
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// appendStringMap appends a map<string, string> field: one entry message
// (key = 1, value = 2, both always written) per key, in sorted key order
// so that the output is deterministic.
func appendStringMap(b []byte, num protowire.Number, m map[string]string) []byte {
	if len(m) == 0 {
		return b
	}
	var buf [16]string
	for _, k := range sortedKeys(buf[:0], m) {
		key, val := validUTF8(k), validUTF8(m[k])
		b = protowire.AppendTag(b, num, protowire.BytesType)
		b = protowire.AppendVarint(b, uint64(1+protowire.SizeBytes(len(key))+1+protowire.SizeBytes(len(val))))
		b = protowire.AppendTag(b, 1, protowire.BytesType)
		b = protowire.AppendString(b, key)
		b = protowire.AppendTag(b, 2, protowire.BytesType)
		b = protowire.AppendString(b, val)
	}
	return b
}

// appendInt64Map appends a map<string, int64> field, as appendStringMap.
func appendInt64Map(b []byte, num protowire.Number, m map[string]int64) []byte {
	if len(m) == 0 {
		return b
	}
	var buf [16]string
	for _, k := range sortedKeys(buf[:0], m) {
		key, val := validUTF8(k), uint64(m[k])
		b = protowire.AppendTag(b, num, protowire.BytesType)
		b = protowire.AppendVarint(b, uint64(1+protowire.SizeBytes(len(key))+1+protowire.SizeVarint(val)))
		b = protowire.AppendTag(b, 1, protowire.BytesType)
		b = protowire.AppendString(b, key)
		b = protowire.AppendTag(b, 2, protowire.VarintType)
		b = protowire.AppendVarint(b, val)
	}
	return b
}

// ---- Decoding ----

// unmarshal decodes b into m, which the caller has reset.
func unmarshal(m message, b []byte) error {
	if err := m.merge(b); err != nil {
		return &decodeError{err}
	}
	return nil
}

// decodeError is the error UnmarshalWire returns. Its text names the
// message and the field that does not decode, from the outermost message
// in:
//
//	wiremsg: HeartbeatResponse field 3 (commands): Command field 3 (block): unexpected EOF
type decodeError struct{ err error }

func (e *decodeError) Error() string { return "wiremsg: " + e.err.Error() }

func (e *decodeError) Unwrap() error { return e.err }

// fieldError is a decoding error in one field of a message. Nested
// messages nest their errors: "HeartbeatResponse field 3 (commands):
// Command field 3 (block): unexpected EOF".
type fieldError struct {
	msg  string           // the message's name
	num  protowire.Number // the field's number
	name string           // the field's name, "" for an unknown field
	err  error
}

func (e *fieldError) Error() string {
	s := e.msg + " field " + strconv.Itoa(int(e.num))
	if e.name != "" {
		s += " (" + e.name + ")"
	}
	return s + ": " + e.err.Error()
}

func (e *fieldError) Unwrap() error { return e.err }

// tagError is a field's tag that does not decode.
type tagError struct {
	msg string
	err error
}

func (e *tagError) Error() string { return e.msg + ": bad field tag: " + e.err.Error() }

func (e *tagError) Unwrap() error { return e.err }

var errWireType = errors.New("wrong wire type")

// parseError returns protowire's error for the error code n, with its
// "proto:" prefix left out of the text (the prefix's spaces change from
// one build to the other, on purpose).
func parseError(n int) error { return protowireError{protowire.ParseError(n)} }

type protowireError struct{ err error }

func (e protowireError) Error() string {
	s := strings.TrimPrefix(e.err.Error(), "proto:")
	return strings.TrimLeft(s, " \u00a0")
}

func (e protowireError) Unwrap() error { return e.err }

// A reader walks the fields of one encoded message:
//
//	r := reader{msg: "Block", b: b}
//	for r.next() {
//		switch r.num {
//		case 1:
//			m.Kind = BlockKind(r.int32("kind"))
//		...
//		default:
//			r.skip()
//		}
//	}
//	return r.err
//
// next reads a tag; the field's value must then be read with exactly one
// of the value methods (skip for an unknown field). A value method checks
// the wire type: after an error, it returns a zero value, next returns
// false and r.err says what went wrong.
type reader struct {
	msg string           // the message's name, for errors
	b   []byte           // the input not read yet
	num protowire.Number // the field whose tag next read last
	typ protowire.Type   // its wire type
	err error
}

// next reads the next field's tag. It returns false at the end of the
// input or after an error.
func (r *reader) next() bool {
	if r.err != nil || len(r.b) == 0 {
		return false
	}
	num, typ, n := protowire.ConsumeTag(r.b)
	if n < 0 {
		r.err = &tagError{msg: r.msg, err: parseError(n)}
		return false
	}
	if !num.IsValid() {
		// ConsumeTag lets field numbers up to 2^31-1 through; proto
		// stops at 2^29-1.
		r.err = &fieldError{msg: r.msg, num: num, err: errors.New("invalid field number")}
		return false
	}
	r.num, r.typ, r.b = num, typ, r.b[n:]
	return true
}

func (r *reader) fail(name string, err error) {
	r.err = &fieldError{msg: r.msg, num: r.num, name: name, err: err}
	r.b = nil
}

// varint reads a varint field's value.
func (r *reader) varint(name string) uint64 {
	if r.typ != protowire.VarintType {
		r.fail(name, errWireType)
		return 0
	}
	v, n := protowire.ConsumeVarint(r.b)
	if n < 0 {
		r.fail(name, parseError(n))
		return 0
	}
	r.b = r.b[n:]
	return v
}

// int32 reads an int32 or enum field: the varint's low 32 bits, as proto
// does.
func (r *reader) int32(name string) int32 { return int32(r.varint(name)) }

func (r *reader) int64(name string) int64 { return int64(r.varint(name)) }

func (r *reader) bool(name string) bool { return r.varint(name) != 0 }

// bytes reads a length-delimited field's payload, which aliases the input.
func (r *reader) bytes(name string) []byte {
	if r.typ != protowire.BytesType {
		r.fail(name, errWireType)
		return nil
	}
	v, n := protowire.ConsumeBytes(r.b)
	if n < 0 {
		r.fail(name, parseError(n))
		return nil
	}
	r.b = r.b[n:]
	return v
}

// string reads a string field, as it is (no UTF-8 check).
func (r *reader) string(name string) string { return string(r.bytes(name)) }

// byteSlice reads a bytes field into a copy of its own (nil when empty).
func (r *reader) byteSlice(name string) []byte {
	return append([]byte(nil), r.bytes(name)...)
}

// message reads a message field into m, merging into what m holds.
func (r *reader) message(name string, m message) {
	v := r.bytes(name)
	if r.err != nil {
		return
	}
	if err := m.merge(v); err != nil {
		r.fail(name, err)
	}
}

// skip skips an unknown field's value, whatever its wire type (a group is
// skipped whole).
func (r *reader) skip() {
	n := protowire.ConsumeFieldValue(r.num, r.typ, r.b)
	if n < 0 {
		r.fail("", parseError(n))
		return
	}
	r.b = r.b[n:]
}

// mapEntry reads one entry of a map<string, V> field into *m, making the
// map if needed. A missing key or value is the zero value; a key given
// twice keeps the last entry's value.
func mapEntry[V any](r *reader, name string, m *map[string]V, value func(*reader) V) {
	b := r.bytes(name)
	if r.err != nil {
		return
	}
	var (
		key string
		val V
		e   = reader{msg: "map entry", b: b}
	)
	for e.next() {
		switch e.num {
		case 1:
			key = e.string("key")
		case 2:
			val = value(&e)
		default:
			e.skip()
		}
	}
	if e.err != nil {
		r.fail(name, e.err)
		return
	}
	if *m == nil {
		*m = make(map[string]V)
	}
	(*m)[key] = val
}

func stringValue(r *reader) string { return r.string("value") }

func int64Value(r *reader) int64 { return r.int64("value") }
