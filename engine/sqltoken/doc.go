// Package sqltoken splits SQL text into tokens, per dialect, without
// allocating.
//
// It is the lexer the SQL injection detector (package rasp) runs on every
// query that contains a request input, so it is written for speed and for
// hostile input: it never fails and never panics. Every byte of the source
// belongs to exactly one token, tokens come in order and are never empty,
// and a construct that does not end (a string literal, quoted identifier,
// dollar-quoted string or block comment left open) becomes one final
// Unterminated token that runs to the end of the source, with the reason
// available from Tokenizer.Err.
//
// Dialects differ where it matters for injection detection:
//
//	                    postgresql      mysql             sqlite          generic
//	'...'               '' only         '' and \'         '' only         '' only
//	E'...' (escapes)    yes             -                 -               -
//	"..."               identifier      string (\ too)    identifier      identifier
//	`...`               operator        identifier        identifier      identifier
//	[...]               punctuation     punctuation       identifier      punctuation
//	$tag$...$tag$       string          -                 -               string
//	-- comment          always          needs a space     always          always
//	# comment           operator        comment           operator        operator
//	/* */ nesting       nested          flat, /*! code */ flat            nested
//	placeholders        $1 :name        ? :name           ? ?1 :a @a $a   ? $1 :name
//
// Keywords are recognised case-insensitively from one list (see IsKeyword);
// other words are identifiers.
//
// A caller that needs the tokens around one offset only (the SQL
// injection detector: the tokens an input covers) calls SkipTo first: it
// steps over the tokens before that offset without building them, and
// leaves the Tokenizer exactly as calling Next would have.
package sqltoken
