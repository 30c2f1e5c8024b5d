package reqctx

import (
	"encoding/json"
	"errors"
	"io"
	"net/url"
	"reflect"
	"strings"
	"testing"
)

func TestBodyPeekThenHandlerReadsAll(t *testing.T) {
	tests := []struct {
		name      string
		body      string
		limit     int
		readFirst int // bytes the handler reads before the peek
		complete  bool
	}{
		{"small", `{"a":1}`, 64, 0, true},
		{"exactly the limit", strings.Repeat("x", 16), 16, 0, true},
		{"one over the limit", strings.Repeat("x", 17), 16, 0, false},
		{"much larger", strings.Repeat("y", 100000), 1000, 0, false},
		{"handler read part first", `{"name":"value","n":12345}`, 64, 5, true},
		{"handler read all first", `{"name":"value"}`, 64, 100, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := NewBody(io.NopCloser(iotestHalf(strings.NewReader(tt.body))), tt.limit)
			first := make([]byte, tt.readFirst)
			n, _ := io.ReadFull(b, first)
			kept, complete := b.Peek()
			if complete != tt.complete {
				t.Errorf("complete = %v, want %v", complete, tt.complete)
			}
			wantKept := tt.body[:min(len(tt.body), tt.limit)]
			if string(kept) != wantKept {
				t.Errorf("kept %d bytes %.20q..., want %d bytes", len(kept), kept, len(wantKept))
			}
			rest, err := io.ReadAll(b)
			if err != nil {
				t.Fatal(err)
			}
			if got := string(first[:n]) + string(rest); got != tt.body {
				t.Errorf("handler read %d bytes, want the %d-byte body intact", len(got), len(tt.body))
			}
		})
	}
}

// iotestHalf returns a reader returning at most 3 bytes a call, to
// exercise partial reads.
func iotestHalf(r io.Reader) io.Reader { return &smallReader{r} }

type smallReader struct{ r io.Reader }

func (s *smallReader) Read(p []byte) (int, error) {
	if len(p) > 3 {
		p = p[:3]
	}
	return s.r.Read(p)
}

func TestBodyParse(t *testing.T) {
	tests := []struct {
		ctype   string
		body    string
		want    any
		wantErr error
		errText string
	}{
		{"application/json", `{"q":"x","n":[1,"two"]}`, map[string]any{"q": "x", "n": []any{json.Number("1"), "two"}}, nil, ""},
		{"application/vnd.api+json; charset=utf-8", `["a"]`, []any{"a"}, nil, ""},
		{"application/x-www-form-urlencoded", `a=1&b=two&a=3`, url.Values{"a": {"1", "3"}, "b": {"two"}}, nil, ""},
		{"text/plain", `hello`, nil, nil, ""},
		{"", `hello`, nil, nil, ""},
		{"application/json", `{"q":`, nil, nil, "parsing JSON body: unexpected EOF"},
		{"application/x-www-form-urlencoded", `a=%zz`, nil, nil, "parsing form body: invalid URL escape"},
		{"application/json", `"` + strings.Repeat("a", 200) + `"`, nil, ErrBodyTooLarge, ""},
	}
	for _, tt := range tests {
		b := NewBody(io.NopCloser(strings.NewReader(tt.body)), 100)
		got, err := b.Parse(tt.ctype)
		switch {
		case tt.wantErr != nil:
			if !errors.Is(err, tt.wantErr) {
				t.Errorf("Parse(%q, %.20q) error = %v, want %v", tt.ctype, tt.body, err, tt.wantErr)
			}
		case tt.errText != "":
			if err == nil || !strings.HasPrefix(err.Error(), tt.errText) {
				t.Errorf("Parse(%q, %q) error = %v, want %q", tt.ctype, tt.body, err, tt.errText)
			}
		case err != nil:
			t.Errorf("Parse(%q, %q): %v", tt.ctype, tt.body, err)
		case !reflect.DeepEqual(got, tt.want):
			t.Errorf("Parse(%q, %q) = %#v, want %#v", tt.ctype, tt.body, got, tt.want)
		}
		if rest, _ := io.ReadAll(b); string(rest) != tt.body {
			t.Errorf("after Parse the handler reads %.20q, want the whole body", rest)
		}
	}
}

func FuzzBodyParse(f *testing.F) {
	f.Add("application/json", []byte(`{"a":[1,2,{"b":null}]}`), 8)
	f.Add("application/x-www-form-urlencoded", []byte(`a=1&b=%20`), 3)
	f.Fuzz(func(t *testing.T, ctype string, body []byte, limit int) {
		limit = limit%256 + 1
		b := NewBody(io.NopCloser(strings.NewReader(string(body))), limit)
		_, _ = b.Parse(ctype)
		rest, err := io.ReadAll(b)
		if err != nil || string(rest) != string(body) {
			t.Fatalf("handler read %q (%v), want %q", rest, err, body)
		}
	})
}
