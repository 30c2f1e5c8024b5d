package sqltoken_test

import (
	"fmt"

	"github.com/sqreen-go/sqreen/engine/sqltoken"
)

func ExampleTokenizer() {
	src := `SELECT * FROM t WHERE a = 'it''s' -- note`
	tz := sqltoken.New(src, sqltoken.PostgreSQL)
	for {
		tok, ok := tz.Next()
		if !ok {
			break
		}
		if tok.Kind != sqltoken.Space {
			fmt.Printf("%s %q\n", tok.Kind, tok.Text(src))
		}
	}
	fmt.Println(tz.Err())
	// Output:
	// keyword "SELECT"
	// operator "*"
	// keyword "FROM"
	// identifier "t"
	// keyword "WHERE"
	// identifier "a"
	// operator "="
	// string "'it''s'"
	// comment "-- note"
	// <nil>
}

func ExampleAppend() {
	toks, err := sqltoken.Append(nil, `SELECT 'a\'`, sqltoken.MySQL)
	fmt.Println(len(toks), toks[len(toks)-1].Kind, err)
	// Output:
	// 3 unterminated literal sqltoken: unterminated string literal starting at byte 7
}
