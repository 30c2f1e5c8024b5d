package rasp_test

import (
	"fmt"

	"github.com/sqreen-go/sqreen/engine/rasp"
)

func ExampleDetectSQL() {
	input := "x' OR 1=1 --"
	query := "SELECT * FROM users WHERE name = '" + input + "'"
	f, ok := rasp.DetectSQL(query, input, "postgresql")
	fmt.Println(ok, f.Offset)
	fmt.Println(f.Reason)

	// The same input, escaped by the application, stays in the literal.
	query = "SELECT * FROM users WHERE name = 'x'' OR 1=1 --'"
	fmt.Println(rasp.SQLInjection(query, input, "postgresql"))
	// Output:
	// true 34
	// input leaves a string: crosses string, keyword OR, number 1, operator =, number 1, comment
	// false
}
