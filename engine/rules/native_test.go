package rules

import (
	"testing"
)

// equivalenceConditions are conditions with native plans; FuzzNativeMatchesExpr
// evaluates them natively and on expr's VM and expects the same verdicts.
var equivalenceConditions = []string{
	`any_input(# == "admin")`,
	`any_input(url_decode(#) contains "<")`,
	`any_input(html_decode(#) startsWith "<")`,
	`any_input(unicode_normalize(#) endsWith "'")`,
	`any_input(lower(#) in ["select", "union"])`,
	`any_param(upper(#) matches "^[A-Z0-9 ]+$")`,
	`any_input(is_sqli(#)) || any_input(is_xss(#))`,
	`!any_param(url_decode(html_decode(#)) != "") and request.method == "GET"`,
	`cidr_match(request.client_ip, "10.0.0.0/8") || is_scanner(request.user_agent)`,
	`request.user_agent contains "bot" && not (request.path startsWith "/api")`,
	`any_input(len(#) > 8) || len(request.path) <= 2`,
	`any_param(len(url_decode(#)) == 3) and len(request.user_agent) != 0`,
	`len(request.client_ip) >= 7 && len(request.client_ip) < 16`,
}

func TestNativePlans(t *testing.T) {
	for _, c := range equivalenceConditions {
		set, errs := Compile([]Rule{{ID: "r", Hook: RequestHook, Condition: c}})
		if len(errs) > 0 {
			t.Fatalf("%s: %v", c, errs[0])
		}
		if !set.Stats()[0].Native {
			t.Errorf("%s: no native plan", c)
		}
	}
	for _, c := range []string{
		`len(request.query) > 3`,
		`request.query.q[0] == "x"`,
		`any_input(3 < len(#))`,
		`request.path == request.route`,
	} {
		set, errs := Compile([]Rule{{ID: "r", Hook: RequestHook, Condition: c}})
		if len(errs) > 0 {
			t.Fatalf("%s: %v", c, errs[0])
		}
		if set.Stats()[0].Native {
			t.Errorf("%s: planned natively, but plans do not support it", c)
		}
	}
}

func FuzzNativeMatchesExpr(f *testing.F) {
	for _, s := range []string{"admin", "%3Cb%3E", "&lt;i", "ｘ＇", "SELECT", "union", "A1 B2", "1' OR '1'='1", "<script>", "10.1.1.1", "sqlmap/1"} {
		f.Add(s, s)
	}
	var native, vm []*Set
	for i, c := range equivalenceConditions {
		r := []Rule{{ID: "r" + string(rune('a'+i)), Hook: RequestHook, Condition: c}}
		n, errs := Compile(r)
		e, errs2 := Compile(r, withoutNative())
		if len(errs)+len(errs2) > 0 {
			f.Fatal(errs, errs2)
		}
		native, vm = append(native, n), append(vm, e)
	}
	f.Fuzz(func(t *testing.T, value, header string) {
		mk := func() *Input {
			return &Input{Request: &Request{Method: "GET", Path: "/" + value, ClientIP: value, UserAgent: header,
				Query:   map[string][]string{"q": {value}},
				Headers: map[string][]string{"x-h": {header}, "user-agent": {header}}}}
		}
		for i := range native {
			a := native[i].Eval(RequestHook, mk(), nil)
			b := vm[i].Eval(RequestHook, mk(), nil)
			if a.Panics != 0 || b.Panics != 0 || len(a.Matches) != len(b.Matches) {
				t.Errorf("%s on %q, %q: native %d matches (%d panics), expr %d matches (%d panics)",
					equivalenceConditions[i], value, header, len(a.Matches), a.Panics, len(b.Matches), b.Panics)
			}
		}
	})
}
