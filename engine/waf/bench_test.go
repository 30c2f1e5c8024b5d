package waf

import "testing"

var benchValues = []struct{ name, value string }{
	{"word", "john"},
	{"email", "jane.doe@example.com"},
	{"words", "Campello, el Alto 12"},
	{"punct", "O'Reilly & Sons (UK)"},
	{"sqli", "1' OR '1'='1"},
	{"stacked", "1');select case when 7717=7717 then 1 else null end--"},
	{"xss", "<img src=x onerror=alert(1)>"},
}

func BenchmarkIsSQLi(b *testing.B) {
	for _, v := range benchValues {
		b.Run(v.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				IsSQLi(v.value)
			}
		})
	}
}

func BenchmarkIsXSS(b *testing.B) {
	for _, v := range benchValues {
		b.Run(v.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				IsXSS(v.value)
			}
		})
	}
}

// typicalQuery is the query of an ordinary GET: what the default request
// rules check on every request.
var typicalQuery = []string{
	"123", "running shoes", "2", "price_asc", "jane.doe@example.com",
	"https://shop.example.com/cart?step=2", "en-US", "newsletter", "1700000000", "c0ffee42",
}

// BenchmarkTypicalQuery runs IsSQLi and IsXSS on every value of a typical
// query and ScannerUserAgent on a browser's User-Agent.
func BenchmarkTypicalQuery(b *testing.B) {
	ua := "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"
	b.ReportAllocs()
	for b.Loop() {
		for _, v := range typicalQuery {
			IsSQLi(v)
			IsXSS(v)
		}
		ScannerUserAgent(ua)
	}
}
