package rules

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Fixture is the input of a rule test case, written in YAML as the request
// and, for a sink hook, the sink's arguments:
//
//	input:
//	  request:
//	    method: GET
//	    query: {id: "1 OR 1=1"}
//	  sql: {query: "SELECT * FROM t WHERE id = 1 OR 1=1", dialect: postgresql}
type Fixture struct {
	Request    *FixtureRequest `yaml:"request"`
	SQL        *SQLSink        `yaml:"sql"`
	Shell      *ShellSink      `yaml:"shell"`
	File       *FileSink       `yaml:"file"`
	HTTPClient *URLSink        `yaml:"http_client"`
	Template   *TemplateSink   `yaml:"template"`
	Response   *ResponseInfo   `yaml:"response"`
}

// FixtureRequest is the YAML form of a Request. Query, form and header
// values are a string or a list of strings.
type FixtureRequest struct {
	Method    string            `yaml:"method"`
	Path      string            `yaml:"path"`
	Route     string            `yaml:"route"`
	RawQuery  string            `yaml:"raw_query"`
	ClientIP  string            `yaml:"client_ip"`
	User      string            `yaml:"user"`
	UserAgent string            `yaml:"user_agent"`
	Query     map[string]Values `yaml:"query"`
	Form      map[string]Values `yaml:"form"`
	Headers   map[string]Values `yaml:"headers"`
	Cookies   map[string]string `yaml:"cookies"`
	Params    map[string]string `yaml:"params"`
	Body      any               `yaml:"body"`
}

// Values is a list of strings that YAML may also write as one string.
type Values []string

// UnmarshalYAML accepts a scalar or a sequence of scalars.
func (v *Values) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		*v = Values{n.Value}
		return nil
	}
	var l []string
	if err := n.Decode(&l); err != nil {
		return fmt.Errorf("want a string or a list of strings: %w", err)
	}
	*v = l
	return nil
}

// fixtureKeys lists the keys each part of a fixture accepts, so that a
// misspelt key is an error rather than an empty field.
var fixtureKeys = map[string][]string{
	"input":       {"request", "sql", "shell", "file", "http_client", "template", "response"},
	"request":     {"method", "path", "route", "raw_query", "client_ip", "user", "user_agent", "query", "form", "headers", "cookies", "params", "body"},
	"sql":         {"query", "dialect"},
	"shell":       {"command", "argv"},
	"file":        {"op", "path"},
	"http_client": {"url"},
	"template":    {"name", "output"},
	"response":    {"status", "headers"},
}

// Input builds the Input the fixture describes.
func (f *Fixture) Input() *Input {
	in := &Input{SQL: f.SQL, Shell: f.Shell, File: f.File, HTTPClient: f.HTTPClient,
		Template: f.Template, Response: f.Response}
	if in.Response != nil && in.Response.Headers != nil {
		h := make(map[string][]string, len(in.Response.Headers))
		for k, v := range in.Response.Headers {
			h[strings.ToLower(k)] = v
		}
		in.Response = &ResponseInfo{Status: in.Response.Status, Headers: h}
	}
	if r := f.Request; r != nil {
		req := &Request{Method: r.Method, Path: r.Path, Route: r.Route, RawQuery: r.RawQuery,
			ClientIP: r.ClientIP, User: r.User, UserAgent: r.UserAgent, Cookies: r.Cookies,
			Params: r.Params, Body: jsonLike(r.Body),
			Query: values(r.Query, false), Form: values(r.Form, false), Headers: values(r.Headers, true)}
		if req.Method == "" {
			req.Method = "GET"
		}
		if req.Path == "" {
			req.Path = "/"
		}
		if ua := req.Headers["user-agent"]; req.UserAgent == "" && len(ua) > 0 {
			req.UserAgent = ua[0]
		} else if req.UserAgent != "" && len(ua) == 0 {
			if req.Headers == nil {
				req.Headers = map[string][]string{}
			}
			req.Headers["user-agent"] = []string{req.UserAgent}
		}
		in.Request = req
	}
	return in
}

func values(m map[string]Values, lower bool) map[string][]string {
	if m == nil {
		return nil
	}
	out := make(map[string][]string, len(m))
	for k, v := range m {
		if lower {
			k = strings.ToLower(k)
		}
		out[k] = []string(v)
	}
	return out
}

// jsonLike converts a body decoded from YAML to the shapes encoding/json
// produces, so that rule tests see what production sees: numbers become
// float64, mapping keys strings, and YAML-only types their text.
func jsonLike(v any) any {
	switch v := v.(type) {
	case nil, string, bool, float64:
		return v
	case int:
		return float64(v)
	case int64:
		return float64(v)
	case uint64:
		return float64(v)
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = jsonLike(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[k] = jsonLike(e)
		}
		return out
	case map[any]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[fmt.Sprint(k)] = jsonLike(e)
		}
		return out
	}
	return fmt.Sprint(v)
}
