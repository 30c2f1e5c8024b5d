package rules

// The pre-filter: skipping detector calls that cannot match.
//
// Most request values are words, numbers and a little punctuation, and the
// engine's detectors answer no for such values before doing any real work.
// The pre-filter answers that no earlier and once per request: when the
// inputs are listed (Request.Inputs), each value gets a byte-class set,
// the union of the classes of its bytes (inputClass); the request keeps the
// union over its parameters and over all its inputs. Headers, long and
// almost never what reaches a sink, are not classified: they get every
// class, so the pre-filter never skips one. For the helpers below,
// a necessary condition on that set tells whether the engine's detector
// could flag the value at all (candidate):
//
//	is_sqli          waf.DetectSQLi answers no for a value shorter than 2
//	                 bytes and for the values its sqlInert pre-filter passes,
//	                 among which every value made of letters only and every
//	                 value made of digits, '_', '.', '@', ' ', ',' and
//	                 non-ASCII bytes only (no letter, so no keyword);
//	is_xss           waf.DetectXSS answers no for a value shorter than 2
//	                 bytes and for one without < > = : " ` ; and &, and
//	                 without both an apostrophe and a '(' (its htmlInert);
//	sql_injection    rasp.DetectSQL answers no for an input shorter than 2
//	                 bytes and for a plain word (its sqlPlainWord): letters,
//	                 '_' and non-ASCII bytes only, or digits only.
//
// A plan then skips, without a call, every input that is no candidate
// (any_param(is_sqli(#)) tests only the candidates) and a whole
// any_input/any_param whose union is no candidate. Each condition is
// monotone (a larger set is a candidate if a smaller one is), so the union
// is a sound test for the whole list. The pre-filter applies only to the
// engine's own detectors: a detector replaced through WithDetectors is
// always called. TestPrefilterSameVerdicts evaluates the built-in rules on
// every value of the corpora with and without it and expects the same
// findings; FuzzPrefilter does the same on generated values.

// byteClass is a set of classes of bytes.
type byteClass uint16

const (
	cLetter byteClass = 1 << iota // A-Z a-z
	cDigit                        // 0-9
	cUnder                        // _
	cHigh                         // bytes >= 0x80
	cDot                          // .
	cAt                           // @
	cSpace                        // ' '
	cComma                        // ,
	cHyphen                       // -
	cApos                         // '
	cOpen                         // (
	cHTML                         // < > = : " ` ;
	cAmp                          // &
	cOther                        // any other byte
)

// byteClasses maps each byte to its class; it is derived from classOf.
var byteClasses = func() (t [256]byteClass) {
	for i := range t {
		t[i] = classOf(byte(i))
	}
	return t
}()

func classOf(c byte) byteClass {
	switch {
	case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
		return cLetter
	case c >= '0' && c <= '9':
		return cDigit
	case c >= 0x80:
		return cHigh
	}
	switch c {
	case '_':
		return cUnder
	case '.':
		return cDot
	case '@':
		return cAt
	case ' ':
		return cSpace
	case ',':
		return cComma
	case '-':
		return cHyphen
	case '\'':
		return cApos
	case '(':
		return cOpen
	case '<', '>', '=', ':', '"', '`', ';':
		return cHTML
	case '&':
		return cAmp
	}
	return cOther
}

// inputClass returns the union of the classes of the bytes of s.
func inputClass(s string) byteClass {
	var c byteClass
	for i := 0; i < len(s); i++ {
		c |= byteClasses[s[i]]
	}
	return c
}

// helperSet is a set of helpers, one bit per helperID.
type helperSet uint16

func (m helperSet) has(h helperID) bool { return m&(1<<h) != 0 }

// candidate reports whether the engine's detector behind helper h could
// flag a value whose bytes have the classes c. It is true for helpers the
// pre-filter does not know.
func candidate(h helperID, c byteClass) bool {
	switch h {
	case hIsSQLi:
		const inert = cDigit | cUnder | cDot | cAt | cSpace | cComma | cHigh
		return c&^cLetter != 0 && c&^inert != 0
	case hIsXSS:
		return c&(cHTML|cAmp) != 0 || c&cApos != 0 && c&cOpen != 0
	case hSQLInjection:
		return c&^(cLetter|cUnder|cHigh) != 0 && c&^cDigit != 0
	}
	return true
}

// prefiltered are the helpers candidate knows.
var prefiltered = [...]helperID{hIsSQLi, hIsXSS, hSQLInjection}

// mayMatch reports whether the helper h, when the pre-filter applies to it
// (pre), could flag the input value v of class c.
func mayMatch(pre helperSet, h helperID, v string, c byteClass) bool {
	return !pre.has(h) || len(v) >= 2 && candidate(h, c)
}
