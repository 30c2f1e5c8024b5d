package respond

import (
	"fmt"
	"net/http"
	"net/textproto"
	"strings"
)

// Headers is a security headers policy: headers added to every response of
// a protected request unless the app set them itself.
type Headers struct {
	// Always are set on every response, e.g. X-Content-Type-Options.
	Always []Header
	// HSTS is the Strict-Transport-Security value, sent on HTTPS only
	// (empty: not sent).
	HSTS string
	// CSP is the Content-Security-Policy, empty for none.
	CSP string
	// CSPReportOnly sends CSP as Content-Security-Policy-Report-Only.
	CSPReportOnly bool

	// canonical is set by Validate once every name in Always is in
	// canonical form, so that Apply need not canonicalize per response.
	canonical bool
	// plain and secure are what Validate found to add to a response over
	// HTTP and over HTTPS: the headers of Always with a value, in
	// canonical form, and HSTS over HTTPS (not the CSP, which has a rule
	// of its own).
	plain, secure []Header
}

// Header is one header name and value.
type Header struct{ Name, Value string }

// DefaultHeaders returns the default policy: nosniff, frame-ancestors
// same origin, a strict referrer policy, HSTS for a year on HTTPS and a
// Permissions-Policy turning off powerful features; no CSP.
func DefaultHeaders() *Headers {
	return &Headers{
		Always: []Header{
			{"X-Content-Type-Options", "nosniff"},
			{"X-Frame-Options", "SAMEORIGIN"},
			{"Referrer-Policy", "strict-origin-when-cross-origin"},
			{"Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"},
		},
		HSTS: "max-age=31536000",
	}
}

// Validate checks that every name and value can be sent, and rewrites the
// names of Always in canonical form (as http.Header keys them), done once
// here rather than on every response. Do not change p after Validate.
func (p *Headers) Validate() error {
	p.canonical = false
	for _, h := range p.Always {
		if err := checkHeader(h.Name, h.Value); err != nil {
			return err
		}
	}
	if err := checkHeader("Strict-Transport-Security", p.HSTS); err != nil {
		return err
	}
	if err := checkHeader("Content-Security-Policy", p.CSP); err != nil {
		return err
	}
	p.plain, p.secure = nil, nil
	for i := range p.Always {
		p.Always[i].Name = textproto.CanonicalMIMEHeaderKey(p.Always[i].Name)
		if p.Always[i].Value != "" {
			p.plain = append(p.plain, p.Always[i])
		}
	}
	p.secure = append(p.secure, p.plain...)
	if p.HSTS != "" {
		p.secure = append(p.secure, Header{"Strict-Transport-Security", p.HSTS})
	}
	p.canonical = true
	return nil
}

func checkHeader(name, value string) error {
	if name == "" || strings.ContainsFunc(name, func(r rune) bool { return r <= ' ' || r >= 0x7f || r == ':' }) {
		return fmt.Errorf("header name %q is not a valid token", name)
	}
	if strings.ContainsAny(value, "\r\n\x00") {
		return fmt.Errorf("header %s: value contains a control character", name)
	}
	return nil
}

// Apply adds the policy's headers to h, leaving alone those already set.
func (p *Headers) Apply(h http.Header, tls bool) { p.apply(h, tls, nil) }

// applyUnvalidated is apply for a policy Validate has not seen: its names
// canonicalized on every response.
func (p *Headers) applyUnvalidated(h http.Header, tls bool, buf []string) {
	vals := buf[:0]
	for i := range p.Always {
		x := &p.Always[i]
		vals = addHeader(h, textproto.CanonicalMIMEHeaderKey(x.Name), x.Value, vals, len(p.Always)+2)
	}
	if tls {
		vals = addHeader(h, "Strict-Transport-Security", p.HSTS, vals, 2)
	}
	if p.CSP != "" {
		p.applyCSP(h, vals)
	}
}

// applyCSP adds the CSP unless the app set a policy of either kind,
// which wins.
func (p *Headers) applyCSP(h http.Header, vals []string) {
	if len(h["Content-Security-Policy"]) == 0 && len(h["Content-Security-Policy-Report-Only"]) == 0 {
		k := "Content-Security-Policy"
		if p.CSPReportOnly {
			k = "Content-Security-Policy-Report-Only"
		}
		addHeader(h, k, p.CSP, vals, 1)
	}
}

// addHeader sets h[k] to value, a one-element slice of vals' backing
// array (a new one of capacity room when vals is full), unless value is
// empty or h has k; it returns vals with the value appended if it was.
func addHeader(h http.Header, k, value string, vals []string, room int) []string {
	if value == "" {
		return vals
	}
	if _, ok := h[k]; ok {
		return vals
	}
	if len(vals) == cap(vals) {
		vals = make([]string, 0, room)
	}
	vals = append(vals, value)
	n := len(vals)
	h[k] = vals[n-1 : n : n]
	return vals
}
