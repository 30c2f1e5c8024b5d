package urlhost

import "testing"

func BenchmarkSplit(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		Split("https://user@images.example.org:8443/cats/1.png?size=large#top")
	}
}

func BenchmarkParseHost(b *testing.B) {
	for _, host := range []string{"images.example.org", "0177.0.0.1", "[::ffff:7f00:1]", "Images.Example.ORG"} {
		b.Run(host, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_, _ = ParseHost(host)
			}
		})
	}
}
