// Package urlhost finds the scheme, host and port of a URL the way the
// parsers that fetch it would, and turns a host, in any of the spellings
// those parsers accept, into a name or an IP address.
//
// # Why not net/url
//
// An SSRF check must see the host a fetcher will connect to, and fetchers
// disagree: browsers and WHATWG-following libraries read "\" as "/" and
// accept "http:\\host", decimal, octal and hex IPv4 ("2130706433",
// "0177.0.0.1", "0x7f.1"), percent-encoded and full-width hosts; net/url
// rejects some of these and other parsers read "http://a\@b/" or
// "http://a#@b/" as host b. Split therefore returns the authority each
// family of parsers finds (WHATWG, RFC 3986, and a naive "up to the first
// slash" reading), so that a caller can check all of them.
//
// # Hosts
//
// ParseHost decodes percent escapes, folds the Unicode look-alikes that
// IDNA mapping turns into ASCII (full-width forms, circled letters and
// digits, ideographic full stops, mathematical digits), lower-cases,
// drops trailing dots, strips IPv6 zones, and parses IPv4 with the WHATWG
// rules. A host that ends in a number but is not a valid IPv4 address
// ("1.2.3.4.5", "7147006462") is reported as Malformed: some resolvers
// truncate such numbers, none treat them as a public name.
//
// The package only parses; deciding which hosts are dangerous is the
// caller's policy (see package rasp).
package urlhost
