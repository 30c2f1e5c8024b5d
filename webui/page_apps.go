package webui

import (
	"net/http"
	"time"

	"github.com/sqreen-go/sqreen/webui/backend"
)

type appRow struct {
	App       backend.App
	Instances int
	Healthy   int
}

func (s *Server) apps(w http.ResponseWriter, r *http.Request, rc reqCtx) error {
	ctx := r.Context()
	apps, err := s.b.ListApps(ctx)
	if err != nil {
		return err
	}
	now := s.opts.Now()
	rows := make([]appRow, 0, len(apps))
	for _, a := range apps {
		ins, err := s.b.ListInstances(ctx, a.ID)
		if err != nil {
			return err
		}
		row := appRow{App: a, Instances: len(ins)}
		for _, in := range ins {
			if in.Healthy(now, s.opts.StaleAfter) {
				row.Healthy++
			}
		}
		rows = append(rows, row)
	}
	s.render(w, r, rc, http.StatusOK, "apps", "Apps", rows)
	return nil
}

type instanceRow struct {
	backend.Instance
	Healthy bool
}

type appData struct {
	App       backend.App
	Instances []instanceRow
	// AppCost, when the backend measures the app as a whole, is the cost
	// of all its instances, shown once instead of per instance.
	AppCost *backend.Cost
	// CostWindow is the span the instances' own costs cover, when the
	// backend sums them over one (zero: each instance's last interval).
	CostWindow time.Duration
	Sites      []backend.Site
	Vulns      []backend.DependencyVuln
}

func (s *Server) app(w http.ResponseWriter, r *http.Request, rc reqCtx) error {
	ctx := r.Context()
	a, err := s.b.GetApp(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	d := appData{App: a}
	ins, err := s.b.ListInstances(ctx, a.ID)
	if err != nil {
		return err
	}
	now := s.opts.Now()
	for _, in := range ins {
		d.Instances = append(d.Instances, instanceRow{Instance: in, Healthy: in.Healthy(now, s.opts.StaleAfter)})
		if in.CostOfApp && d.AppCost == nil {
			d.AppCost = &in.Cost
		}
		if !in.CostOfApp {
			d.CostWindow = max(d.CostWindow, in.Cost.Window)
		}
	}
	if d.Sites, err = s.b.Inventory(ctx, a.ID); err != nil {
		return err
	}
	if d.Vulns, err = s.b.DependencyVulns(ctx, a.ID); err != nil {
		return err
	}
	s.render(w, r, rc, http.StatusOK, "app", "App "+a.Name, d)
	return nil
}
