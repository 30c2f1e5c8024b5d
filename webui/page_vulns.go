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
	Deps  []depVulnRow
}

// depVulnRow is a vulnerable dependency of one app.
type depVulnRow struct {
	App backend.App
	backend.DependencyVuln
}

// vulns lists the sink locations attacks reached, most attacked first, with
// the fix for each kind, then the apps' vulnerable dependencies.
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
	for _, a := range d.Apps {
		if d.AppID != "" && a.ID != d.AppID {
			continue
		}
		vs, err := s.b.DependencyVulns(r.Context(), a.ID)
		if err != nil {
			return err
		}
		for _, v := range vs {
			d.Deps = append(d.Deps, depVulnRow{App: a, DependencyVuln: v})
		}
	}
	s.render(w, r, rc, http.StatusOK, "vulns", "Vulnerabilities", d)
	return nil
}
