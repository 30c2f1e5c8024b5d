package rules

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Parse reads a rule file:
//
//	rules:
//	  - id: sqli-search
//	    hook: sql
//	    condition: sql_injection(sql.query, sql.dialect)
//	    action: block
//
// (docs/rules.md has the full format). Every problem is reported as an
// *Error with the file, line, column and rule id; Parse returns the rules
// it could read beside the errors of the others (joined with errors.Join),
// so a caller may load the good ones. Conditions are only checked by
// Compile.
func Parse(filename string, data []byte) ([]Rule, error) {
	return parse(filename, data, false)
}

// ParseWithoutTests is Parse for the agent, which runs rules and never
// their test cases: the tests key is neither read nor checked (tools
// check it with Parse). Decoding the cases' fixtures fills the YAML
// library's cache of struct layouts, ~8 KB that would stay live in every
// protected app and be marked by each GC cycle.
func ParseWithoutTests(filename string, data []byte) ([]Rule, error) {
	return parse(filename, data, true)
}

func parse(filename string, data []byte, skipTests bool) ([]Rule, error) {
	p := parser{file: filename, lines: strings.Split(string(data), "\n"), skipTests: skipTests}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, p.yamlError(err)
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, &Error{File: filename, Msg: "empty rule file (want a mapping with a rules list)"}
	}
	top := doc.Content[0]
	if top.Kind != yaml.MappingNode {
		return nil, p.errAt(top, "", "want a mapping with a rules list at the top")
	}
	var list *yaml.Node
	for i := 0; i+1 < len(top.Content); i += 2 {
		k, v := top.Content[i], top.Content[i+1]
		switch k.Value {
		case "rules":
			list = v
		default:
			p.errs = append(p.errs, p.errAt(k, "", fmt.Sprintf("unknown key %q (want rules)", k.Value)))
		}
	}
	if list == nil {
		return nil, errors.Join(append(p.errs, p.errAt(top, "", "missing rules list"))...)
	}
	if list.Kind != yaml.SequenceNode {
		return nil, p.errAt(list, "", "rules must be a list")
	}
	var out []Rule
	ids := map[string]int{}
	for _, n := range list.Content {
		r, ok := p.rule(n)
		if !ok {
			continue
		}
		if line, dup := ids[r.ID]; dup {
			p.errs = append(p.errs, p.errAt(n, r.ID, fmt.Sprintf("duplicate rule id (first at line %d)", line)))
			continue
		}
		ids[r.ID] = r.Pos.Line
		out = append(out, r)
	}
	return out, errors.Join(p.errs...)
}

type parser struct {
	file      string
	lines     []string
	errs      []error
	skipTests bool // see ParseWithoutTests
}

func (p *parser) errAt(n *yaml.Node, id, msg string) *Error {
	return &Error{File: p.file, Line: n.Line, Col: n.Column, RuleID: id, Msg: msg}
}

// yamlError turns a YAML syntax error into an *Error with its line, when
// it is one line of the form "yaml: line N: what". (Read by hand rather
// than with a package-level regexp, which every protected app would keep
// compiled, ~4 KB of heap that each GC cycle marks.)
func (p *parser) yamlError(err error) error {
	msg := err.Error()
	if rest, ok := strings.CutPrefix(msg, "yaml: line "); ok && !strings.Contains(rest, "\n") {
		num, what, ok := strings.Cut(rest, ": ")
		if line, err2 := strconv.Atoi(num); ok && err2 == nil && line >= 0 && num[0] != '+' {
			return &Error{File: p.file, Line: line, Col: 1, Msg: "invalid YAML: " + what, Err: err}
		}
	}
	return &Error{File: p.file, Msg: "invalid YAML: " + strings.TrimPrefix(msg, "yaml: "), Err: err}
}

// ruleKeys are the keys of a rule, in the order docs/rules.md lists them.
var ruleKeys = []string{"id", "name", "hook", "condition", "action", "severity", "tags", "tests", "disabled"}

// rule reads one rule; on error it records it and reports false.
func (p *parser) rule(n *yaml.Node) (Rule, bool) {
	r := Rule{Pos: Position{File: p.file, Line: n.Line, Col: n.Column}}
	if n.Kind != yaml.MappingNode {
		p.errs = append(p.errs, p.errAt(n, "", "a rule must be a mapping"))
		return r, false
	}
	fields := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		fields[k.Value] = v
		if k.Value == "id" && v.Kind == yaml.ScalarNode {
			r.ID = v.Value
		}
	}
	before := len(p.errs)
	fail := func(at *yaml.Node, format string, args ...any) {
		p.errs = append(p.errs, p.errAt(at, r.ID, fmt.Sprintf(format, args...)))
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if !slices.Contains(ruleKeys, k.Value) {
			fail(k, "unknown key %q (want one of %s)", k.Value, strings.Join(ruleKeys, ", "))
		}
	}
	str := func(key string) (string, *yaml.Node) {
		v := fields[key]
		if v == nil {
			return "", nil
		}
		if v.Kind != yaml.ScalarNode {
			fail(v, "%s must be a string", key)
			return "", nil
		}
		return v.Value, v
	}
	id, idNode := str("id")
	switch {
	case idNode == nil:
		fail(n, "missing id")
	case !validID(id):
		fail(idNode, "invalid id %q (want lower-case letters, digits, '-', '_', '.')", id)
	}
	r.Name, _ = str("name")
	hook, hookNode := str("hook")
	r.Hook = HookPoint(hook)
	switch {
	case hookNode == nil:
		fail(n, "missing hook")
	case !r.Hook.Valid():
		fail(hookNode, "unknown hook %q (want %s)", hook, hookNames())
	}
	cond, condNode := str("condition")
	if condNode == nil || strings.TrimSpace(cond) == "" {
		at := n
		if condNode != nil {
			at = condNode
		}
		fail(at, "missing condition")
	} else {
		r.Condition = cond
		r.ConditionPos, r.conditionBlock = p.scalarStart(condNode)
	}
	if a, an := str("action"); an != nil {
		r.Action = Action(a)
		if !r.Action.Valid() {
			fail(an, "unknown action %q (want block or monitor)", a)
		}
	} else {
		r.Action = Monitor
	}
	if s, sn := str("severity"); sn != nil {
		r.Severity = s
		if !validSeverity(s) {
			fail(sn, "unknown severity %q (want %s)", s, strings.Join(severities[:], ", "))
		}
	} else {
		r.Severity = "medium"
	}
	if r.Name == "" {
		r.Name = r.ID
	}
	if t := fields["tags"]; t != nil {
		if err := t.Decode(&r.Tags); err != nil {
			fail(t, "tags must be a list of strings")
		}
	}
	if d := fields["disabled"]; d != nil {
		if err := d.Decode(&r.Disabled); err != nil {
			fail(d, "disabled must be true or false")
		}
	}
	if t := fields["tests"]; t != nil && !p.skipTests {
		r.Tests = p.tests(&r, t)
	}
	return r, len(p.errs) == before
}

func hookNames() string {
	names := make([]string, len(hookTable))
	for i, h := range hookTable {
		names[i] = string(h.point)
	}
	return strings.Join(names, ", ")
}

// scalarStart returns where a scalar's text starts in the file, and
// whether it is a block scalar (| or >) whose lines all start at that
// column.
func (p *parser) scalarStart(n *yaml.Node) (Position, bool) {
	pos := Position{File: p.file, Line: n.Line, Col: n.Column}
	switch n.Style {
	case yaml.DoubleQuotedStyle, yaml.SingleQuotedStyle:
		pos.Col++
	case yaml.LiteralStyle, yaml.FoldedStyle:
		// The text starts on the first non-blank line after the
		// indicator, at that line's indentation.
		for l := n.Line; l < len(p.lines); l++ { // p.lines[l] is line l+1
			text := p.lines[l]
			if strings.TrimSpace(text) == "" {
				continue
			}
			pos.Line = l + 1
			pos.Col = len(text) - len(strings.TrimLeft(text, " ")) + 1
			return pos, true
		}
	}
	return pos, false
}

// tests reads a rule's test cases.
func (p *parser) tests(r *Rule, n *yaml.Node) []TestCase {
	fail := func(at *yaml.Node, format string, args ...any) {
		p.errs = append(p.errs, p.errAt(at, r.ID, fmt.Sprintf(format, args...)))
	}
	if n.Kind != yaml.SequenceNode {
		fail(n, "tests must be a list")
		return nil
	}
	var out []TestCase
	for i, tn := range n.Content {
		tc := TestCase{Name: fmt.Sprintf("#%d", i+1), Pos: Position{File: p.file, Line: tn.Line, Col: tn.Column}}
		if tn.Kind != yaml.MappingNode {
			fail(tn, "a test must be a mapping")
			continue
		}
		var input *yaml.Node
		for j := 0; j+1 < len(tn.Content); j += 2 {
			k, v := tn.Content[j], tn.Content[j+1]
			switch k.Value {
			case "name":
				tc.Name = v.Value
			case "expect":
				tc.Expect = v.Value
				if v.Value != ExpectMatch && v.Value != ExpectNoMatch {
					fail(v, "test %s: unknown expect %q (want match or no_match)", tc.Name, v.Value)
				}
			case "input":
				input = v
			default:
				fail(k, "test %s: unknown key %q (want name, input, expect)", tc.Name, k.Value)
			}
		}
		if tc.Expect == "" {
			fail(tn, "test %s: missing expect", tc.Name)
		}
		if input == nil {
			fail(tn, "test %s: missing input", tc.Name)
			continue
		}
		if !p.checkKeys(r, tc.Name, "input", input) {
			continue
		}
		if err := input.Decode(&tc.Input); err != nil {
			fail(input, "test %s: bad input: %v", tc.Name, strings.TrimPrefix(err.Error(), "yaml: "))
			continue
		}
		if r.Hook.Valid() && r.Hook != RequestHook && !sinkPresent(r.Hook, tc.Input.Input()) {
			fail(input, "test %s: input has no %s (the rule's hook)", tc.Name, r.Hook)
			continue
		}
		out = append(out, tc)
	}
	return out
}

// checkKeys reports unknown keys in a fixture mapping, one level down for
// each part.
func (p *parser) checkKeys(r *Rule, test, part string, n *yaml.Node) bool {
	if n.Kind != yaml.MappingNode {
		p.errs = append(p.errs, p.errAt(n, r.ID, fmt.Sprintf("test %s: %s must be a mapping", test, part)))
		return false
	}
	ok := true
	allowed := fixtureKeys[part]
	for j := 0; j+1 < len(n.Content); j += 2 {
		k, v := n.Content[j], n.Content[j+1]
		if !slices.Contains(allowed, k.Value) {
			p.errs = append(p.errs, p.errAt(k, r.ID, fmt.Sprintf("test %s: unknown key %q in %s (want one of %s)",
				test, k.Value, part, strings.Join(allowed, ", "))))
			ok = false
			continue
		}
		if part == "input" {
			ok = p.checkKeys(r, test, k.Value, v) && ok
		}
	}
	return ok
}
