package rasp

import (
	"strings"
	"testing"
)

func TestPathTraversal(t *testing.T) {
	tests := []struct {
		name, path, input string
		want              bool
	}{
		{"dot dot", "/var/www/uploads/../../etc/passwd", "../../etc/passwd", true},
		{"dot dot deep", "/var/www/uploads/../../../../../../../etc/passwd", "../../../../../../../etc/passwd", true},
		{"one level to sibling", "/var/www/uploads/../secret.txt", "../secret.txt", true},
		{"sibling with common prefix", "/var/www/uploads/../uploads2/x", "../uploads2/x", true},
		{"windows separators", `C:\app\uploads\..\..\windows\win.ini`, `..\..\windows\win.ini`, true},
		{"mixed separators", `/srv/files/..\..\etc`, `..\..\etc`, true},
		{"dot slash padding", "/srv/files/./././../../etc", "./././../../etc", true},
		{"leading slash then climb", "/srv/files//../../etc", "/../../etc", true},
		{"input mid segment", "/srv/files/user_/../../etc", "_/../../etc", true},
		{"dots glued to a name", "/srv/files/user_../../etc", "_../../etc", false},
		{"resolves to the directory itself", "/srv/files/a/..", "a/..", true},
		{"dot segment to the directory itself", "/srv/files//./", "/./", true},
		{"input after template dir", "/srv/files/a/../../../etc/x.txt", "a/../../../etc", true},
		{"template suffix", "/srv/files/../../etc/index.html", "../../etc", true},
		{"absolute input", "/etc/passwd", "/etc/passwd", true},
		{"absolute backslash", `\windows\win.ini`, `\windows\win.ini`, true},
		{"drive letter", `C:\windows\win.ini`, `C:\windows\win.ini`, true},
		{"drive letter slash", "c:/windows/win.ini", "c:/windows/win.ini", true},
		{"relative sink climbs", "../../etc/passwd", "../../etc/passwd", true},
		{"null byte", "/srv/files/a.txt\x00.png", "a.txt\x00", true},
		{"encoded in request, decoded in sink", "/srv/files/../../etc/passwd", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", true},
		{"double encoded", "/srv/files/../../etc/passwd", "%252e%252e%252f%252e%252e%252fetc%252fpasswd", true},
		{"second occurrence", "/srv/ab/x/ab/../../../etc", "ab/../../../etc", true},
		{"just dot dot", "/srv/files/..", "..", true},
		{"out and back in", "/var/www/uploads/../uploads/x", "../uploads/x", true},
		{"absolute directory prefix", "/home/user/file.txt", "/home/user/", true},
		{"absolute with dot segment", "/./etc/passwd", "/./etc", true},
		{"case changed", "/etc/passwd", "/ETC/passwd", true},
		{"case changed climb", "/srv/files/../../etc/passwd", "../../ETC/passwd", true},
		{"drive root", "E:/", "E:/", true},
		{"file URL", "/etc/passwd", "file:///etc/passwd", true},
		{"file URL with newline and dots", "/etc/passwd", "fi\nle:///../../etc/passwd", true},
		{"file URL with host and escapes", "/etc/passwd", "file://localhost/%65tc/passwd", true},

		{"plain name", "/var/www/uploads/report.pdf", "report.pdf", false},
		{"name with spaces", "/var/www/uploads/campello, el", "campello, el", false},
		{"nested", "/var/www/uploads/a/b/c.txt", "a/b/c.txt", false},
		{"dot dot staying inside", "/var/www/uploads/a/../b.txt", "a/../b.txt", false},
		{"dots in names", "/srv/files/my..file...txt", "my..file...txt", false},
		{"leading slash stays inside", "/var/www/uploads//etc/passwd", "/etc/passwd", false},
		{"encoded left raw", "/srv/files/%2e%2e%2fetc", "%2e%2e%2fetc", false},
		{"template climbs, not input", "/srv/files/../shared/report.pdf", "report.pdf", false},
		{"absent", "/srv/files/a.txt", "../x", false},
		{"too short", "/srv/files/.", ".", false},
		{"relative nested", "data/user/a.txt", "user/a.txt", false},
		{"top-level directory", "/etc/app/test.txt", "/etc/", false},
		{"top-level directory without slash", "/app/test.txt", "/app", false},
		{"absolute input mid path", "/appdata/storage/file.txt", "/storage/file.txt", false},
		{"case changed plain", "/srv/files/report.pdf", "REPORT.PDF", false},
		{"file URL of another path", "/srv/files/a.txt", "file:///etc/passwd", false},
		{"word file", "/srv/files/file.txt", "file.txt", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, got := DetectPath(tt.path, tt.input)
			if got != tt.want {
				t.Fatalf("DetectPath(%q, %q) = %v (%q), want %v", tt.path, tt.input, got, f.Reason, tt.want)
			}
			if got != PathTraversal(tt.path, tt.input) {
				t.Fatal("PathTraversal and DetectPath disagree")
			}
			if got && (f.Kind != "path" || f.Input != tt.input || f.Reason == "") {
				t.Fatalf("bad finding %+v", f)
			}
		})
	}
}

func TestEscapes(t *testing.T) {
	tests := []struct {
		path string
		base int
		want bool
	}{
		{"/a/b/c", 3, false},
		{"/a/b/../c", 3, false},
		{"/a/b/../../c", 3, true},
		{"/a/../a/c", 3, true},
		{"/a/b/../c/./d", 3, false},
		{"/..", 1, true}, // cleans to the base itself
		{"/../../x", 1, false},
		{"a/../../b", 2, true},
		{"/" + strings.Repeat("x/", 100) + strings.Repeat("../", 100) + "y", 3, true},
		{"/" + strings.Repeat("x/", 100) + "y", 3, false},
	}
	for _, tt := range tests {
		if got := escapes(tt.path, tt.base); got != tt.want {
			t.Errorf("escapes(%q, %d) = %v, want %v", tt.path, tt.base, got, tt.want)
		}
	}
}

func TestPathCorpus(t *testing.T) {
	s := scoreCorpus(t, "path", PathTraversal)
	if s.recall() < 0.999 || s.flagged > 0 {
		t.Errorf("path: want recall >= 99.9%% and FPR 0%%")
	}
}

func FuzzPathTraversal(f *testing.F) {
	for _, s := range [][2]string{{"/srv/files/../../etc/passwd", "../../etc/passwd"}, {`C:\a\..\..\b`, `..\..\b`}, {"/srv/%2e%2e/x", "%2e%2e"}, {"/etc/passwd", "/etc/passwd"}, {"/etc/passwd", "file:///etc/passwd"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, path, input string) {
		f, ok := DetectPath(path, input)
		if ok && (len(input) < 2 || f.Kind != "path" || f.Offset < 0 || f.Offset >= len(path)) {
			t.Fatalf("bad finding %+v for %q in %q", f, input, path)
		}
		if ok && indexPath(path, input, 0, true) < 0 && !strings.Contains(input, "%") && fileURLReason(path, input) == "" {
			t.Fatalf("match without occurrence: %q in %q", input, path)
		}
	})
}

func FuzzEscapes(f *testing.F) {
	f.Add("/a/b/../../c", 3)
	f.Add(`a\..\..\b`, 2)
	f.Fuzz(func(t *testing.T, path string, base int) {
		if base < 0 || base > len(path) {
			return
		}
		// A path strictly inside stays inside when a plain name is added.
		if !escapes(path, base) && escapes(path+"/zz", base) {
			t.Fatalf("escapes(%q, %d) = false but escapes(%q/zz) = true", path, base, path)
		}
	})
}
