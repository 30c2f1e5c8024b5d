package scrub

import (
	"encoding/json"
	"testing"
)

func BenchmarkScrubValue(b *testing.B) {
	s := Default()
	for _, c := range []struct{ name, key, value string }{
		{"clean", "q", "running shoes size 42"},
		{"sensitive_key", "password", "hunter2"},
		{"email", "q", "contact bob@example.com"},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				s.ScrubValue(c.key, c.value)
			}
		})
	}
}

func BenchmarkScrubEvidence(b *testing.B) {
	s := Default()
	clean := "SELECT id, name, price FROM products WHERE category = 'shoes' AND name LIKE '%' OR '1'='1' ORDER BY price LIMIT 20"
	dirty := "SELECT * FROM users WHERE email = 'bob@example.com' AND password = 'x' OR '1'='1' LIMIT 1"
	for _, c := range []struct{ name, text, keep string }{
		{"clean", clean, "' OR '1'='1"},
		{"secrets", dirty, "x' OR '1'='1"},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				s.ScrubEvidence(c.text, c.keep)
			}
		})
	}
}

func BenchmarkScrubValues(b *testing.B) {
	s := Default()
	headers := map[string][]string{
		"Accept": {"text/html"}, "Accept-Language": {"en-US,en;q=0.9"}, "User-Agent": {"Mozilla/5.0 (X11; Linux x86_64)"},
		"Host": {"example.com"}, "Referer": {"https://example.com/shop?page=2"}, "Cache-Control": {"no-cache"},
	}
	b.ReportAllocs()
	for b.Loop() {
		s.ScrubValues(headers)
	}
}

func BenchmarkScrubJSON(b *testing.B) {
	var v any
	body := `{"user":{"name":"bob","email":"bob@example.com","password":"x"},"items":[{"sku":"A1","qty":2}],"note":"gift"}`
	if err := json.Unmarshal([]byte(body), &v); err != nil {
		b.Fatal(err)
	}
	s := Default()
	b.ReportAllocs()
	for b.Loop() {
		s.ScrubJSON(v)
	}
}
