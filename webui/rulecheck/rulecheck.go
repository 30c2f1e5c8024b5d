package rulecheck

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/sqreen-go/sqreen/engine/rules"
	"github.com/sqreen-go/sqreen/webui/backend"
)

// fileName is the name rule errors carry; the editor shows only line and
// column.
const fileName = "rule.yaml"

// Check parses and compiles source and returns its problems, in file order.
func Check(source string) []backend.RuleProblem {
	_, probs := compile(source)
	return probs
}

func compile(source string) (*rules.Set, []backend.RuleProblem) {
	rs, err := rules.Parse(fileName, []byte(source))
	if err != nil {
		return nil, problems(err)
	}
	set, errs := rules.Compile(rs)
	if len(errs) > 0 {
		return nil, problems(errors.Join(errs...))
	}
	return set, nil
}

// problems flattens joined errors into positioned problems.
func problems(err error) []backend.RuleProblem {
	var out []backend.RuleProblem
	var walk func(error)
	walk = func(err error) {
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range j.Unwrap() {
				walk(e)
			}
			return
		}
		var re *rules.Error
		if errors.As(err, &re) {
			msg := re.Msg
			if re.RuleID != "" {
				msg = fmt.Sprintf("rule %s: %s", re.RuleID, re.Msg)
			}
			out = append(out, backend.RuleProblem{Line: re.Line, Column: re.Col, Message: msg})
			return
		}
		out = append(out, backend.RuleProblem{Message: err.Error()})
	}
	walk(err)
	return out
}

// Test compiles source, evaluates its request-hook rules on req and runs the
// rules' own test cases. Matched lists the rules that matched req; a failed
// test case is reported as a problem at its line.
func Test(source string, req backend.Request) backend.RuleTestResult {
	set, probs := compile(source)
	if len(probs) > 0 {
		return backend.RuleTestResult{Problems: probs}
	}
	var res backend.RuleTestResult
	ev := set.Eval(rules.RequestHook, &rules.Input{Request: toRequest(req)}, nil)
	for _, m := range ev.Matches {
		res.Matched = append(res.Matched, m.RuleID)
		res.Actions = append(res.Actions, string(m.Action))
	}
	rs, _ := rules.Parse(fileName, []byte(source)) // parsed above without error
	for _, tr := range rules.RunTests(rs) {
		if !tr.Passed {
			res.Problems = append(res.Problems, backend.RuleProblem{Line: tr.Pos.Line, Column: tr.Pos.Col,
				Message: strings.TrimPrefix(tr.String(), fmt.Sprintf("%s:%d:%d: ", tr.Pos.File, tr.Pos.Line, tr.Pos.Col))})
		}
	}
	return res
}

// toRequest converts the dashboard's scrubbed request into the engine's.
//
// Parameters recorded by agents carry their source (query.q, form.name,
// path.id, cookie.theme, header.referer; see docs/rules.md, "User
// inputs"), and go back where they came from; a parameter without one of
// these prefixes (a hand-written fixture's "q") is a query parameter.
// Query parameters missing from Params are read from the raw query.
// JSON body values (body.*) are not rebuilt: request.body stays nil.
func toRequest(r backend.Request) *rules.Request {
	out := &rules.Request{Method: r.Method, Path: r.Path, RawQuery: r.Query,
		Query: map[string][]string{}, Form: map[string][]string{}, Headers: map[string][]string{},
		Cookies: map[string]string{}, Params: map[string]string{}}
	if out.Method == "" {
		out.Method = "GET"
	}
	if out.Path == "" {
		out.Path = "/"
	}
	for _, kv := range r.Headers {
		k := strings.ToLower(kv.Key)
		out.Headers[k] = append(out.Headers[k], kv.Value)
	}
	recordedHeaders := len(out.Headers) > 0
	for _, kv := range r.Params {
		src, name, _ := strings.Cut(kv.Key, ".")
		switch {
		case name == "":
			out.Query[kv.Key] = append(out.Query[kv.Key], kv.Value)
		case src == "query":
			out.Query[name] = append(out.Query[name], kv.Value)
		case src == "form":
			out.Form[name] = append(out.Form[name], kv.Value)
		case src == "path":
			out.Params[name] = kv.Value
		case src == "cookie":
			out.Cookies[name] = kv.Value
		case src == "header":
			if !recordedHeaders { // else already there, under its own name
				k := strings.ToLower(name)
				out.Headers[k] = append(out.Headers[k], kv.Value)
			}
		case src == "body":
		default:
			out.Query[kv.Key] = append(out.Query[kv.Key], kv.Value)
		}
	}
	if q, err := url.ParseQuery(r.Query); err == nil {
		for k, vs := range q {
			if _, ok := out.Query[k]; !ok {
				out.Query[k] = vs
			}
		}
	}
	if ua := out.Headers["user-agent"]; len(ua) > 0 {
		out.UserAgent = ua[0]
	}
	return out
}
