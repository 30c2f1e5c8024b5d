package urlhost_test

import (
	"fmt"

	"github.com/sqreen-go/sqreen/engine/urlhost"
)

func ExampleSplit() {
	raw := `http://evil.example\@127.0.0.1/`
	u := urlhost.Split(raw)
	for r, name := range []string{"WHATWG", "RFC 3986", "naive"} {
		h := u.Authorities[r].Host
		fmt.Printf("%s: %s\n", name, raw[h.Start:h.End])
	}
	// Output:
	// WHATWG: evil.example
	// RFC 3986: 127.0.0.1
	// naive: 127.0.0.1
}

func ExampleParseHost() {
	for _, text := range []string{"0x7f.1", "%31%32%37.0.0.1", "１２７.０.０.１", "Example.COM."} {
		h, err := urlhost.ParseHost(text)
		if err != nil {
			fmt.Println(err)
			continue
		}
		if h.Addr.IsValid() {
			fmt.Println(text, "->", h.Addr)
		} else {
			fmt.Println(text, "->", h.Name)
		}
	}
	// Output:
	// 0x7f.1 -> 127.0.0.1
	// %31%32%37.0.0.1 -> 127.0.0.1
	// １２７.０.０.１ -> 127.0.0.1
	// Example.COM. -> example.com
}
