package shelltoken

import "fmt"

// Kind is the class of a token.
type Kind uint8

// The token kinds. The zero Kind is Invalid and never emitted.
const (
	Invalid          Kind = iota
	Blank                 // spaces and tabs between words
	Newline               // an unquoted newline: a command separator
	Literal               // ordinary characters of a word
	Escape                // a backslash and the byte it escapes
	SingleQuoted          // '...' with both quotes
	DoubleQuote           // an opening "
	DoubleQuoteClose      // the " closing a double-quoted string
	QuotedText            // characters inside double quotes
	Operator              // ; & | && || ;; |& ( )
	Redirect              // < > >> << <<- <& >& <> >| &> &>>
	Comment               // # to the end of the line
	SubstOpen             // $( or an opening backquote or <( >(
	SubstClose            // the ) or backquote closing a substitution
	ArithOpen             // $((
	ArithClose            // the )) closing $((
	ParamOpen             // ${
	ParamClose            // the } closing ${
	Param                 // $NAME, $1, $@, $?, ...
	HeredocBody           // the body of a here-document with a quoted delimiter
	HeredocEnd            // the line ending a here-document
)

var kindNames = [...]string{
	Invalid:          "invalid",
	Blank:            "blank",
	Newline:          "newline",
	Literal:          "literal",
	Escape:           "escape",
	SingleQuoted:     "single-quoted string",
	DoubleQuote:      "double quote",
	DoubleQuoteClose: "closing double quote",
	QuotedText:       "quoted text",
	Operator:         "operator",
	Redirect:         "redirection",
	Comment:          "comment",
	SubstOpen:        "command substitution",
	SubstClose:       "end of command substitution",
	ArithOpen:        "arithmetic expansion",
	ArithClose:       "end of arithmetic expansion",
	ParamOpen:        "parameter expansion",
	ParamClose:       "end of parameter expansion",
	Param:            "parameter expansion",
	HeredocBody:      "here-document body",
	HeredocEnd:       "end of here-document",
}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", k)
}

// Token is one token of a command line: the bytes [Start, End) of it.
type Token struct {
	Start, End int
	// Depth counts the substitutions ($( ), backquotes, ${ }, $(( )))
	// the token is nested in; 0 at the top level.
	Depth int
	Kind  Kind
	// Quoted is true inside double quotes.
	Quoted bool
	// Command is true for the tokens of a word in command position.
	Command bool
	// WordStart is true for the first token of a word.
	WordStart bool
}

// SyntaxError reports an unterminated construct.
type SyntaxError struct {
	Offset int    // byte offset of the construct's opener
	What   string // e.g. "single quote"
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("shell: unterminated %s opened at byte %d", e.What, e.Offset)
}
