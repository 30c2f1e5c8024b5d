// Package shelltoken splits a POSIX sh command line into tokens that cover
// it exactly, byte for byte, without allocating.
//
// # What it recognises
//
// Blanks and newlines between words, unquoted literal text, backslash
// escapes, single-quoted strings, double quotes (whose text is reported as
// QuotedText), control operators (; & | && || ;; |& ( )), redirections
// (< > >> << <<- <& >& <> >| &> &>> and bash's <( >( process substitution
// openers), comments, command substitution ($( ) and backquotes),
// arithmetic expansion ($(( ))), parameter expansion (${ } and $NAME,
// $1, $@ ...), here-documents (<<WORD and <<-WORD: a literal body when
// WORD is quoted, else text in which $ and backquotes expand).
//
// Each token says whether it lies inside double quotes (Quoted), how deep
// it is nested in substitutions (Depth), and whether it belongs to a word in
// command position (Command): the first word of a simple command, after
// assignments and reserved words such as if, then, do and !.
//
// # Limits
//
// Case patterns are not told apart from subshell parentheses, and bash
// extensions beyond &>, |& and <( ) are not recognised ($'...' reads as a
// $ then a single-quoted string). Both make the tokenizer see at least as
// much structure as sh would.
//
// # Errors
//
// An unterminated quote or substitution is reported by Err as a
// *SyntaxError naming the opener's byte offset; the tokens emitted before it
// still cover the whole input.
package shelltoken
