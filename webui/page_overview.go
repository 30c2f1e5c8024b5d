package webui

import (
	"net/http"
	"time"

	"github.com/sqreen-go/sqreen/webui/backend"
)

// windows are the time ranges the overview offers, as ?window= values.
var windows = []struct {
	Key     string
	Span    time.Duration
	Buckets int
}{
	{"1h", time.Hour, 60},
	{"24h", 24 * time.Hour, 48},
	{"7d", 7 * 24 * time.Hour, 56},
}

type overviewData struct {
	Apps    []backend.App
	AppID   string
	Window  string
	Windows []string
	Stats   backend.Overview
	Chart   stackedChart
	Recent  []backend.Event
}

func (s *Server) overview(w http.ResponseWriter, r *http.Request, rc reqCtx) error {
	q := r.URL.Query()
	d := overviewData{AppID: q.Get("app"), Window: "24h"}
	win := windows[1]
	for _, wd := range windows {
		d.Windows = append(d.Windows, wd.Key)
		if wd.Key == q.Get("window") {
			win, d.Window = wd, wd.Key
		}
	}
	ctx := r.Context()
	apps, err := s.b.ListApps(ctx)
	if err != nil {
		return err
	}
	d.Apps = apps
	now := s.opts.Now()
	d.Stats, err = s.b.Overview(ctx, backend.OverviewQuery{AppID: d.AppID,
		Since: now.Add(-win.Span), Until: now, Buckets: win.Buckets, Top: 8})
	if err != nil {
		return err
	}
	d.Chart = newStackedChart(d.Stats.Buckets, win.Span)
	d.Recent, _, err = s.b.ListEvents(ctx, backend.EventFilter{AppID: d.AppID}, backend.Page{Limit: 10})
	if err != nil {
		return err
	}
	s.render(w, r, rc, http.StatusOK, "overview", "Overview", d)
	return nil
}
