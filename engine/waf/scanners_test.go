package waf

import (
	"strings"
	"testing"
)

func TestScannerUserAgent(t *testing.T) {
	tests := []struct {
		ua   string
		tool string // "" when the agent is not a scanner
	}{
		{"sqlmap/1.7.2#stable (https://sqlmap.org)", "sqlmap"},
		{"Mozilla/5.00 (Nikto/2.1.6) (Evasions:None) (Test:000001)", "Nikto"},
		{"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/91.0 Safari/537.36 Nuclei", "Nuclei"},
		{"Nuclei - Open-source project (github.com/projectdiscovery/nuclei)", "Nuclei"},
		{"masscan/1.3 (https://github.com/robertdavidgraham/masscan)", "masscan"},
		{"Mozilla/5.0 zgrab/0.x", "ZGrab"},
		{"WPScan v3.8.22 (https://wpscan.com/wordpress-security-scanner)", "WPScan"},
		{"DirBuster-1.0-RC1 (http://www.owasp.org/index.php/Category:OWASP_DirBuster_Project)", "DirBuster"},
		{"gobuster/3.6", "gobuster"},
		{"Fuzz Faster U Fool v2.1.0-dev (ffuf)", "ffuf"},
		{"Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)", "Nmap"},
		{"Mozilla/5.0 (compatible; OpenVAS-VT 22.4)", "OpenVAS"},
		{"w3af.org", "w3af"},
		{"Arachni/v1.5.1", "Arachni"},
		{"Havij", "Havij"},
		{"Mozilla/5.0 (compatible; Netsparker)", "Netsparker"},
		{"jaeles", "Jaeles"},
		{"WhatWeb/0.5.5", "WhatWeb"},
		{"NESSUS", "Nessus"},
		{"Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 5.1; Trident/4.0; Acunetix Web Vulnerability Scanner)", "Acunetix"},
		{"Mozilla/3.0 (Compatible;Brutus/AET)", "Brutus"},
		{"DIRB", "DIRB"},
		{"NoSQLMap v3", "NoSQLMap"},
		{"Mozilla/5.0 (compatible; Dalfox)", "Dalfox"},
		{"XSStrike", "XSStrike"},

		// Browsers, crawlers and ordinary clients.
		{"", ""},
		{"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36", ""},
		{"Mozilla/5.0 (Macintosh; Intel Mac OS X 14_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15", ""},
		{"Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0", ""},
		{"Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148", ""},
		{"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", ""},
		{"Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)", ""},
		{"facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)", ""},
		{"Zapier", ""},
		{"curl/8.4.0", ""},
		{"python-requests/2.31.0", ""},
		{"Go-http-client/1.1", ""},
		{"Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)", ""},
		{"Mozilla/5.0 (Linux; Android 13; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0 Mobile Safari/537.36", ""},
		{"sqlmapper-client/2.0", ""},        // a longer word
		{"Mozilla/5.0 superdirbuilder", ""}, // dirb inside a word
		{"dirbx dirb", "DIRB"},
		{"Mozilla/5.0 (compatible; Nmap NSE)", "Nmap"},
		{"ZAP", "OWASP ZAP"},
		{"zzz", ""},
		{"A", ""},
	}
	for _, tt := range tests {
		tool, ok := ScannerUserAgent(tt.ua)
		if ok != (tt.tool != "") || tool != tt.tool {
			t.Errorf("ScannerUserAgent(%q) = %q, %v; want %q", tt.ua, tool, ok, tt.tool)
		}
	}
}

// TestScannerTableWords checks the table's rows: lower-case words of three
// bytes or more that start with a letter, sorted (and so their keys, which
// scannerAt searches), no duplicate word, a tool name on every row.
func TestScannerTableWords(t *testing.T) {
	seen := map[string]bool{}
	for i, row := range scannerTable {
		if i > 0 && scannerTable[i-1].word >= row.word {
			t.Errorf("rows %q and %q out of order", scannerTable[i-1].word, row.word)
		}
		if i > 0 && scannerKeys[i-1] > scannerKeys[i] {
			t.Errorf("keys of rows %q and %q out of order", scannerTable[i-1].word, row.word)
		}
		if len(row.word) < 3 || row.tool == "" || !isLetter(row.word[0]) {
			t.Errorf("bad row %+v", row)
			continue
		}
		for i := 0; i < len(row.word); i++ {
			if c := row.word[i]; c >= 'A' && c <= 'Z' {
				t.Errorf("row %q: word must be lower case", row.word)
			}
		}
		if seen[row.word] {
			t.Errorf("duplicate row %q", row.word)
		}
		seen[row.word] = true
	}
}

// TestScannerStartsKeepsEveryRow checks that the two-byte filter in front
// of the search lets every row through, whatever its case and place.
func TestScannerStartsKeepsEveryRow(t *testing.T) {
	for _, row := range scannerTable {
		for _, w := range []string{row.word, strings.ToUpper(row.word), strings.ToUpper(row.word[:1]) + row.word[1:]} {
			for _, ua := range []string{w, "Mozilla/5.0 (" + w + "/1.0)", "x " + w} {
				tool, ok := ScannerUserAgent(ua)
				want, wantOK := scannerLinear(ua)
				if !ok || tool != want || !wantOK {
					t.Errorf("ScannerUserAgent(%q) = %q, %v; want %q", ua, tool, ok, want)
				}
			}
		}
	}
}

// scannerLinear is the reference for ScannerUserAgent: every row tried at
// every word start.
func scannerLinear(ua string) (string, bool) {
	for i := 0; i < len(ua); i++ {
		if !isLetter(ua[i]) || i > 0 && isLetter(ua[i-1]) {
			continue
		}
		for _, row := range scannerTable {
			n := len(row.word)
			if hasPrefixFold(ua[i:], row.word) && (i+n == len(ua) || !isLetter(ua[i+n])) {
				return row.tool, true
			}
		}
	}
	return "", false
}

// FuzzScannerUserAgent checks the binary search against the linear
// reference.
func FuzzScannerUserAgent(f *testing.F) {
	f.Add("sqlmap/1.7")
	f.Add("dirbx DirB")
	f.Add("Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0")
	f.Fuzz(func(t *testing.T, ua string) {
		tool, ok := ScannerUserAgent(ua)
		want, wantOK := scannerLinear(ua)
		if ok != wantOK || tool != want {
			t.Fatalf("ScannerUserAgent(%q) = %q, %v; the linear scan says %q, %v", ua, tool, ok, want, wantOK)
		}
	})
}

func BenchmarkScannerUserAgent(b *testing.B) {
	ua := "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"
	b.ReportAllocs()
	for b.Loop() {
		ScannerUserAgent(ua)
	}
}
