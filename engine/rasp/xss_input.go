package rasp

import "strings"

// XSSInput reports whether DetectTemplateXSS can flag input in some page:
// input is at least 2 bytes long, holds HTML syntax (see
// DetectTemplateXSS) and is not one bare tag. For any html,
// DetectTemplateXSS(html, input) matching implies XSSInput(input), so a
// caller whose request has no such input may skip the page altogether:
// the runtime renders templates straight to the client then, without
// buffering the page.
func XSSInput(input string) bool {
	return len(input) >= 2 && strings.IndexAny(input, htmlSyntaxBytes) >= 0 && htmlSyntax(input) != "" && !isBareTag(input)
}

// htmlSyntaxBytes are the bytes one of which every construct htmlSyntax
// looks for holds: a tag's '<', an attribute's '=', a URL scheme's ':' or
// its character reference's '&', a CSS expression's '('. Most inputs
// (words, numbers, the headers of a plain client) have none, and one pass
// looking for them is cheaper than htmlSyntax's, which stops at many
// letters (FuzzHTMLSyntaxNeedsItsBytes).
const htmlSyntaxBytes = "<=:&("
