package webui

import (
	"net/http"

	"github.com/sqreen-go/sqreen/webui/backend"
)

type eventsData struct {
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
	Durations []string
	Fix       fixAdvice
}

func (s *Server) event(w http.ResponseWriter, r *http.Request, rc reqCtx) error {
	ev, err := s.b.GetEvent(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	d := eventData{Event: ev, Fix: adviceFor(ev.Kind)}
	for _, bd := range blockDurations {
		d.Durations = append(d.Durations, bd.Key)
	}
	s.render(w, r, rc, http.StatusOK, "event", "Attack "+ev.ID, d)
	return nil
}
