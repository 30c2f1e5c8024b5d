package cspreport

import (
	"reflect"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name, ctype, body string
		want              []Violation
		wantErr           string
	}{
		{
			name:  "report-uri",
			ctype: "application/csp-report",
			body:  `{"csp-report":{"document-uri":"https://a.example/p","violated-directive":"script-src-elem","effective-directive":"script-src-elem","blocked-uri":"https://evil.example/x.js","line-number":12,"column-number":"3","disposition":"enforce"}}`,
			want: []Violation{{DocumentURI: "https://a.example/p", ViolatedDirective: "script-src-elem", EffectiveDirective: "script-src-elem",
				BlockedURI: "https://evil.example/x.js", Line: 12, Column: 3, Disposition: "enforce"}},
		},
		{
			name:  "reporting API skips other types",
			ctype: "application/reports+json",
			body:  `[{"type":"deprecation","body":{}},{"type":"csp-violation","body":{"documentURL":"https://a.example/","effectiveDirective":"img-src","blockedURL":"data","lineNumber":1,"disposition":"report","sample":"x"}}]`,
			want: []Violation{{DocumentURI: "https://a.example/", ViolatedDirective: "img-src", EffectiveDirective: "img-src",
				BlockedURI: "data", Line: 1, Disposition: "report", Sample: "x"}},
		},
		{name: "not JSON", ctype: "application/csp-report", body: `{`, wantErr: "CSP report (report-uri format): unexpected end of JSON input"},
		{name: "no report object", ctype: "application/csp-report", body: `{"x":1}`, wantErr: "CSP report (report-uri format): no csp-report object"},
		{name: "wrong type", ctype: "text/plain", body: `x`, wantErr: `CSP report content type "text/plain": want application/csp-report or application/reports+json`},
		{name: "bad content type", ctype: "a/b; =", body: `x`, wantErr: `CSP report content type "a/b; =": mime: invalid media parameter`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(tt.ctype, []byte(tt.body))
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("error = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestParseBoundsReports(t *testing.T) {
	one := `{"type":"csp-violation","body":{"effectiveDirective":"img-src"}}`
	body := "[" + strings.TrimSuffix(strings.Repeat(one+",", 50), ",") + "]"
	got, err := Parse("application/reports+json", []byte(body))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != MaxReports {
		t.Errorf("got %d reports, want %d", len(got), MaxReports)
	}
}

func FuzzParse(f *testing.F) {
	f.Add("application/csp-report", []byte(`{"csp-report":{"document-uri":"x","line-number":"1"}}`))
	f.Add("application/reports+json", []byte(`[{"type":"csp-violation","body":{"lineNumber":2}}]`))
	f.Fuzz(func(t *testing.T, ctype string, body []byte) {
		vs, err := Parse(ctype, body)
		if err != nil && vs != nil {
			t.Fatalf("Parse returned violations and an error %v", err)
		}
		if len(vs) > MaxReports {
			t.Fatalf("Parse returned %d violations, more than %d", len(vs), MaxReports)
		}
	})
}
