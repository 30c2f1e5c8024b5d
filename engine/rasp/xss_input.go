package rasp

// XSSInput reports whether DetectTemplateXSS can flag input in some page:
// input is at least 2 bytes long, holds HTML syntax (see
// DetectTemplateXSS) and is not one bare tag. For any html,
// DetectTemplateXSS(html, input) matching implies XSSInput(input), so a
// caller whose request has no such input may skip the page altogether:
// the runtime renders templates straight to the client then, without
// buffering the page.
func XSSInput(input string) bool {
	return len(input) >= 2 && htmlSyntax(input) != "" && !isBareTag(input)
}
