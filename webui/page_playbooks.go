package webui

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/sqreen-go/sqreen/webui/backend"
)

type playbooksData struct {
	Playbooks []backend.Playbook
	Firings   []backend.Firing
	Pager     pager
}

func (s *Server) playbooks(w http.ResponseWriter, r *http.Request, rc reqCtx) error {
	p := pageOf(r.URL.Query())
	var d playbooksData
	var total int
	var err error
	if d.Playbooks, err = s.b.ListPlaybooks(r.Context()); err != nil {
		return err
	}
	if d.Firings, total, err = s.b.Firings(r.Context(), "", p); err != nil {
		return err
	}
	d.Pager = newPager("/playbooks", r.URL.Query(), p, len(d.Firings), total)
	s.render(w, r, rc, http.StatusOK, "playbooks", "Playbooks", d)
	return nil
}

type playbookData struct {
	Playbook backend.Playbook
	Firings  []backend.Firing
	Actions  []string
	Subjects []string
}

func (s *Server) playbook(w http.ResponseWriter, r *http.Request, rc reqCtx) error {
	d := playbookData{Playbook: backend.Playbook{Subject: "ip", Action: "block_ip", Duration: time.Hour, Enabled: true},
		Actions: []string{"block_ip", "block_user", "alert"}, Subjects: []string{"ip", "user", "endpoint", "app"}}
	if id := r.PathValue("id"); id != "" {
		var err error
		if d.Playbook, err = s.b.GetPlaybook(r.Context(), id); err != nil {
			return err
		}
		if d.Firings, _, err = s.b.Firings(r.Context(), id, backend.Page{Limit: pageSize}); err != nil {
			return err
		}
	}
	s.render(w, r, rc, http.StatusOK, "playbook", "Playbook", d)
	return nil
}

func (s *Server) savePlaybook(w http.ResponseWriter, r *http.Request, rc reqCtx) error {
	version, err := strconv.Atoi(r.PostFormValue("version"))
	if err != nil {
		return backend.Invalid("version", "not a number")
	}
	dur, err := time.ParseDuration(r.PostFormValue("duration"))
	if err != nil {
		return backend.Invalid("duration", "want a Go duration such as 1h or 30m, not %q", r.PostFormValue("duration"))
	}
	p := backend.Playbook{ID: r.PostFormValue("id"), Name: strings.TrimSpace(r.PostFormValue("name")),
		Subject:   r.PostFormValue("subject"),
		Condition: r.PostFormValue("condition"), Action: r.PostFormValue("action"), Duration: dur,
		Enabled: r.PostFormValue("enabled") == "on", Version: version}
	saved, err := s.b.SavePlaybook(r.Context(), p, rc.sess.User)
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/playbooks/"+saved.ID, http.StatusSeeOther)
	return nil
}

type playbookCheck struct {
	Subject   string `json:"subject"`
	Condition string `json:"condition"`
}

// checkPlaybook compiles the editor's condition as the user types.
func (s *Server) checkPlaybook(w http.ResponseWriter, r *http.Request, rc reqCtx) error {
	var in playbookCheck
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxRuleBytes))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		return backend.Invalid("body", "want JSON {subject, condition}: %v", err)
	}
	probs, err := s.b.CheckPlaybook(r.Context(), in.Subject, in.Condition)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, checkResponse{Problems: nonNil(probs), Matched: []string{}, Actions: []string{}})
	return nil
}
