package respond

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
)

// pushRecorder is a ResponseWriter that can push, as HTTP/2's is.
type pushRecorder struct {
	*httptest.ResponseRecorder
	pushed []string
}

func (p *pushRecorder) Push(target string, _ *http.PushOptions) error {
	p.pushed = append(p.pushed, target)
	return nil
}

func TestPush(t *testing.T) {
	rec := &pushRecorder{ResponseRecorder: httptest.NewRecorder()}
	var w http.ResponseWriter = NewWriter(rec, true, "", nil, nil)
	p, ok := w.(http.Pusher)
	if !ok {
		t.Fatal("the Writer does not implement http.Pusher")
	}
	if err := p.Push("/app.css", nil); err != nil {
		t.Fatalf("Push over a pushing writer: %v", err)
	}
	if len(rec.pushed) != 1 || rec.pushed[0] != "/app.css" {
		t.Errorf("pushed %q, want [/app.css]", rec.pushed)
	}

	plain := NewWriter(httptest.NewRecorder(), false, "", nil, nil)
	if err := plain.Push("/app.css", nil); !errors.Is(err, http.ErrNotSupported) {
		t.Errorf("Push over HTTP/1: %v, want http.ErrNotSupported", err)
	}
}
