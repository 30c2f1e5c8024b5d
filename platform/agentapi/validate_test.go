package agentapi

import (
	"strings"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"

	"github.com/sqreen-go/sqreen/runtime/wire"
)

func TestValidateHeartbeat(t *testing.T) {
	lim := DefaultLimits()
	lim.MaxString, lim.MaxEntries = 16, 2
	ok := func() *wire.HeartbeatRequest {
		return &wire.HeartbeatRequest{InstanceId: "i", BatchId: "b", Events: []*wire.Event{{Kind: wire.EventKind_EVENT_KIND_ATTACK,
			TimeUnixMs: 1, RuleId: "r", Request: &wire.RequestSummary{ClientIp: "::1", Status: 403}}}}
	}
	tests := []struct {
		name  string
		edit  func(*wire.HeartbeatRequest)
		error string // "" for valid
	}{
		{"valid", func(*wire.HeartbeatRequest) {}, ""},
		{"long instance id", func(r *wire.HeartbeatRequest) { r.InstanceId = strings.Repeat("x", 129) }, "instance_id: want 1-128 bytes, got 129"},
		{"negative cursor", func(r *wire.HeartbeatRequest) { r.Cursor = -1 }, "cursor: negative"},
		{"nil event", func(r *wire.HeartbeatRequest) { r.Events = append(r.Events, nil) }, "events[1]: null event"},
		{"no time", func(r *wire.HeartbeatRequest) { r.Events[0].TimeUnixMs = 0 }, "events[0].time_unix_ms: required"},
		{"long path", func(r *wire.HeartbeatRequest) { r.Events[0].Request.Path = strings.Repeat("/", 17) }, "events[0].request.path: 17 bytes, more than 16"},
		{"status", func(r *wire.HeartbeatRequest) { r.Events[0].Request.Status = 1000 }, "events[0].request.status: want 0-999, got 1000"},
		{"many headers", func(r *wire.HeartbeatRequest) {
			r.Events[0].Request.Headers = map[string]string{"a": "1", "b": "2", "c": "3"}
		}, "events[0].request.headers: 3 entries, more than 2"},
		{"long query", func(r *wire.HeartbeatRequest) { r.Events[0].Request.Query = strings.Repeat("q", 17) }, "events[0].request.query: 17 bytes, more than 16"},
		{"many params", func(r *wire.HeartbeatRequest) {
			r.Events[0].Request.Params = []*wire.Param{{Source: "query.a"}, {Source: "query.b"}, {Source: "query.c"}}
		}, "events[0].request.params: 3 entries, more than 2"},
		{"param without source", func(r *wire.HeartbeatRequest) { r.Events[0].Request.Params = []*wire.Param{{Value: "v"}} }, "events[0].request.params[0].source: required"},
		{"negative metric", func(r *wire.HeartbeatRequest) { r.Metrics = &wire.Metrics{Panics: -1} }, "metrics: negative counter"},
		{"bad 404 ip", func(r *wire.HeartbeatRequest) { r.Metrics = &wire.Metrics{NotFoundByIp: map[string]int64{"x": 1}} }, "metrics.not_found_by_ip[x]: not an IP address"},
		{"hook without name", func(r *wire.HeartbeatRequest) { r.Metrics = &wire.Metrics{Hooks: []*wire.HookTiming{{}}} }, "metrics.hooks[0].hook_point: required"},
	}
	for _, tt := range tests {
		req := ok()
		tt.edit(req)
		err := validateHeartbeat(req, lim)
		if (tt.error == "") != (err == nil) || (err != nil && err.Error() != tt.error) {
			t.Errorf("%s: %v, want %q", tt.name, err, tt.error)
		}
	}
}

func TestLimiter(t *testing.T) {
	l := newLimiter(1, 3)
	now := time.Unix(0, 0)
	var got []bool
	for _, step := range []time.Duration{0, 0, 0, 0, time.Second, 0} {
		now = now.Add(step)
		got = append(got, l.allow("a", now))
	}
	want := []bool{true, true, true, false, true, false}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("allow sequence = %v, want %v", got, want)
		}
	}
	if !l.allow("b", now) {
		t.Error("another instance shares the bucket")
	}
}

// FuzzValidateHeartbeat: any bytes an agent may send are decoded and
// validated without panicking.
func FuzzValidateHeartbeat(f *testing.F) {
	seed, _ := proto.Marshal(&wire.HeartbeatRequest{InstanceId: "i", BatchId: "b", Events: []*wire.Event{{Kind: 1, TimeUnixMs: 1, RuleId: "r",
		Request: &wire.RequestSummary{ClientIp: "10.0.0.1", Headers: map[string]string{"a": "b"}}}},
		Metrics: &wire.Metrics{NotFoundByIp: map[string]int64{"10.0.0.1": 3}}})
	f.Add(seed)
	f.Fuzz(func(t *testing.T, b []byte) {
		var req wire.HeartbeatRequest
		if proto.Unmarshal(b, &req) != nil {
			return
		}
		validateHeartbeat(&req, DefaultLimits())
	})
}
