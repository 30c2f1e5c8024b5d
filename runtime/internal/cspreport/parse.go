package cspreport

import (
	"encoding/json"
	"fmt"
	"mime"
	"strconv"
)

// MaxReports bounds the reports taken from one request.
const MaxReports = 20

// Violation is one CSP violation, with the fields both formats share.
type Violation struct {
	DocumentURI        string
	Referrer           string
	ViolatedDirective  string
	EffectiveDirective string
	BlockedURI         string
	SourceFile         string
	Line, Column       int
	Disposition        string // "enforce" or "report"
	Sample             string
}

// legacy is the report-uri format (keys with dashes).
type legacy struct {
	Report struct {
		DocumentURI        string          `json:"document-uri"`
		Referrer           string          `json:"referrer"`
		ViolatedDirective  string          `json:"violated-directive"`
		EffectiveDirective string          `json:"effective-directive"`
		BlockedURI         string          `json:"blocked-uri"`
		SourceFile         string          `json:"source-file"`
		LineNumber         json.RawMessage `json:"line-number"`
		ColumnNumber       json.RawMessage `json:"column-number"`
		Disposition        string          `json:"disposition"`
		ScriptSample       string          `json:"script-sample"`
	} `json:"csp-report"`
}

// reporting is one report of the Reporting API (camelCase keys).
type reporting struct {
	Type string `json:"type"`
	Body struct {
		DocumentURL        string          `json:"documentURL"`
		Referrer           string          `json:"referrer"`
		EffectiveDirective string          `json:"effectiveDirective"`
		BlockedURL         string          `json:"blockedURL"`
		SourceFile         string          `json:"sourceFile"`
		LineNumber         json.RawMessage `json:"lineNumber"`
		ColumnNumber       json.RawMessage `json:"columnNumber"`
		Disposition        string          `json:"disposition"`
		Sample             string          `json:"sample"`
	} `json:"body"`
}

// Parse reads the violations of one report request body whose
// Content-Type is contentType. Reports of other types than csp-violation
// are skipped; at most MaxReports are returned.
func Parse(contentType string, body []byte) ([]Violation, error) {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return nil, fmt.Errorf("CSP report content type %q: %w", contentType, err)
	}
	switch mt {
	case "application/csp-report", "application/json":
		var l legacy
		if err := json.Unmarshal(body, &l); err != nil {
			return nil, fmt.Errorf("CSP report (report-uri format): %w", err)
		}
		r := l.Report
		if r.DocumentURI == "" && r.ViolatedDirective == "" && r.EffectiveDirective == "" {
			return nil, fmt.Errorf("CSP report (report-uri format): no csp-report object")
		}
		return []Violation{{
			DocumentURI: r.DocumentURI, Referrer: r.Referrer, ViolatedDirective: r.ViolatedDirective,
			EffectiveDirective: r.EffectiveDirective, BlockedURI: r.BlockedURI, SourceFile: r.SourceFile,
			Line: number(r.LineNumber), Column: number(r.ColumnNumber), Disposition: r.Disposition, Sample: r.ScriptSample,
		}}, nil
	case "application/reports+json":
		var rs []reporting
		if err := json.Unmarshal(body, &rs); err != nil {
			return nil, fmt.Errorf("CSP report (Reporting API format): %w", err)
		}
		var out []Violation
		for _, r := range rs {
			if r.Type != "csp-violation" {
				continue
			}
			b := r.Body
			out = append(out, Violation{
				DocumentURI: b.DocumentURL, Referrer: b.Referrer, ViolatedDirective: b.EffectiveDirective,
				EffectiveDirective: b.EffectiveDirective, BlockedURI: b.BlockedURL, SourceFile: b.SourceFile,
				Line: number(b.LineNumber), Column: number(b.ColumnNumber), Disposition: b.Disposition, Sample: b.Sample,
			})
			if len(out) == MaxReports {
				break
			}
		}
		return out, nil
	}
	return nil, fmt.Errorf("CSP report content type %q: want application/csp-report or application/reports+json", mt)
}

// number reads a JSON number or numeric string; anything else is 0.
func number(raw json.RawMessage) int {
	if len(raw) == 0 {
		return 0
	}
	var n json.Number
	if err := json.Unmarshal(raw, &n); err == nil {
		if i, err := strconv.Atoi(string(n)); err == nil {
			return i
		}
	}
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		if i, err := strconv.Atoi(s); err == nil {
			return i
		}
	}
	return 0
}
