package webui

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/sqreen-go/sqreen/webui/backend"
	"github.com/sqreen-go/sqreen/webui/backend/memory"
)

func TestLiveFeedStreamsNewEvents(t *testing.T) {
	f := newFixture(t)
	viewer := f.login("victor")
	// A real clock here: the feed selects events newer than its start.
	srv, err := New(f.m, Options{SessionKey: f.srv.opts.SessionKey, LivePoll: 20 * time.Millisecond,
		LiveMaxDuration: 5 * time.Second, Now: func() time.Time { return testNow },
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", ts.URL+"/events/live", nil)
	req.AddCookie(viewer.cookies[0])
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("content type %q", ct)
	}
	payload := memory.XSSPayloads()[1]
	f.m.AddEvent(backend.Event{AppID: "shop", Time: testNow.Add(time.Second), Kind: "sqli",
		Action: backend.ActionBlocked, IP: "192.0.2.1", Request: backend.Request{Method: "GET", Path: "/" + payload}})
	sc := bufio.NewScanner(resp.Body)
	var got liveEvent
	for sc.Scan() {
		line := sc.Text()
		if data, ok := strings.CutPrefix(line, "data: "); ok {
			if strings.Contains(data, "<") {
				t.Errorf("raw markup in the stream: %s", data)
			}
			if err := json.Unmarshal([]byte(data), &got); err != nil {
				t.Fatal(err)
			}
			if got.IP == "192.0.2.1" { // events seeded at the start time may come first
				break
			}
		}
	}
	if got.IP != "192.0.2.1" || got.Target != "GET /"+payload || got.Action != "blocked" {
		t.Errorf("got %+v (scan err %v)", got, sc.Err())
	}
}
