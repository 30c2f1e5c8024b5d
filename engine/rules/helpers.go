package rules

import (
	"net/netip"
	"strings"

	"github.com/expr-lang/expr"
)

// helperID names a helper in native plans and evalState.call.
type helperID uint8

const (
	hNone helperID = iota
	hSQLInjection
	hShellInjection
	hPathTraversal
	hSSRF
	hTemplateXSS
	hIsSQLi
	hIsXSS
	hIsScanner
	hCIDRMatch
	hURLDecode
	hHTMLDecode
	hUnicodeNormalize
)

// helper is one row of helperTable: a function rules can call.
type helper struct {
	id   helperID
	name string
	// params are the parameter names rule authors see (all strings).
	params []string
	// transform helpers return a string; the others return a bool.
	transform bool
	// stateful helpers receive the evaluation state as a hidden first
	// argument (inserted by statePatcher): the request's inputs for the
	// context-aware detectors, and the evidence every predicate records.
	stateful bool
	// constArg is the index of the parameter that must be a string
	// constant, validated at compile time, or -1.
	constArg int
	doc      string
}

// helperTable lists every helper function of the rule language, besides
// expr's builtins and any_input (see anyinput.go). docs/rules.md documents
// the same list.
var helperTable = [...]helper{
	{hSQLInjection, "sql_injection", []string{"query", "dialect"}, false, true, -1,
		"a request input, where it occurs in the query, changes its SQL structure"},
	{hShellInjection, "shell_injection", []string{"command"}, false, true, -1,
		"a request input changes the command line's shell structure"},
	{hPathTraversal, "path_traversal", []string{"path"}, false, true, -1,
		"a request input makes the path leave its folder"},
	{hSSRF, "ssrf", []string{"url"}, false, true, -1,
		"a request input controls the URL's scheme, host or port, dangerously"},
	{hTemplateXSS, "template_xss", []string{"html"}, false, true, -1,
		"a request input with HTML syntax appears unescaped in the output"},
	{hIsSQLi, "is_sqli", []string{"s"}, false, true, -1,
		"s looks like a SQL injection (input-only signature)"},
	{hIsXSS, "is_xss", []string{"s"}, false, true, -1,
		"s looks like cross-site scripting (input-only signature)"},
	{hIsScanner, "is_scanner", []string{"user_agent"}, false, true, -1,
		"the User-Agent names a known attack tool"},
	{hCIDRMatch, "cidr_match", []string{"ip", "cidr"}, false, false, 1,
		"ip lies in the constant network cidr (\"10.0.0.0/8\", \"::1/128\")"},
	{hURLDecode, "url_decode", []string{"s"}, true, false, -1,
		"s with %XX and + decoded (invalid escapes kept as they are)"},
	{hHTMLDecode, "html_decode", []string{"s"}, true, false, -1,
		"s with HTML character references decoded"},
	{hUnicodeNormalize, "unicode_normalize", []string{"s"}, true, false, -1,
		"s with full-width and compatibility forms folded to ASCII"},
}

// helperByName returns the helper called name.
func helperByName(name string) (*helper, bool) {
	for i := range helperTable {
		if helperTable[i].name == name {
			return &helperTable[i], true
		}
	}
	return nil, false
}

// exprOptions returns the expr options declaring every helper with its
// type, so that the checker verifies each call's arguments.
func helperOptions() []expr.Option {
	opts := make([]expr.Option, 0, len(helperTable))
	for i := range helperTable {
		h := &helperTable[i]
		opts = append(opts, expr.Function(h.name, h.exprFunc(), h.exprType()))
	}
	// The predicate wrappers of any_input and any_param (wrapIteration).
	for _, it := range iterators {
		params := it.name == "any_param"
		opts = append(opts, expr.Function(it.name, func(p ...any) (any, error) {
			ok := p[2].(bool)
			if ok {
				p[0].(*evalState).recordInput(p[1].(string), params)
			}
			return ok, nil
		}, new(func(*evalState, string, bool) bool)))
	}
	return opts
}

// exprType is the helper's Go signature as expr's checker sees it.
func (h *helper) exprType() any {
	switch {
	case h.transform:
		return new(func(string) string)
	case h.stateful && len(h.params) == 2:
		return new(func(*evalState, string, string) bool)
	case h.stateful:
		return new(func(*evalState, string) bool)
	default:
		return new(func(string, string) bool)
	}
}

// exprFunc is the helper's implementation for the expr VM. The native
// plans (native.go) call the same code through evalState.call without
// boxing anything.
func (h *helper) exprFunc() func(params ...any) (any, error) {
	id := h.id
	switch {
	case h.transform:
		return func(p ...any) (any, error) { return transform(id, p[0].(string)), nil }
	case h.stateful && len(h.params) == 2:
		return func(p ...any) (any, error) {
			return p[0].(*evalState).call(id, p[1].(string), p[2].(string)), nil
		}
	case h.stateful:
		return func(p ...any) (any, error) {
			return p[0].(*evalState).call(id, p[1].(string), ""), nil
		}
	default: // cidr_match
		return func(p ...any) (any, error) {
			pfx, err := netip.ParsePrefix(p[1].(string))
			if err != nil {
				return false, err
			}
			return cidrMatch(p[0].(string), pfx), nil
		}
	}
}

// cidrMatch reports whether ip is in pfx; a malformed ip is not.
func cidrMatch(ip string, pfx netip.Prefix) bool {
	if i := strings.IndexByte(ip, '%'); i >= 0 {
		ip = ip[:i] // zone
	}
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return false
	}
	return pfx.Contains(a.Unmap())
}

// transform applies a string helper.
func transform(id helperID, s string) string {
	switch id {
	case hURLDecode:
		return urlDecode(s)
	case hHTMLDecode:
		return htmlDecode(s)
	case hUnicodeNormalize:
		return unicodeNormalize(s)
	}
	return s
}
