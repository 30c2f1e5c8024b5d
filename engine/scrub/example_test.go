package scrub_test

import (
	"fmt"

	"github.com/sqreen-go/sqreen/engine/scrub"
)

func Example() {
	s, err := scrub.New(scrub.Config{}) // the default regexes
	if err != nil {
		panic(err)
	}
	fmt.Println(s.ScrubValue("password", "hunter2"))
	fmt.Println(s.ScrubValue("q", "card 4111 1111 1111 1111, order 1234567890123456"))
	fmt.Println(s.ScrubText("https://h/cb?access_token=abc&page=2"))
	// The attack is kept, the e-mail address beside it is not.
	fmt.Println(s.ScrubEvidence("SELECT * FROM u WHERE mail = 'bob@example.com' OR '1'='1'", "' OR '1'='1"))
	// Output:
	// [REDACTED]
	// card [REDACTED], order 1234567890123456
	// https://h/cb?access_token=[REDACTED]&page=2
	// SELECT * FROM u WHERE mail = '[REDACTED]' OR '1'='1'
}

func ExampleNew_error() {
	_, err := scrub.New(scrub.Config{ValueRegex: "(unclosed"})
	fmt.Println(err)
	// Output:
	// scrub: value regex: error parsing regexp: missing closing ): `(unclosed`
}
