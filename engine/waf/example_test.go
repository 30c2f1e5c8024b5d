package waf_test

import (
	"fmt"

	"github.com/sqreen-go/sqreen/engine/waf"
)

func ExampleDetectSQLi() {
	for _, v := range []string{"O'Reilly", "1' OR '1'='1", "1');select case when 1=1 then 1 else null end--"} {
		if m, ok := waf.DetectSQLi(v); ok {
			fmt.Printf("%q: %s %s\n", v, m.By, m.Fingerprint)
		} else {
			fmt.Printf("%q: clean\n", v)
		}
	}
	// Output:
	// "O'Reilly": clean
	// "1' OR '1'='1": structure boolean test
	// "1');select case when 1=1 then 1 else null end--": structure stacked statement
}

func ExampleScannerUserAgent() {
	fmt.Println(waf.ScannerUserAgent("sqlmap/1.7.2#stable (https://sqlmap.org)"))
	fmt.Println(waf.ScannerUserAgent("Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0"))
	// Output:
	// sqlmap true
	//  false
}
