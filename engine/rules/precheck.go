package rules

import "strings"

// This file holds the pre-checks every request runs, straight from the
// raw request, in the order the agent runs them: the request hook's
// (User-Agent, parameters), then the template's. They decide most
// requests' rules without running them; kept together, their code shares
// a page or two instead of one page per file they came from (the linker
// lays a package's functions out in the order of its files and of their
// source; see bench/footprint's "code pages").

// RequestUnmatchedRaw is RequestUnmatched for a request with no body,
// form or path parameters, given by its raw query, its header (keyed as
// net/http's, cookies in its Cookie lines) and its User-Agent. The agent
// asks it at every request's entry: a Request on its stack, zeroed and
// filled for RequestUnmatched, was 300 bytes to write and some lines of
// code (bench/footprint -inclusive).
func (s *Set) RequestUnmatchedRaw(rawQuery string, header map[string][]string, userAgent string) bool {
	if s == nil || s.active[hookIndex(RequestHook)].Load() == 0 {
		return true
	}
	return s.requestUnmatched(rawQuery, header, userAgent)
}

// requestUnmatched is Unmatched at the request hook, for the request r:
// every enabled rule is a signature of the parameters that no parameter
// of r is a candidate for (requestParams; read from the raw query and
// cookies, without listing the inputs), or a condition on the User-Agent
// alone that r's User-Agent does not meet (requestUserAgent), as the
// built-in request rules are. The run of most requests' request rules
// comes down to that: the engine's evaluation, cold in the caches at
// every request, is left to the rest (see bench/footprint). What it needs
// of the rules is one word, reqGates.
func (s *Set) requestUnmatched(rawQuery string, header map[string][]string, userAgent string) bool {
	g := s.reqGates.Load()
	if g&gateAll == 0 {
		return false
	}
	if g&gateParams != 0 {
		params, ok := rawCandidates(rawQuery, header)
		if !ok || params&helperSet(g>>gatePreShift) != 0 {
			return false
		}
	}
	if g&gateUserAgent != 0 && !s.userAgentClean(s.hooks[hookIndex(RequestHook)], userAgent) {
		return false
	}
	s.countEvals(hookIndex(RequestHook))
	return true
}

// userAgentClean reports whether r's User-Agent meets none of the
// enabled requestUserAgent rules: known from an earlier request, or found
// now by running them (untimed: their helpers are the cheap signatures,
// and the User-Agent is short) and kept. A User-Agent longer than
// maxUserAgentLen, or new once maxUserAgents are kept, is left to Eval,
// with its time budget: past the bound a request takes no lock.
func (s *Set) userAgentClean(rules []*compiled, ua string) bool {
	if len(ua) > maxUserAgentLen {
		return false
	}
	if t := s.userAgents.Load(); t != nil {
		if t.has(ua) {
			return true
		}
		if t.n >= maxUserAgents {
			return false // left to Eval, as before the cache
		}
	}
	return s.learnUserAgent(rules, ua)
}

// rawCandidates is Request.rawCandidates on a raw query and header, once
// the request is known to have no other parameter.
func rawCandidates(rawQuery string, header map[string][]string) (helperSet, bool) {
	var s helperSet
	for raw := rawQuery; raw != ""; {
		var pair string
		pair, raw, _ = strings.Cut(raw, "&")
		escaped, semicolon := queryBytes(pair)
		if semicolon {
			continue // no input (see eachQueryValue)
		}
		if escaped {
			return ^helperSet(0), true
		}
		_, value, _ := strings.Cut(pair, "=")
		s |= candidates(value)
	}
	eachCookieOnce(header["Cookie"], func(_, v string) { s |= candidates(v) })
	return s, true
}

// eachCookieOnce calls fn for every entry ParseCookies would return, in
// no particular order, without building the map when no name is given
// twice (the usual case: a browser sends each name once). A jar of more
// than maxCookiesCompared cookies, or one with a name given twice, goes
// through ParseCookies.
func eachCookieOnce(lines []string, fn func(name, value string)) {
	if len(lines) == 0 {
		return
	}
	var names [maxCookiesCompared]string
	n, viaMap := 0, false
	eachCookie(lines, func(name, _ string) {
		switch {
		case viaMap:
		case n == len(names):
			viaMap = true
		default:
			for _, seen := range names[:n] {
				if seen == name {
					viaMap = true
					return
				}
			}
			names[n] = name
			n++
		}
	})
	if !viaMap {
		eachCookie(lines, fn)
		return
	}
	for name, value := range ParseCookies(lines) {
		fn(name, value)
	}
}

// candidates returns the helpers of prefiltered whose detector could flag
// the value v (see mayMatch).
func candidates(v string) helperSet {
	if len(v) < 2 {
		return 0
	}
	c := inputClass(v)
	var s helperSet
	for _, h := range prefiltered {
		if candidate(h, c) {
			s |= 1 << h
		}
	}
	return s
}

// AnyRawInput reports whether fn is true for some input of a request whose
// only inputs are its raw query, its header and its cookies (no body, no
// path parameters), read straight from them without listing them (see
// eachRawInput), and true; or false when only the list of inputs can tell
// (a query pair with an escape, more pairs than are listed). fn gets each
// value and whether it is a header's, and must have no effect. The
// agent's template pre-check asks it with the request's own fields, which
// spares it the copy into a Request.
func AnyRawInput(rawQuery string, header map[string][]string, fn func(v string, header bool) bool) (found, ok bool) {
	return eachRaw(rawQuery, header, fn)
}

// eachRaw is eachRawInput on a raw query and header, once the request is
// known to have no other input. A query of more pairs than are listed
// (maxQueryParams) is found out by counting them on the way, not first
// (strings.Count ran 4 more lines of code per request): fn may then be
// true of a pair the list drops, which is sound, found being a "maybe"
// for the callers, who then ask the list.
func eachRaw(rawQuery string, header map[string][]string, fn func(v string, header bool) bool) (found, ok bool) {
	// The loop of rawCandidates, not shared: through a function value
	// it ran 10 more lines of code per request (see bench/footprint).
	pairs := 0
	for raw := rawQuery; raw != ""; {
		if pairs++; pairs > maxQueryParams {
			return false, false
		}
		var pair string
		pair, raw, _ = strings.Cut(raw, "&")
		escaped, semicolon := queryBytes(pair)
		if semicolon {
			continue // no input (see eachQueryValue)
		}
		if escaped {
			return false, false
		}
		_, value, _ := strings.Cut(pair, "=")
		if fn(value, false) {
			return true, true
		}
	}
	for k, vs := range header {
		if k == "Cookie" {
			eachCookie(vs, func(_, v string) { found = found || fn(v, false) })
			if found {
				return true, true
			}
			continue
		}
		// The value first, the name only for a value fn is true of: most
		// values are dismissed by fn, and the name's test (lower-casing
		// it, then the list of headers that are not inputs) ran 6 more
		// lines of code per request (bench/footprint).
		for _, v := range vs {
			if fn(v, true) && headerIsInput(LowerHeader(k)) {
				return true, true
			}
		}
	}
	return false, true
}
