package rules

import (
	"fmt"
	"strings"

	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/parser/lexer"
)

// any_input(pred) is true when pred holds for some user input of the
// request, with # bound to the input's value; any_param(pred) is the same
// over the parameters only (path, query, form, body, cookies: every input
// but the headers):
//
//	any_input(len(#) > 4096)
//	any_param(is_sqli(#))
//
// expr lets only its own builtins take a predicate, so these are rewritten
// before parsing into expr's `any` over a hidden list of input values:
// "any_input(" becomes "any(__in, ", which has the same length, so that
// every position in expr's messages still points at the rule's text.
var iterators = [...]struct{ name, call, expr string }{
	{"any_input", "any_input(", "any(__in, "},
	{"any_param", "any_param(", "any(__pa, "},
}

// reservedPrefix starts the names the environment keeps for itself.
const reservedPrefix = "__"

// rewriteAnyInput returns src with every call of an iterator rewritten, or an
// error located in src when src uses a reserved name. A lexing error is
// left for expr's parser to report.
func rewriteAnyInput(src string) (string, *file.Error) {
	toks, err := lexer.Lex(file.NewSource(src))
	if err != nil {
		return src, nil
	}
	runes := []rune(src)
	changed := false
	for i, t := range toks {
		if t.Kind != lexer.Identifier {
			continue
		}
		if strings.HasPrefix(t.Value, reservedPrefix) {
			return "", &file.Error{Location: t.Location,
				Message: fmt.Sprintf("%s is reserved (names starting with %s are not available to rules)", t.Value, reservedPrefix)}
		}
		it := -1
		for k := range iterators {
			if t.Value == iterators[k].name {
				it = k
			}
		}
		if it < 0 || i+1 >= len(toks) || !toks[i+1].Is(lexer.Bracket, "(") {
			continue
		}
		call, repl := iterators[it].call, iterators[it].expr
		if i > 0 && (toks[i-1].Is(lexer.Operator, ".") || toks[i-1].Is(lexer.Operator, "?.")) {
			continue // a field or method of that name
		}
		// Identifier then "(" with nothing between: the runes are exactly
		// the call's from t.From.
		if t.From+len(call) > len(runes) || string(runes[t.From:t.From+len(call)]) != call {
			continue // "any_input (" with a space: expr reports it as unknown
		}
		copy(runes[t.From:], []rune(repl))
		changed = true
	}
	if !changed {
		return src, nil
	}
	return string(runes), nil
}
