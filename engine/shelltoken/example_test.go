package shelltoken_test

import (
	"fmt"

	"github.com/sqreen-go/sqreen/engine/shelltoken"
)

func ExampleScanner() {
	src := `ls -la "$(id)" 'a b' | wc`
	s := shelltoken.NewScanner(src)
	for s.Next() {
		t := s.Token()
		if t.Kind != shelltoken.Blank {
			fmt.Printf("%-22s %q quoted=%v command=%v\n", t.Kind, src[t.Start:t.End], t.Quoted, t.Command)
		}
	}
	if err := s.Err(); err != nil {
		fmt.Println(err)
	}
	// Output:
	// literal                "ls" quoted=false command=true
	// literal                "-la" quoted=false command=false
	// double quote           "\"" quoted=false command=false
	// command substitution   "$(" quoted=true command=false
	// literal                "id" quoted=false command=true
	// end of command substitution ")" quoted=true command=false
	// closing double quote   "\"" quoted=false command=false
	// single-quoted string   "'a b'" quoted=false command=false
	// operator               "|" quoted=false command=false
	// literal                "wc" quoted=false command=true
}
