package respond

import (
	"bufio"
	"fmt"
	"io"
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
	// plainWire, secureWire and cspWire are the same headers as net/http
	// writes them in a response's header block ("Name: value\r\n" each),
	// for a Writer that leaves them to the writing of the block (see
	// Writer.WireHeaders); cspWire is empty without a CSP.
	plainWire, secureWire, cspWire string
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
	p.plainWire, p.secureWire, p.cspWire = wireLines(p.plain), wireLines(p.secure), ""
	if p.CSP != "" {
		p.cspWire = wireLines([]Header{{p.cspName(), p.CSP}})
	}
	p.canonical = true
	return nil
}

// wireLines is list as net/http writes it in a header block (see
// writeWireLine).
func wireLines(list []Header) string {
	var b strings.Builder
	for _, h := range list {
		writeWireLine(&b, h)
	}
	return b.String()
}

// writeWireLine writes h as net/http writes a header's line: its value
// trimmed of spaces and tabs.
func writeWireLine(bw io.StringWriter, h Header) {
	bw.WriteString(h.Name)
	bw.WriteString(": ")
	bw.WriteString(textproto.TrimString(h.Value))
	bw.WriteString("\r\n")
}

// cspName is the header the CSP is sent in.
func (p *Headers) cspName() string {
	if p.CSPReportOnly {
		return "Content-Security-Policy-Report-Only"
	}
	return "Content-Security-Policy"
}

// checkHeader reports whether a header can be sent as given: its name a
// token (RFC 9110; net/http leaves out a header whose name is not one)
// and its value on one line.
func checkHeader(name, value string) error {
	if name == "" || strings.ContainsFunc(name, func(r rune) bool { return !isTokenChar(r) }) {
		return fmt.Errorf("header name %q is not a valid token", name)
	}
	if strings.ContainsAny(value, "\r\n\x00") {
		return fmt.Errorf("header %s: value contains a control character", name)
	}
	return nil
}

// isTokenChar reports whether r may be in a header's name (RFC 9110 tchar).
func isTokenChar(r rune) bool {
	return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || strings.ContainsRune("!#$%&'*+-.^_`|~", r)
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
	if !appSetCSP(h) {
		addHeader(h, p.cspName(), p.CSP, vals, 1)
	}
}

// appSetCSP reports whether h has a CSP of either kind, which wins over
// the policy's.
func appSetCSP(h http.Header) bool {
	return len(h["Content-Security-Policy"]) > 0 || len(h["Content-Security-Policy-Report-Only"]) > 0
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

// writeWire writes to bw, for a response over TLS or not whose header is
// h, the lines of the policy's headers that h does not have, as net/http
// writes a header block: what apply would have added to h, which net/http
// would then have written. A validated policy only.
func (p *Headers) writeWire(h http.Header, bw *bufio.Writer, tls bool) {
	list, wire := p.plain, p.plainWire
	if tls {
		list, wire = p.secure, p.secureWire
	}
	for i := range list {
		if _, set := h[list[i].Name]; set {
			writeWireUnset(h, bw, list)
			wire = ""
			break
		}
	}
	bw.WriteString(wire)
	if p.cspWire != "" && !appSetCSP(h) {
		bw.WriteString(p.cspWire)
	}
}

// writeWireUnset is writeWire's way when the handler set one of the
// headers of list itself: the others, one by one. Apart, so that the
// common way's code is short and contiguous.
//
//go:noinline
func writeWireUnset(h http.Header, bw *bufio.Writer, list []Header) {
	for i := range list {
		if _, set := h[list[i].Name]; !set {
			writeWireLine(bw, list[i])
		}
	}
}
