package webui

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/sqreen-go/sqreen/webui/backend"
)

type eventsData struct {
	Export string // link to the same list as JSON lines
	Filter backend.EventFilter
	Apps   []backend.App
	Events []backend.Event
	Pager  pager
}

func filterOf(r *http.Request) backend.EventFilter {
	q := r.URL.Query()
	return backend.EventFilter{AppID: q.Get("app"), Kind: q.Get("kind"),
		Action: backend.Action(q.Get("action")), IP: q.Get("ip"), Path: q.Get("path")}
}

func (s *Server) events(w http.ResponseWriter, r *http.Request, rc reqCtx) error {
	d := eventsData{Filter: filterOf(r)}
	p := pageOf(r.URL.Query())
	eq := r.URL.Query()
	eq.Del("offset")
	d.Export = "/events/export?" + eq.Encode()
	var total int
	var err error
	if d.Apps, err = s.b.ListApps(r.Context()); err != nil {
		return err
	}
	if d.Events, total, err = s.b.ListEvents(r.Context(), d.Filter, p); err != nil {
		return err
	}
	d.Pager = newPager("/events", r.URL.Query(), p, len(d.Events), total)
	s.render(w, r, rc, http.StatusOK, "events", "Attacks", d)
	return nil
}

type eventData struct {
	Event     backend.Event
	App       backend.App // the event's app; only its ID when it is gone
	Durations []string
	Fix       fixAdvice
}

func (s *Server) event(w http.ResponseWriter, r *http.Request, rc reqCtx) error {
	ev, err := s.b.GetEvent(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	d := eventData{Event: ev, Fix: adviceFor(ev.Kind), App: backend.App{ID: ev.AppID, Name: ev.AppID}}
	if a, err := s.b.GetApp(r.Context(), ev.AppID); err == nil {
		d.App = a
	} else if !errors.Is(err, backend.ErrNotFound) {
		return err
	}
	for _, bd := range blockDurations {
		d.Durations = append(d.Durations, bd.Key)
	}
	s.render(w, r, rc, http.StatusOK, "event", "Attack "+ev.ID, d)
	return nil
}

// maxExport bounds one export of the dashboard (the JSON API exports all).
const maxExport = 100000

// export sends the filtered events as JSON lines, newest first.
func (s *Server) export(w http.ResponseWriter, r *http.Request, rc reqCtx) error {
	f := filterOf(r)
	if f.Until.IsZero() {
		f.Until = s.opts.Now() // stable pages while events arrive
	}
	w.Header().Set("Content-Type", "application/x-ndjson")
	w.Header().Set("Content-Disposition", `attachment; filename="sqreen-events.jsonl"`)
	enc := json.NewEncoder(w)
	for p := (backend.Page{Limit: 500}); p.Offset < maxExport; {
		evs, _, err := s.b.ListEvents(r.Context(), f, p)
		if err != nil {
			if p.Offset == 0 {
				return err
			}
			s.opts.Logger.Error("webui: export", "err", err)
			return nil
		}
		for _, e := range evs {
			if enc.Encode(e) != nil {
				return nil
			}
		}
		if len(evs) < p.Limit {
			break
		}
		p.Offset += len(evs)
	}
	s.auditLog(r, rc.sess.User, "events.export", "", r.URL.RawQuery)
	return nil
}
