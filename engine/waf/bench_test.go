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
