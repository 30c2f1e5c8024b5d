package osv

import (
	"fmt"
	"strings"
)

// version is a parsed semantic version.
type version struct {
	major, minor, patch string // digits, without leading zeros
	pre                 string // pre-release, without the '-'; "" for a release
}

// parseVersion reads "v1.2.3", "1.2.3", "v1.2.3-pre.1+build" or a
// shortened "v1" / "v1.2" (as "v1.0.0" / "v1.2.0").
func parseVersion(s string) (version, error) {
	orig := s
	s = strings.TrimPrefix(s, "v")
	if i := strings.IndexByte(s, '+'); i >= 0 {
		s = s[:i]
	}
	var v version
	core := s
	if i := strings.IndexByte(s, '-'); i >= 0 {
		core, v.pre = s[:i], s[i+1:]
		if v.pre == "" {
			return version{}, fmt.Errorf("version %q: empty pre-release", orig)
		}
	}
	parts := strings.Split(core, ".")
	if len(parts) > 3 {
		return version{}, fmt.Errorf("version %q: more than three numbers", orig)
	}
	for len(parts) < 3 {
		parts = append(parts, "0")
	}
	for i, p := range parts {
		if p == "" || strings.Trim(p, "0123456789") != "" {
			return version{}, fmt.Errorf("version %q: %q is not a number", orig, p)
		}
		if len(p) > 1 && p[0] == '0' {
			return version{}, fmt.Errorf("version %q: %q has a leading zero", orig, p)
		}
		parts[i] = p
	}
	v.major, v.minor, v.patch = parts[0], parts[1], parts[2]
	return v, nil
}

// cmpNum compares two digit strings without leading zeros.
func cmpNum(a, b string) int {
	if len(a) != len(b) {
		if len(a) < len(b) {
			return -1
		}
		return 1
	}
	return strings.Compare(a, b)
}

// compare orders versions as semantic versioning says.
func compare(a, b version) int {
	for _, c := range [][2]string{{a.major, b.major}, {a.minor, b.minor}, {a.patch, b.patch}} {
		if r := cmpNum(c[0], c[1]); r != 0 {
			return r
		}
	}
	switch {
	case a.pre == b.pre:
		return 0
	case a.pre == "":
		return 1
	case b.pre == "":
		return -1
	}
	ap, bp := strings.Split(a.pre, "."), strings.Split(b.pre, ".")
	for i := 0; i < len(ap) && i < len(bp); i++ {
		x, y := ap[i], bp[i]
		xn, yn := isNum(x), isNum(y)
		var r int
		switch {
		case xn && yn:
			r = cmpNum(strings.TrimLeft(x, "0"), strings.TrimLeft(y, "0"))
		case xn:
			r = -1
		case yn:
			r = 1
		default:
			r = strings.Compare(x, y)
		}
		if r != 0 {
			return r
		}
	}
	return len(ap) - len(bp)
}

func isNum(s string) bool { return s != "" && strings.Trim(s, "0123456789") == "" }
