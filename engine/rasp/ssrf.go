package rasp

import (
	"fmt"
	"strings"

	"github.com/sqreen-go/sqreen/engine/urlhost"
)

// SSRF reports whether input, where it occurs in url, makes the request
// go somewhere dangerous. See DetectSSRF.
func SSRF(url, input string) bool {
	_, ok := DetectSSRF(url, input)
	return ok
}

// DetectSSRF is the server-side request forgery detector.
//
// What it detects: a user input that controls the scheme, host or port of
// an outgoing request's URL and makes it dangerous:
//   - a scheme other than http and https (file:, gopher:, dict:, ftp:,
//     ldap:, jar:, netdoc:, data:, ...);
//   - a host DangerousHost rejects (internal addresses in any spelling,
//     internal or single-label names, cloud metadata, out-of-band
//     services), chosen by the input;
//   - a port chosen by the input on a host that is dangerous.
//
// Parsers disagree on URLs such as "http://a\@b/" or "http://a#@b/": the
// host every reading finds (see package urlhost) is checked, and tabs and
// newlines are dropped first as WHATWG parsers do.
//
// The input chooses the host when an occurrence covers it whole, or when
// it covers whole labels of it and the host would not be dangerous with a
// harmless placeholder instead: "http://<v>.svc.cluster.local" built by
// the application stays the application's choice, and "87.1" that happens
// to occur in "172.16.87.100" chooses nothing. It chooses the scheme when
// it holds the scheme with its colon ("gopher:").
//
// Not an attack: input in the path, query or fragment; a public http(s)
// host chosen by the user (an image fetcher by URL is a feature; rules can
// restrict it); userinfo alone.
//
// Arguments: url is the URL about to be requested; input a request value.
// Inputs shorter than 2 bytes or absent from url never match.
//
// Example: DetectSSRF("http://0177.0.0.1/admin", "http://0177.0.0.1/admin").
func DetectSSRF(url, input string) (Finding, bool) {
	if len(input) < 2 {
		return Finding{}, false
	}
	first := strings.Index(url, input)
	if first < 0 {
		return Finding{}, false
	}
	if strings.ContainsAny(url, "\t\n\r") {
		url, input = dropTabsNewlines(url), dropTabsNewlines(input)
		if first = strings.Index(url, input); len(input) < 2 || first < 0 {
			return Finding{}, false
		}
	}
	c := ssrfCheck{url: url, u: urlhost.Split(url)}
	for s := first; s >= 0; {
		occ := urlhost.Span{Start: s, End: s + len(input)}
		if reason := c.reason(occ); reason != "" {
			return Finding{Kind: "ssrf", Input: input, Offset: s, Reason: reason}, true
		}
		next := strings.Index(url[s+1:], input)
		if next < 0 {
			break
		}
		s += 1 + next
	}
	return Finding{}, false
}

func dropTabsNewlines(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, s)
}

// ssrfCheck holds what is known about a URL while its occurrences of the
// input are judged: each reading's host verdict is computed once.
type ssrfCheck struct {
	url     string
	u       urlhost.URL
	judged  [urlhost.NumReadings]bool
	bad     [urlhost.NumReadings]bool
	why     [urlhost.NumReadings]string
	retries int // placeholder substitutions made so far
}

// maxPlaceholderChecks bounds the substitutions (each a new URL) made for
// one call; past it, an input that covers whole labels of a dangerous host
// is taken to have chosen it.
const maxPlaceholderChecks = 16

func (c *ssrfCheck) hostVerdict(r urlhost.Reading) (string, bool) {
	if !c.judged[r] {
		a := c.u.Authorities[r].Host
		c.why[r], c.bad[r] = DangerousHost(c.url[a.Start:a.End])
		c.judged[r] = true
	}
	return c.why[r], c.bad[r]
}

// reason says why the occurrence occ of the input makes the URL dangerous.
func (c *ssrfCheck) reason(occ urlhost.Span) string {
	url, u := c.url, c.u
	// The input sets the scheme when it holds it with its ":" ("gopher:"):
	// a bare word that happens to equal the scheme proves nothing.
	schemeByInput := !u.Scheme.Empty() && occ.Contains(urlhost.Span{Start: u.Scheme.Start, End: u.Scheme.End + 1})
	if schemeByInput {
		scheme := url[u.Scheme.Start:u.Scheme.End]
		if !strings.EqualFold(scheme, "http") && !strings.EqualFold(scheme, "https") {
			return fmt.Sprintf("input sets the URL scheme %q", strings.ToLower(scheme))
		}
	}
	if !u.HasAuthority {
		return ""
	}
	for r := urlhost.Reading(0); r < urlhost.NumReadings; r++ {
		a := u.Authorities[r]
		if r > 0 && a == u.Authorities[r-1] {
			continue
		}
		hostByInput := occ.Overlaps(a.Host)
		portByInput := occ.Overlaps(a.Port)
		if !hostByInput && !portByInput {
			continue
		}
		reason, bad := c.hostVerdict(r)
		if !bad {
			continue
		}
		host := url[a.Host.Start:a.Host.End]
		switch {
		case schemeByInput || occ.Contains(a.Host):
			return fmt.Sprintf("input sets the host %q: %s", host, reason)
		case hostByInput && labelAligned(url, a.Host, occ) && !c.dangerousWithout(occ, r):
			return fmt.Sprintf("input turns the host into %q: %s", host, reason)
		case portByInput:
			return fmt.Sprintf("input picks the port of %q: %s", host, reason)
		}
	}
	return ""
}

// labelAligned reports whether the part of host that occ covers is made
// of whole labels: occ starts at the host's start or at a dot, and ends at
// the host's end or at a dot. A value that merely shares digits with an
// address ("87.1" in 172.16.87.100) does not choose the host.
func labelAligned(url string, host, occ urlhost.Span) bool {
	startOK := occ.Start <= host.Start || url[occ.Start] == '.' || url[occ.Start-1] == '.'
	endOK := occ.End >= host.End || url[occ.End-1] == '.' || url[occ.End] == '.'
	return startOK && endOK
}

// neutralLabel replaces the input to tell whether the application, not
// the input, made a host dangerous.
const neutralLabel = "sqreen-placeholder"

// dangerousWithout reports whether the host reading r finds is dangerous
// when the occurrence occ is replaced with a neutral label.
func (c *ssrfCheck) dangerousWithout(occ urlhost.Span, r urlhost.Reading) bool {
	if c.retries++; c.retries > maxPlaceholderChecks {
		return false
	}
	alt := c.url[:occ.Start] + neutralLabel + c.url[occ.End:]
	a := urlhost.Split(alt).Authorities[r]
	_, bad := DangerousHost(alt[a.Host.Start:a.Host.End])
	return bad
}
