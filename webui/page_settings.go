package webui

import (
	"net/http"
	"strconv"
	"time"

	"github.com/sqreen-go/sqreen/webui/backend"
)

type settingsData struct {
	App      backend.App
	Settings backend.Settings
}

func (s *Server) settings(w http.ResponseWriter, r *http.Request, rc reqCtx) error {
	a, err := s.b.GetApp(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	st, err := s.b.GetSettings(r.Context(), a.ID)
	if err != nil {
		return err
	}
	s.render(w, r, rc, http.StatusOK, "settings", "Settings of "+a.Name, settingsData{App: a, Settings: st})
	return nil
}

func (s *Server) saveSettings(w http.ResponseWriter, r *http.Request, rc reqCtx) error {
	appID := r.PathValue("id")
	version, err := strconv.Atoi(r.PostFormValue("version"))
	if err != nil {
		return backend.Invalid("version", "not a number")
	}
	budget, err := time.ParseDuration(r.PostFormValue("time_budget"))
	if err != nil {
		return backend.Invalid("time_budget", "want a duration such as 2ms, not %q", r.PostFormValue("time_budget"))
	}
	hb, err := time.ParseDuration(r.PostFormValue("heartbeat_interval"))
	if err != nil {
		return backend.Invalid("heartbeat_interval", "want a duration such as 20s, not %q", r.PostFormValue("heartbeat_interval"))
	}
	st := backend.Settings{AppID: appID, Mode: backend.RuleMode(r.PostFormValue("mode")),
		TimeBudget: budget, HeartbeatInterval: hb,
		SecurityHeaders: r.PostFormValue("security_headers") == "on", CSP: r.PostFormValue("csp"),
		ScrubKeys: r.PostFormValue("scrub_keys"), ScrubValues: r.PostFormValue("scrub_values"),
		Version: version}
	if _, err := s.b.SaveSettings(r.Context(), st, rc.sess.User); err != nil {
		return err
	}
	http.Redirect(w, r, "/apps/"+appID+"/settings", http.StatusSeeOther)
	return nil
}
