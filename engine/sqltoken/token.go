package sqltoken

import "fmt"

// Kind is the lexical class of a token.
type Kind uint8

// The token kinds. Their order is not significant.
const (
	// Space is a run of blanks, tabs, carriage returns and newlines.
	Space Kind = iota + 1
	// Comment is a line comment (-- or, in MySQL, #) without its newline,
	// or a block comment /* ... */.
	Comment
	// String is a string literal, including its quotes and any prefix
	// (E'', B'', X'', N'', U&'') and PostgreSQL dollar-quoted strings.
	String
	// QuotedIdent is a quoted identifier: "x", `x` or [x] by dialect.
	QuotedIdent
	// Number is a numeric literal: 42, 3.14, .5, 1e-3, 0x1F.
	Number
	// Ident is an unquoted identifier (or a MySQL @variable).
	Ident
	// Keyword is an unquoted word from the keyword list (see IsKeyword).
	Keyword
	// Placeholder is a bind parameter: ?, ?1, $1, :name, @name.
	Placeholder
	// Operator is an operator (=, <>, ||, ::, ...), or a byte no other
	// kind accepts. In MySQL the delimiters of an executable comment
	// (/*!50000 and its */) are operators too: what they enclose runs.
	Operator
	// Punct is one of ( ) , ; . [ ] { }.
	Punct
	// Unterminated is a string, quoted identifier or block comment that
	// is never closed. It is always the last token.
	Unterminated
)

var kindNames = [...]string{
	Space:        "space",
	Comment:      "comment",
	String:       "string",
	QuotedIdent:  "quoted identifier",
	Number:       "number",
	Ident:        "identifier",
	Keyword:      "keyword",
	Placeholder:  "placeholder",
	Operator:     "operator",
	Punct:        "punctuation",
	Unterminated: "unterminated literal",
}

// String returns the kind's name, e.g. "quoted identifier".
func (k Kind) String() string {
	if int(k) < len(kindNames) && kindNames[k] != "" {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// Token is one token: its kind and its byte offsets in the source,
// src[Start:End].
type Token struct {
	Kind       Kind
	Start, End int
}

// Text returns the token's text in src.
func (t Token) Text(src string) string { return src[t.Start:t.End] }

// SyntaxError says which construct was left open and where it started.
type SyntaxError struct {
	// What is the construct, e.g. "string literal" or "block comment".
	What string
	// Offset is the byte offset where the construct starts.
	Offset int
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("sqltoken: unterminated %s starting at byte %d", e.What, e.Offset)
}
