package store

import (
	"maps"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/sqreen-go/sqreen/runtime/wire"
)

// detailJSON encodes the part of an event kept as JSON (eventDetail),
// straight from the wire event: the bytes json.Marshal gives for the
// eventDetail (TestDetailJSONMatchesEncodingJSON), without reflection or
// the intermediate struct. It runs for every stored event.
func detailJSON(e *wire.Event) string {
	req := e.GetRequest()
	b := make([]byte, 0, 512)
	b = append(b, '{')
	first := true
	field := func(name string) {
		if !first {
			b = append(b, ',')
		}
		first = false
		b = append(b, '"')
		b = append(b, name...)
		b = append(b, '"', ':')
	}
	str := func(name, v string) {
		if v != "" {
			field(name)
			b = appendJSONString(b, v)
		}
	}
	strMap := func(name string, m map[string]string) {
		if len(m) == 0 {
			return
		}
		field(name)
		b = append(b, '{')
		for i, k := range slices.Sorted(maps.Keys(m)) {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, k)
			b = append(b, ':')
			b = appendJSONString(b, m[k])
		}
		b = append(b, '}')
	}
	str("request_id", req.GetRequestId())
	str("host", req.GetHost())
	str("user_agent", req.GetUserAgent())
	strMap("headers", req.GetHeaders())
	str("query", req.GetQuery())
	if ps := req.GetParams(); len(ps) > 0 {
		field("params")
		b = append(b, '[')
		for i, p := range ps {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"source":`...)
			b = appendJSONString(b, p.Source)
			b = append(b, `,"value":`...)
			b = appendJSONString(b, p.Value)
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	if len(e.Evidence) > 0 {
		field("evidence")
		b = append(b, '[')
		for i, ev := range e.Evidence {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"detector":`...)
			b = appendJSONString(b, ev.Detector)
			for _, f := range [...]struct{ name, v string }{{"source", ev.Source}, {"input", ev.Input}, {"sink", ev.Sink}} {
				if f.v != "" {
					b = append(b, ',', '"')
					b = append(b, f.name...)
					b = append(b, '"', ':')
					b = appendJSONString(b, f.v)
				}
			}
			if ev.Offset != 0 {
				b = append(b, `,"offset":`...)
				b = strconv.AppendInt(b, int64(ev.Offset), 10)
			}
			if ev.Reason != "" {
				b = append(b, `,"reason":`...)
				b = appendJSONString(b, ev.Reason)
			}
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	if len(e.Stack) > 0 {
		field("stack")
		b = append(b, '[')
		for i, f := range e.Stack {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"function":`...)
			b = appendJSONString(b, f.Function)
			b = append(b, `,"file":`...)
			b = appendJSONString(b, f.File)
			b = append(b, `,"line":`...)
			b = strconv.AppendInt(b, int64(f.Line), 10)
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	strMap("properties", e.Properties)
	b = append(b, '}')
	return string(b)
}

const hexDigits = "0123456789abcdef"

// appendJSONString appends s quoted as encoding/json does by default:
// control characters, quote and backslash escaped, <, > and & as \u00XX,
// invalid UTF-8 as \ufffd, U+2028 and U+2029 escaped.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
