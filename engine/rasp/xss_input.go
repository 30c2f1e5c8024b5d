package rasp

// XSSInput reports whether DetectTemplateXSS can flag input in some page:
// input is at least 2 bytes long, holds HTML syntax (see
// DetectTemplateXSS) and is not one bare tag. For any html,
// DetectTemplateXSS(html, input) matching implies XSSInput(input), so a
// caller whose request has no such input may skip the page altogether:
// the runtime renders templates straight to the client then, without
// buffering the page.
func XSSInput(input string) bool {
	return len(input) >= 2 && hasHTMLSyntaxByte(input) && htmlSyntax(input) != "" && !isBareTag(input)
}

// hasHTMLSyntaxByte reports whether s holds one of htmlSyntaxBytes. The
// runtime asks it of every input of a request that renders a template: a
// loop over a 32-byte table, where strings.IndexAny built its table on
// every call (a third of a microsecond a request, mostly code fetched
// cold).
func hasHTMLSyntaxByte(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; htmlSyntaxTable[c>>6]&(1<<(c&63)) != 0 {
			return true
		}
	}
	return false
}

// htmlSyntaxTable has bit c set for each byte c of htmlSyntaxBytes.
var htmlSyntaxTable = func() (t [4]uint64) {
	for i := 0; i < len(htmlSyntaxBytes); i++ {
		c := htmlSyntaxBytes[i]
		t[c>>6] |= 1 << (c & 63)
	}
	return t
}()

// htmlSyntaxBytes are the bytes one of which every construct htmlSyntax
// looks for holds: a tag's '<', an attribute's '=', a URL scheme's ':' or
// its character reference's '&', a CSS expression's '('. Most inputs
// (words, numbers, the headers of a plain client) have none, and one pass
// looking for them is cheaper than htmlSyntax's, which stops at many
// letters (FuzzHTMLSyntaxNeedsItsBytes).
const htmlSyntaxBytes = "<=:&("
