package store

import (
	"encoding/json"
	"math/rand/v2"
	"testing"

	"github.com/sqreen-go/sqreen/runtime/wire"
)

// detailJSONReflect is the reference: eventDetail through encoding/json.
func detailJSONReflect(e *wire.Event) string {
	req := e.GetRequest()
	d := eventDetail{RequestID: req.GetRequestId(), Host: req.GetHost(), UserAgent: req.GetUserAgent(),
		Headers: req.GetHeaders(), Query: req.GetQuery(), Properties: e.Properties}
	for _, p := range req.GetParams() {
		d.Params = append(d.Params, Param{Source: p.Source, Value: p.Value})
	}
	for _, ev := range e.Evidence {
		d.Evidence = append(d.Evidence, Evidence{Detector: ev.Detector, Source: ev.Source, Input: ev.Input,
			Sink: ev.Sink, Offset: ev.Offset, Reason: ev.Reason})
	}
	for _, f := range e.Stack {
		d.Stack = append(d.Stack, Frame{Function: f.Function, File: f.File, Line: f.Line})
	}
	b, err := json.Marshal(d)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// detailStrings are the awkward inputs: escapes, HTML characters, control
// characters, invalid UTF-8, line and paragraph separators, multi-byte runes.
var detailStrings = []string{"", "a", "1' OR '1'='1", `"quoted" \back\slash`, "<script>&amp;</script>", "tab\tnl\ncr\rbs\bff\f",
	"\x00\x01\x1f\x7f", "bad \xff\xfe utf8 \xc3", "line\u2028para\u2029", "héllo wörld 日本 🙂", "/app/search.go"}

func TestDetailJSONMatchesEncodingJSON(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	pick := func() string { return detailStrings[rng.IntN(len(detailStrings))] }
	strMap := func() map[string]string {
		m := map[string]string{}
		for range rng.IntN(4) {
			m[pick()] = pick()
		}
		if rng.IntN(3) == 0 {
			return nil
		}
		return m
	}
	events := []*wire.Event{{}, {Request: &wire.RequestSummary{}}}
	for range 2000 {
		e := &wire.Event{Properties: strMap()}
		if rng.IntN(5) > 0 {
			e.Request = &wire.RequestSummary{RequestId: pick(), Host: pick(), UserAgent: pick(), Headers: strMap(), Query: pick()}
			for range rng.IntN(3) {
				e.Request.Params = append(e.Request.Params, &wire.Param{Source: pick(), Value: pick()})
			}
		}
		for range rng.IntN(3) {
			e.Evidence = append(e.Evidence, &wire.Evidence{Detector: pick(), Source: pick(), Input: pick(), Sink: pick(),
				Offset: int32(rng.IntN(3) - 1), Reason: pick()})
		}
		for range rng.IntN(3) {
			e.Stack = append(e.Stack, &wire.Frame{Function: pick(), File: pick(), Line: int32(rng.IntN(5) - 1)})
		}
		events = append(events, e)
	}
	for i, e := range events {
		got, want := detailJSON(e), detailJSONReflect(e)
		if got != want {
			t.Fatalf("event %d:\n got %s\nwant %s", i, got, want)
		}
		var back eventDetail
		if err := json.Unmarshal([]byte(got), &back); err != nil {
			t.Fatalf("event %d: %s does not decode: %v", i, got, err)
		}
	}
}

func BenchmarkDetailJSON(b *testing.B) {
	e := &wire.Event{Request: &wire.RequestSummary{RequestId: "r", Host: "shop.example", UserAgent: "Mozilla/5.0",
		Headers: map[string]string{"accept": "text/html"}},
		Evidence: []*wire.Evidence{{Detector: "sqli", Source: "query.q", Input: "1' OR '1'='1",
			Sink: "SELECT * FROM products WHERE name = '1' OR '1'='1'", Offset: 38, Reason: "leaves string literal"}},
		Stack: []*wire.Frame{{Function: "main.search", File: "/app/search.go", Line: 42}, {Function: "net/http.HandlerFunc.ServeHTTP", File: "server.go", Line: 2220}}}
	for _, f := range []struct {
		name string
		fn   func(*wire.Event) string
	}{{"direct", detailJSON}, {"encoding_json", detailJSONReflect}} {
		b.Run(f.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if s := f.fn(e); len(s) == 0 {
					b.Fatal("empty")
				}
			}
		})
	}
}
