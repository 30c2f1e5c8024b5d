package webui

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/sqreen-go/sqreen/webui/backend"
)

type rulesData struct {
	Apps  []backend.App
	AppID string
	Rules []backend.Rule
}

func (s *Server) rules(w http.ResponseWriter, r *http.Request, rc reqCtx) error {
	d := rulesData{AppID: r.URL.Query().Get("app")}
	var err error
	if d.Apps, err = s.b.ListApps(r.Context()); err != nil {
		return err
	}
	if d.Rules, err = s.b.ListRules(r.Context(), d.AppID); err != nil {
		return err
	}
	s.render(w, r, rc, http.StatusOK, "rules", "Rules", d)
	return nil
}

// newRuleSource is what the editor shows for a new rule: a valid example of
// the engine's rule format (docs/rules.md).
const newRuleSource = `rules:
  - id: my-rule
    hook: request
    condition: request.user_agent contains "sqlmap"
    action: monitor
`

type ruleEditorData struct {
	Rule    backend.Rule
	Apps    []backend.App
	History []backend.Rule
	Fixture string // a request to test against, as JSON
}

// ruleEditor shows a rule (or a new one) in the editor, with its history.
func (s *Server) ruleEditor(w http.ResponseWriter, r *http.Request, rc reqCtx) error {
	ctx := r.Context()
	d := ruleEditorData{Rule: backend.Rule{Mode: backend.ModeMonitor, Enabled: true,
		AppID: r.URL.Query().Get("app"), Source: newRuleSource}}
	if id := r.PathValue("id"); id != "" {
		var err error
		if d.Rule, err = s.b.GetRule(ctx, id); err != nil {
			return err
		}
		if d.History, err = s.b.RuleHistory(ctx, id); err != nil {
			return err
		}
	}
	var err error
	if d.Apps, err = s.b.ListApps(ctx); err != nil {
		return err
	}
	req := backend.Request{Method: "GET", Path: "/search", Params: []backend.KV{{Key: "q", Value: "test"}}}
	if evID := r.URL.Query().Get("event"); evID != "" { // test against a recorded request
		ev, err := s.b.GetEvent(ctx, evID)
		if err != nil {
			return err
		}
		req = ev.Request
	}
	fx, err := json.MarshalIndent(req, "", "  ")
	if err != nil {
		return err
	}
	d.Fixture = string(fx)
	title := "New rule"
	if d.Rule.ID != "" {
		title = "Rule " + d.Rule.Name
	}
	s.render(w, r, rc, http.StatusOK, "rule", title, d)
	return nil
}

func (s *Server) saveRule(w http.ResponseWriter, r *http.Request, rc reqCtx) error {
	version, err := strconv.Atoi(r.PostFormValue("version"))
	if err != nil {
		return backend.Invalid("version", "not a number")
	}
	rule := backend.Rule{ID: r.PostFormValue("id"), AppID: r.PostFormValue("app"),
		Name: strings.TrimSpace(r.PostFormValue("name")), Source: normalizeNewlines(r.PostFormValue("source")),
		Enabled: r.PostFormValue("enabled") == "on", Mode: backend.RuleMode(r.PostFormValue("mode")),
		Version: version}
	if rule.ID != "" { // keep what the form does not carry
		cur, err := s.b.GetRule(r.Context(), rule.ID)
		if err != nil {
			return err
		}
		rule.Builtin = cur.Builtin
	}
	saved, err := s.b.SaveRule(r.Context(), rule, rc.sess.User)
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/rules/"+saved.ID, http.StatusSeeOther)
	return nil
}

func (s *Server) toggleRule(w http.ResponseWriter, r *http.Request, rc reqCtx) error {
	rule, err := s.b.GetRule(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	switch r.PostFormValue("what") {
	case "enabled":
		rule.Enabled = !rule.Enabled
	case "mode":
		rule.Mode = backend.ModeBlock
		if r.PostFormValue("mode") == string(backend.ModeMonitor) {
			rule.Mode = backend.ModeMonitor
		}
	default:
		return backend.Invalid("what", "must be enabled or mode")
	}
	if _, err := s.b.SaveRule(r.Context(), rule, rc.sess.User); err != nil {
		return err
	}
	http.Redirect(w, r, "/rules", http.StatusSeeOther)
	return nil
}

// maxRuleBytes bounds the editor's requests.
const maxRuleBytes = 256 << 10

type checkRequest struct {
	Source  string          `json:"source"`
	Request backend.Request `json:"request"`
}

type checkResponse struct {
	Problems []backend.RuleProblem `json:"problems"`
	Matched  []string              `json:"matched"`
	Actions  []string              `json:"actions"`
}

func readCheck(r *http.Request) (checkRequest, error) {
	var cr checkRequest
	dec := json.NewDecoder(http.MaxBytesReader(nil, r.Body, maxRuleBytes))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&cr); err != nil {
		return cr, backend.Invalid("body", "want JSON {source, request}: %v", err)
	}
	return cr, nil
}

// checkRule compiles the editor's text as the user types.
func (s *Server) checkRule(w http.ResponseWriter, r *http.Request, rc reqCtx) error {
	cr, err := readCheck(r)
	if err != nil {
		return err
	}
	probs, err := s.b.CheckRule(r.Context(), cr.Source)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, checkResponse{Problems: nonNil(probs)})
	return nil
}

// testRule runs the editor's text against the fixture request.
func (s *Server) testRule(w http.ResponseWriter, r *http.Request, rc reqCtx) error {
	cr, err := readCheck(r)
	if err != nil {
		return err
	}
	res, err := s.b.TestRule(r.Context(), cr.Source, cr.Request)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, checkResponse{Problems: nonNil(res.Problems),
		Matched: nonNil(res.Matched), Actions: nonNil(res.Actions)})
	return nil
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// normalizeNewlines turns the CRLF line ends browsers send for a textarea
// back into LF, so that a saved rule is byte for byte what was checked.
func normalizeNewlines(s string) string { return strings.ReplaceAll(s, "\r\n", "\n") }
