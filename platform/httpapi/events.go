package httpapi

import (
	"encoding/json"
	"net/http"
	"net/url"
	"time"

	"github.com/sqreen-go/sqreen/webui/backend"
)

func filterOf(q url.Values) (backend.EventFilter, error) {
	f := backend.EventFilter{AppID: q.Get("app"), Kind: q.Get("kind"), Action: backend.Action(q.Get("action")),
		IP: q.Get("ip"), Path: q.Get("path")}
	switch f.Action {
	case "", backend.ActionBlocked, backend.ActionMonitored:
	default:
		return f, backend.Invalid("action", "want blocked or monitored, not %q", f.Action)
	}
	var err error
	if f.Since, err = timeParam(q, "since"); err != nil {
		return f, err
	}
	if f.Until, err = timeParam(q, "until"); err != nil {
		return f, err
	}
	return f, nil
}

func (a *API) events(w http.ResponseWriter, r *http.Request, _ backend.User) error {
	q := r.URL.Query()
	f, err := filterOf(q)
	if err != nil {
		return err
	}
	p, err := pageOf(q)
	if err != nil {
		return err
	}
	evs, total, err := a.b.ListEvents(r.Context(), f, p)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(evs, total, p))
	return nil
}

// exportEvents streams every matching event as JSON lines, newest first, a
// page at a time.
func (a *API) exportEvents(w http.ResponseWriter, r *http.Request, _ backend.User) error {
	f, err := filterOf(r.URL.Query())
	if err != nil {
		return err
	}
	if f.Until.IsZero() { // a fixed end, so that paging is stable while events arrive
		f.Until = a.opts.Now()
	}
	w.Header().Set("Content-Type", "application/x-ndjson")
	enc := json.NewEncoder(w)
	p := backend.Page{Limit: maxLimit}
	for started := false; ; started = true {
		evs, _, err := a.b.ListEvents(r.Context(), f, p)
		if err != nil {
			if started { // the status is sent: end the stream, the client sees it short
				a.opts.Logger.Error("httpapi: export", "err", err)
				return nil
			}
			return err
		}
		for _, e := range evs {
			if err := enc.Encode(e); err != nil {
				return nil // the client went away
			}
		}
		if len(evs) < p.Limit {
			return nil
		}
		p.Offset += len(evs)
	}
}

func (a *API) event(w http.ResponseWriter, r *http.Request, _ backend.User) error {
	ev, err := a.b.GetEvent(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, ev)
	return nil
}

func (a *API) overview(w http.ResponseWriter, r *http.Request, _ backend.User) error {
	q := r.URL.Query()
	now := a.opts.Now()
	oq := backend.OverviewQuery{AppID: q.Get("app"), Since: now.Add(-24 * time.Hour), Until: now}
	var err error
	if t, err := timeParam(q, "since"); err != nil {
		return err
	} else if !t.IsZero() {
		oq.Since = t
	}
	if t, err := timeParam(q, "until"); err != nil {
		return err
	} else if !t.IsZero() {
		oq.Until = t
	}
	if oq.Buckets, err = intParam(q, "buckets", 24, 1, 1000); err != nil {
		return err
	}
	if oq.Top, err = intParam(q, "top", 10, 1, 100); err != nil {
		return err
	}
	o, err := a.b.Overview(r.Context(), oq)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, o)
	return nil
}

func (a *API) vulnerabilities(w http.ResponseWriter, r *http.Request, _ backend.User) error {
	q := r.URL.Query()
	p, err := pageOf(q)
	if err != nil {
		return err
	}
	reps, total, err := a.b.Sinks(r.Context(), q.Get("app"), p)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(reps, total, p))
	return nil
}
