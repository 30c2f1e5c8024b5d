package rules

import (
	"github.com/sqreen-go/sqreen/engine/rasp"
	"github.com/sqreen-go/sqreen/engine/waf"
)

// Detectors are the detection functions the rule helpers call. Compile uses
// the engine's own (engine/rasp and engine/waf) unless WithDetectors
// replaces some of them, as tests and harnesses do. Each returns a short
// reason ("leaves string literal", "boolean test", a tool name)
// beside its verdict; the reason becomes Evidence.Detail. A nil field makes
// its helper always false.
type Detectors struct {
	// Context-aware: does input, where it occurs in the sink, change the
	// sink's structure?
	SQLInjection   func(query, input, dialect string) (reason string, ok bool)
	ShellInjection func(command, input string) (reason string, ok bool)
	PathTraversal  func(path, input string) (reason string, ok bool)
	SSRF           func(url, input string) (reason string, ok bool)
	TemplateXSS    func(html, input string) (reason string, ok bool)
	// Input-only signatures.
	IsSQLi    func(s string) (reason string, ok bool)
	IsXSS     func(s string) (reason string, ok bool)
	IsScanner func(userAgent string) (tool string, ok bool)

	// pre is the set of helpers whose detector is the engine's own, which
	// the pre-filter knows (see prefilter.go).
	pre helperSet
	// cheap is the set of helpers whose detector is the engine's own and
	// costs less than a clock read on an input up to cheapMax bytes: their
	// evaluation there is not timed (see signature).
	cheap helperSet
}

// cheapMax is the longest input on which a cheap detector (Detectors.cheap)
// runs untimed: ScannerUserAgent looks at a 512-byte User-Agent in about
// 100 ns, a few clock reads.
const cheapMax = 512

// defaultDetectors returns the engine's detectors.
func defaultDetectors() Detectors {
	return Detectors{
		SQLInjection: func(query, input, dialect string) (string, bool) {
			f, ok := rasp.DetectSQL(query, input, dialect)
			return f.Reason, ok
		},
		ShellInjection: func(command, input string) (string, bool) {
			f, ok := rasp.DetectShell(command, input)
			return f.Reason, ok
		},
		PathTraversal: func(path, input string) (string, bool) {
			f, ok := rasp.DetectPath(path, input)
			return f.Reason, ok
		},
		SSRF: func(url, input string) (string, bool) {
			f, ok := rasp.DetectSSRF(url, input)
			return f.Reason, ok
		},
		TemplateXSS: func(html, input string) (string, bool) {
			f, ok := rasp.DetectTemplateXSS(html, input)
			return f.Reason, ok
		},
		IsSQLi: func(s string) (string, bool) {
			m, ok := waf.DetectSQLi(s)
			return m.Fingerprint, ok
		},
		IsXSS: func(s string) (string, bool) {
			m, ok := waf.DetectXSS(s)
			return m.Fingerprint, ok
		},
		IsScanner: waf.ScannerUserAgent,
		pre:       1<<hSQLInjection | 1<<hIsSQLi | 1<<hIsXSS,
		cheap:     1 << hIsScanner,
	}
}

// merge returns d with its nil fields taken from def.
func (d Detectors) merge(def Detectors) Detectors {
	pick := func(f, g func(string, string) (string, bool)) func(string, string) (string, bool) {
		if f != nil {
			return f
		}
		return g
	}
	pick1 := func(f, g func(string) (string, bool)) func(string) (string, bool) {
		if f != nil {
			return f
		}
		return g
	}
	// The pre-filter applies to the detectors taken from def.
	pre := d.pre & def.pre
	if d.SQLInjection == nil {
		d.SQLInjection = def.SQLInjection // the only three-argument detector
		pre |= def.pre & (1 << hSQLInjection)
	}
	if d.IsSQLi == nil {
		pre |= def.pre & (1 << hIsSQLi)
	}
	if d.IsXSS == nil {
		pre |= def.pre & (1 << hIsXSS)
	}
	d.pre = pre
	d.cheap = 0
	if d.IsScanner == nil {
		d.cheap = def.cheap & (1 << hIsScanner)
	}
	d.ShellInjection = pick(d.ShellInjection, def.ShellInjection)
	d.PathTraversal = pick(d.PathTraversal, def.PathTraversal)
	d.SSRF = pick(d.SSRF, def.SSRF)
	d.TemplateXSS = pick(d.TemplateXSS, def.TemplateXSS)
	d.IsSQLi = pick1(d.IsSQLi, def.IsSQLi)
	d.IsXSS = pick1(d.IsXSS, def.IsXSS)
	d.IsScanner = pick1(d.IsScanner, def.IsScanner)
	return d
}
