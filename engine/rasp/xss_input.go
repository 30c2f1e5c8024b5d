package rasp

// XSSInput reports whether DetectTemplateXSS can flag input in some page:
// input is at least 2 bytes long, holds HTML syntax (see
// DetectTemplateXSS) and is not one bare tag. For any html,
// DetectTemplateXSS(html, input) matching implies XSSInput(input), so a
// caller whose request has no such input may skip the page altogether:
// the runtime renders templates straight to the client then, without
// buffering the page.
func XSSInput(input string) bool {
	return len(input) >= 2 && HasHTMLSyntaxByte(input) && htmlSyntax(input) != "" && !isBareTag(input)
}

// HasHTMLSyntaxByte reports whether s holds one of htmlSyntaxBytes:
// XSSInput's first test, small enough to be inlined where XSSInput is not
// (XSSInput(s) implies HasHTMLSyntaxByte(s)). The runtime's template
// pre-check asks it first of every input of a request, so that for a
// benign request XSSInput's code, on a page of its own, is not run. A
// loop testing each byte against one constant word, where
// strings.IndexAny built its table on every call (a third of a
// microsecond a request, mostly code fetched cold), and a table in memory
// was a page of data to reach (bench/footprint -pages).
func HasHTMLSyntaxByte(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 64 && htmlSyntaxMask&(1<<c) != 0 {
			return true
		}
	}
	return false
}

// htmlSyntaxMask has bit c set for each byte c of htmlSyntaxBytes, all of
// them below 64 (TestHTMLSyntaxMask).
const htmlSyntaxMask = 1<<'<' | 1<<'=' | 1<<':' | 1<<'&' | 1<<'('

// htmlSyntaxBytes are the bytes one of which every construct htmlSyntax
// looks for holds: a tag's '<', an attribute's '=', a URL scheme's ':' or
// its character reference's '&', a CSS expression's '('. Most inputs
// (words, numbers, the headers of a plain client) have none, and one pass
// looking for them is cheaper than htmlSyntax's, which stops at many
// letters (FuzzHTMLSyntaxNeedsItsBytes).
const htmlSyntaxBytes = "<=:&("
