package httpapi

import (
	"net/http"
	"strings"

	"github.com/sqreen-go/sqreen/webui/backend"
)

func (a *API) rules(w http.ResponseWriter, r *http.Request, _ backend.User) error {
	rs, err := a.b.ListRules(r.Context(), r.URL.Query().Get("app"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(rs, len(rs), backend.Page{Limit: len(rs)}))
	return nil
}

func (a *API) rule(w http.ResponseWriter, r *http.Request, _ backend.User) error {
	rule, err := a.b.GetRule(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rule)
	return nil
}

func (a *API) ruleHistory(w http.ResponseWriter, r *http.Request, _ backend.User) error {
	vs, err := a.b.RuleHistory(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(vs, len(vs), backend.Page{Limit: len(vs)}))
	return nil
}

// ruleInput is what a client sends to save a rule; the rest of Rule is the
// platform's to set.
type ruleInput struct {
	ID      string           `json:"id"`
	AppID   string           `json:"app_id"`
	Name    string           `json:"name"`
	Source  string           `json:"source"`
	Enabled bool             `json:"enabled"`
	Mode    backend.RuleMode `json:"mode"`
	Version int              `json:"version"`
}

func (a *API) saveRule(w http.ResponseWriter, r *http.Request, u backend.User) error {
	var in ruleInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	rule := backend.Rule{ID: in.ID, AppID: in.AppID, Name: strings.TrimSpace(in.Name), Source: in.Source,
		Enabled: in.Enabled, Mode: in.Mode, Version: in.Version}
	if rule.ID != "" {
		cur, err := a.b.GetRule(r.Context(), rule.ID)
		if err != nil {
			return err
		}
		rule.Builtin = cur.Builtin
	}
	saved, err := a.b.SaveRule(r.Context(), rule, actor(u))
	if err != nil {
		return err
	}
	status := http.StatusOK
	if in.ID == "" {
		status = http.StatusCreated
	}
	writeJSON(w, status, saved)
	return nil
}

type checkInput struct {
	Source  string          `json:"source"`
	Request backend.Request `json:"request"`
}

func (a *API) checkRule(w http.ResponseWriter, r *http.Request, _ backend.User) error {
	var in checkInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	probs, err := a.b.CheckRule(r.Context(), in.Source)
	if err != nil {
		return err
	}
	if probs == nil {
		probs = []backend.RuleProblem{}
	}
	writeJSON(w, http.StatusOK, backend.RuleTestResult{Problems: probs, Matched: []string{}, Actions: []string{}})
	return nil
}

func (a *API) testRule(w http.ResponseWriter, r *http.Request, _ backend.User) error {
	var in checkInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	res, err := a.b.TestRule(r.Context(), in.Source, in.Request)
	if err != nil {
		return err
	}
	for _, s := range []*[]string{&res.Matched, &res.Actions} {
		if *s == nil {
			*s = []string{}
		}
	}
	if res.Problems == nil {
		res.Problems = []backend.RuleProblem{}
	}
	writeJSON(w, http.StatusOK, res)
	return nil
}
