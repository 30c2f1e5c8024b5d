package memory

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/sqreen-go/sqreen/webui/backend"
)

// CheckSource is the stand-in rule checker: it reports, with line and
// column, unbalanced brackets and unterminated quotes, and a missing "id:"
// key. It knows nothing of expr's semantics; the platform checks rules with
// the engine's compiler instead.
func CheckSource(source string) []backend.RuleProblem {
	var probs []backend.RuleProblem
	hasID := false
	for i, line := range strings.Split(source, "\n") {
		if strings.HasPrefix(strings.TrimLeft(line, " -"), "id:") {
			hasID = true
		}
		if p, ok := checkLine(line); ok {
			p.Line = i + 1
			probs = append(probs, p)
		}
	}
	if !hasID && strings.TrimSpace(source) != "" {
		probs = append(probs, backend.RuleProblem{Line: 1, Column: 1, Message: `missing key "id"`})
	}
	if strings.TrimSpace(source) == "" {
		probs = append(probs, backend.RuleProblem{Line: 1, Column: 1, Message: "empty rule"})
	}
	return probs
}

// checkLine finds the first bracket or quote problem of one line.
func checkLine(line string) (backend.RuleProblem, bool) {
	type open struct {
		ch  rune
		col int
	}
	var stack []open
	var quote rune
	quoteCol := 0
	pairs := map[rune]rune{')': '(', ']': '[', '}': '{'}
	for i, c := range []rune(line) {
		col := i + 1
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '#' && len(stack) == 0:
			return backend.RuleProblem{}, false
		case c == '"' || c == '\'':
			quote, quoteCol = c, col
		case c == '(' || c == '[' || c == '{':
			stack = append(stack, open{c, col})
		case pairs[c] != 0:
			if len(stack) == 0 || stack[len(stack)-1].ch != pairs[c] {
				return backend.RuleProblem{Column: col, Message: fmt.Sprintf("unexpected %q", c)}, true
			}
			stack = stack[:len(stack)-1]
		}
	}
	if quote != 0 {
		return backend.RuleProblem{Column: quoteCol, Message: "unterminated string"}, true
	}
	if len(stack) > 0 {
		o := stack[len(stack)-1]
		return backend.RuleProblem{Column: o.col, Message: fmt.Sprintf("unclosed %q", o.ch)}, true
	}
	return backend.RuleProblem{}, false
}

var (
	idLine  = regexp.MustCompile(`(?m)^[\s-]*id:\s*(\S+)`)
	literal = regexp.MustCompile(`"([^"]+)"|'([^']+)'`)
)

// testSource is the stand-in tester: a valid source matches a request when
// one of its quoted string literals occurs in the request's path, query,
// parameters or header values.
func testSource(check Checker) Tester {
	return func(source string, req backend.Request) backend.RuleTestResult {
		if probs := check(source); len(probs) > 0 {
			return backend.RuleTestResult{Problems: probs}
		}
		hay := []string{req.Path, req.Query}
		for _, kv := range append(append([]backend.KV(nil), req.Params...), req.Headers...) {
			hay = append(hay, kv.Value)
		}
		text := strings.Join(hay, "\n")
		var res backend.RuleTestResult
		for _, m := range literal.FindAllStringSubmatch(source, -1) {
			lit := m[1] + m[2]
			if strings.Contains(text, lit) {
				id := "rule"
				if idm := idLine.FindStringSubmatch(source); idm != nil {
					id = idm[1]
				}
				res.Matched = append(res.Matched, id)
				res.Actions = append(res.Actions, "match")
				break
			}
		}
		return res
	}
}
