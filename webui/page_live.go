package webui

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/sqreen-go/sqreen/webui/backend"
)

// liveEvent is what the live feed sends for one event: plain JSON strings,
// inserted by app.js with textContent only.
type liveEvent struct {
	ID     string `json:"id"`
	Time   string `json:"time"`
	Kind   string `json:"kind"`
	Rule   string `json:"rule"`
	Action string `json:"action"`
	IP     string `json:"ip"`
	Target string `json:"target"`
}

// live streams new events as Server-Sent Events. It polls the backend, so it
// sees events ingested by any replica; each connection ends after
// LiveMaxDuration and the browser's EventSource reconnects.
func (s *Server) live(w http.ResponseWriter, r *http.Request, rc reqCtx) error {
	rcw := http.NewResponseController(w)
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	if err := rcw.Flush(); err != nil {
		return nil // the connection cannot stream; nothing more to say
	}
	ctx := r.Context()
	f := backend.EventFilter{AppID: r.URL.Query().Get("app"), Since: s.opts.Now()}
	seen := map[string]bool{}
	tick := time.NewTicker(s.opts.LivePoll)
	defer tick.Stop()
	end := time.After(s.opts.LiveMaxDuration)
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-end:
			return nil
		case <-tick.C:
		}
		if _, ok := s.current(r); !ok { // signed out (or expired) meanwhile
			return nil
		}
		evs, _, err := s.b.ListEvents(ctx, f, backend.Page{Limit: 50})
		if err != nil {
			s.opts.Logger.Error("webui: live feed", "err", err)
			continue
		}
		for i := len(evs) - 1; i >= 0; i-- { // oldest first
			e := evs[i]
			if seen[e.ID] {
				continue
			}
			seen[e.ID] = true
			data, err := json.Marshal(liveEvent{ID: e.ID, Time: fmtTime(e.Time), Kind: e.Kind, Rule: e.RuleID,
				Action: string(e.Action), IP: e.IP, Target: e.Request.Method + " " + e.Request.Path})
			if err != nil {
				continue
			}
			if _, err := fmt.Fprintf(w, "event: attack\ndata: %s\n\n", data); err != nil {
				return nil
			}
		}
		if err := rcw.Flush(); err != nil {
			return nil
		}
		if len(seen) > 1000 { // keep the window small: restart from now
			f.Since, seen = s.opts.Now().Add(-s.opts.LivePoll), map[string]bool{}
		}
	}
}
