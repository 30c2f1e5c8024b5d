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

// scannerKeys holds the first three bytes of each row's word, packed in
// a number (see key3), in the table's order, which sorts them too. The
// lookup searches these 220 contiguous bytes rather than the words, which
// lie apart in memory: a search of the words cost a cache miss a step on a
// request whose User-Agent has a word starting like a row's ("Go-http-client"
// and gobuster, "Mozilla" and morfeus). Every word has three bytes at
// least (TestScannerTableWords).
var scannerKeys = func() (k [len(scannerTable)]uint32) {
	for i, row := range scannerTable {
		k[i] = key3(row.word)
	}
	return k
}()

// key3 packs the first three bytes of s, lowered, into a number that
// sorts as the bytes do. s has three bytes at least.
func key3(s string) uint32 {
	return uint32(lowerByte(s[0]))<<16 | uint32(lowerByte(s[1]))<<8 | uint32(lowerByte(s[2]))
}

// scannerAt returns the row whose word starts rest as a whole word: the
// rows whose first three bytes are rest's, found by a binary search of
// scannerKeys, are the only ones that may.
func scannerAt(rest string) (scanner, bool) {
	if len(rest) < 3 {
		return scanner{}, false
	}
	k := key3(rest)
	lo, hi := 0, len(scannerKeys)
	for lo < hi { // the first key >= k
		mid := int(uint(lo+hi) >> 1)
		if scannerKeys[mid] < k {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	for j := lo; j < len(scannerKeys) && scannerKeys[j] == k; j++ {
		row := scannerTable[j]
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

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func lowerByte(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
