package waf

// scanner is one row of scannerTable: a word that identifies an attack
// tool in a User-Agent header, and the tool's name.
type scanner struct {
	word string // lower case; matched as a whole word, case-insensitively
	tool string
}

// scannerTable lists the attack and reconnaissance tools recognised by
// ScannerUserAgent. It is read-only. A word matches only as a whole word
// (not preceded or followed by a letter), so `dirb` does not match inside
// `DirBuster` (which has its own row) and no row matches the tokens of
// ordinary browsers, crawlers and HTTP libraries. Generic clients (curl,
// python-requests, Go-http-client) are deliberately absent: legitimate
// integrations use them every day. Rows are sorted by word, which the
// lookup relies on (and a test checks).
var scannerTable = [...]scanner{
	{"acunetix", "Acunetix"},
	{"appscan", "AppScan"},
	{"arachni", "Arachni"},
	{"bbqsql", "BBQSQL"},
	{"brutus/aet", "Brutus"},
	{"bsqlbf", "bsqlbf"},
	{"commix", "commix"},
	{"dalfox", "Dalfox"},
	{"dirb", "DIRB"},
	{"dirbuster", "DirBuster"},
	{"dirsearch", "dirsearch"},
	{"feroxbuster", "feroxbuster"},
	{"ffuf", "ffuf"},
	{"fimap", "fimap"},
	{"gobuster", "gobuster"},
	{"grendel-scan", "Grendel-Scan"},
	{"havij", "Havij"},
	{"interactsh", "interactsh"},
	{"jaeles", "Jaeles"},
	{"jbrofuzz", "JBroFuzz"},
	{"jorgee", "Jorgee"},
	{"masscan", "masscan"},
	{"morfeus fucking scanner", "Morfeus"},
	{"n-stealth", "N-Stealth"},
	{"nessus", "Nessus"},
	{"netsparker", "Netsparker"},
	{"nikto", "Nikto"},
	{"nmap nse", "Nmap"},
	{"nmap scripting engine", "Nmap"},
	{"nosqlmap", "NoSQLMap"},
	{"nsauditor", "Nsauditor"},
	{"nuclei", "Nuclei"},
	{"openvas", "OpenVAS"},
	{"pangolin", "Pangolin"},
	{"paros", "Paros"},
	{"probely", "Probely"},
	{"skipfish", "skipfish"},
	{"sql power injector", "SQL Power Injector"},
	{"sqlmap", "sqlmap"},
	{"sqlninja", "sqlninja"},
	{"sqlsus", "sqlsus"},
	{"tplmap", "tplmap"},
	{"uniscan", "Uniscan"},
	{"w3af", "w3af"},
	{"wapiti", "Wapiti"},
	{"webinspect", "WebInspect"},
	{"webshag", "Webshag"},
	{"wfuzz", "Wfuzz"},
	{"whatweb", "WhatWeb"},
	{"wpscan", "WPScan"},
	{"xsser", "XSSer"},
	{"xsstrike", "XSStrike"},
	{"zap", "OWASP ZAP"},
	{"zgrab", "ZGrab"},
	{"zmeu", "ZmEu"},
}

// ScannerUserAgent reports whether the User-Agent ua names a known attack
// or reconnaissance tool (sqlmap, Nikto, Nuclei, ...) and, if so, which.
// Matching is case-insensitive and by whole words; it does not allocate.
func ScannerUserAgent(ua string) (tool string, ok bool) {
	for i := 0; i+1 < len(ua); {
		if !isLetter(ua[i]) {
			i++
			continue
		}
		// A word starts at i. No row starts with one letter and no row
		// starts with these two bytes for most words of a browser's agent.
		if scannerStarts[lowerByte(ua[i])-'a']&(1<<pairClass(ua[i+1])) != 0 {
			if row, ok := scannerAt(ua[i:]); ok {
				return row.tool, true
			}
		}
		for i++; i < len(ua) && isLetter(ua[i]); i++ {
		}
	}
	return "", false
}

// scannerStarts is derived from scannerTable: bit pairClass(c) of entry
// l-'a' is set when some word starts with the letter l followed by c. Most
// words of a browser's User-Agent are rejected by it without a search.
var scannerStarts = func() (m [26]uint64) {
	for _, row := range scannerTable {
		m[row.word[0]-'a'] |= 1 << pairClass(row.word[1])
	}
	return m
}()

// pairClass maps the second byte of a word to a bit of scannerStarts,
// ignoring ASCII case: letters 0-25, digits 26-35, '-' 36, space 37, any
// other byte 38.
func pairClass(c byte) uint {
	switch c = lowerByte(c); {
	case c >= 'a' && c <= 'z':
		return uint(c - 'a')
	case c >= '0' && c <= '9':
		return 26 + uint(c-'0')
	case c == '-':
		return 36
	case c == ' ':
		return 37
	}
	return 38
}

// scannerAt returns the row whose word starts rest as a whole word. It
// binary-searches the sorted table for the rows that may start rest, then
// checks them; words that are prefixes of one another (dirb, dirbuster)
// sit next to each other, so the check walks back over them.
func scannerAt(rest string) (scanner, bool) {
	lo, hi := 0, len(scannerTable)
	for lo < hi { // first row whose word is > rest, compared case-insensitively
		mid := (lo + hi) / 2
		if compareFold(scannerTable[mid].word, rest) <= 0 {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	for j := lo - 1; j >= 0; j-- {
		row := scannerTable[j]
		if row.word[0] != lowerByte(rest[0]) {
			break
		}
		if !hasPrefixFold(rest, row.word) {
			continue
		}
		if n := len(row.word); n < len(rest) && isLetter(rest[n]) {
			continue // a longer word, e.g. "dirb" in "dirbuster"
		}
		return row, true
	}
	return scanner{}, false
}

// compareFold compares the lower-case word w with s lowered, over the
// length of w: -1, 0 (w is a prefix of lowered s) or +1.
func compareFold(w, s string) int {
	for i := 0; i < len(w); i++ {
		if i >= len(s) {
			return 1
		}
		c := lowerByte(s[i])
		if w[i] != c {
			if w[i] < c {
				return -1
			}
			return 1
		}
	}
	return 0
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func lowerByte(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
