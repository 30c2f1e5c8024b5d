package webui

import (
	"net/http"

	"github.com/sqreen-go/sqreen/webui/backend"
)

type vulnRow struct {
	backend.SinkReport
	Fix fixAdvice
}

type vulnsData struct {
	Apps  []backend.App
	AppID string
	Rows  []vulnRow
	Pager pager
}

// vulns lists the sink locations attacks reached, most attacked first, with
// the fix for each kind.
func (s *Server) vulns(w http.ResponseWriter, r *http.Request, rc reqCtx) error {
	q := r.URL.Query()
	d := vulnsData{AppID: q.Get("app")}
	p := pageOf(q)
	var err error
	if d.Apps, err = s.b.ListApps(r.Context()); err != nil {
		return err
	}
	reps, total, err := s.b.Sinks(r.Context(), d.AppID, p)
	if err != nil {
		return err
	}
	for _, rep := range reps {
		d.Rows = append(d.Rows, vulnRow{SinkReport: rep, Fix: adviceFor(rep.Kind)})
	}
	d.Pager = newPager("/vulns", q, p, len(reps), total)
	s.render(w, r, rc, http.StatusOK, "vulns", "Vulnerabilities", d)
	return nil
}
