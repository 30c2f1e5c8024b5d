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
// integrations use them every day.
var scannerTable = [...]scanner{
	{"sqlmap", "sqlmap"},
	{"nikto", "Nikto"},
	{"nuclei", "Nuclei"},
	{"masscan", "masscan"},
	{"zgrab", "ZGrab"},
	{"wpscan", "WPScan"},
	{"dirbuster", "DirBuster"},
	{"dirb", "DIRB"},
	{"gobuster", "gobuster"},
	{"feroxbuster", "feroxbuster"},
	{"dirsearch", "dirsearch"},
	{"ffuf", "ffuf"},
	{"wfuzz", "Wfuzz"},
	{"acunetix", "Acunetix"},
	{"nessus", "Nessus"},
	{"openvas", "OpenVAS"},
	{"w3af", "w3af"},
	{"arachni", "Arachni"},
	{"havij", "Havij"},
	{"netsparker", "Netsparker"},
	{"jaeles", "Jaeles"},
	{"whatweb", "WhatWeb"},
	{"nmap scripting engine", "Nmap"},
	{"nmap nse", "Nmap"},
	{"wapiti", "Wapiti"},
	{"skipfish", "skipfish"},
	{"commix", "commix"},
	{"xsser", "XSSer"},
	{"sqlninja", "sqlninja"},
	{"bsqlbf", "bsqlbf"},
	{"pangolin", "Pangolin"},
	{"fimap", "fimap"},
	{"paros", "Paros"},
	{"webinspect", "WebInspect"},
	{"appscan", "AppScan"},
	{"zmeu", "ZmEu"},
	{"morfeus fucking scanner", "Morfeus"},
	{"jorgee", "Jorgee"},
	{"brutus/aet", "Brutus"},
	{"zap", "OWASP ZAP"},
	{"interactsh", "interactsh"},
}

// ScannerUserAgent reports whether the User-Agent ua names a known attack
// or reconnaissance tool (sqlmap, Nikto, Nuclei, ...) and, if so, which.
// Matching is case-insensitive and by whole words; it does not allocate.
func ScannerUserAgent(ua string) (tool string, ok bool) {
	for i := 0; i < len(ua); i++ {
		if i > 0 && isLetter(ua[i-1]) {
			continue // only at the start of a word
		}
		c := lowerByte(ua[i])
		if c < 'a' || c > 'z' {
			continue
		}
		rest := ua[i:]
		for _, row := range scannerTable {
			if row.word[0] != c || !hasPrefixFold(rest, row.word) {
				continue
			}
			if n := len(row.word); n < len(rest) && isLetter(rest[n]) {
				continue // a longer word, e.g. "dirb" in "dirbuster"
			}
			return row.tool, true
		}
	}
	return "", false
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func lowerByte(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
