package webui

// fixAdvice says how to remove one kind of vulnerability for good.
type fixAdvice struct {
	Kind   string
	Title  string
	Advice string
}

// fixes is the table of remediation advice, one row per attack kind.
var fixes = []fixAdvice{
	{"sqli", "SQL injection", "Pass user input as query arguments (placeholders such as $1 or ?) instead of concatenating it into the SQL text; database/sql and sqlx do the quoting."},
	{"shell", "Command injection", "Run the program directly with exec.Command(name, args...) and no shell; never build a \"sh -c\" string from input; allowlist the program names."},
	{"path", "Path traversal", "Open files through os.Root (Go 1.24+) rooted at the allowed folder, or reject names for which filepath.IsLocal is false."},
	{"ssrf", "Server-side request forgery", "Send outgoing requests only to an allowlist of hosts, checked after resolution; refuse private and loopback addresses."},
	{"xss", "Cross-site scripting", "Render input with html/template and never convert it to template.HTML, template.JS or template.URL."},
	{"blocklist", "Blocklisted client", "The client's IP or user is on the blocklist, so the request was refused before the handler: there is nothing to fix in the code. Lift the block on the Blocklist page if it was a mistake."},
	{"waf", "Request rule", "A request rule matched: check whether the endpoint validates this input, and tune or keep the rule."},
}

// adviceFor returns the advice for kind, or a generic one.
func adviceFor(kind string) fixAdvice {
	for _, f := range fixes {
		if f.Kind == kind {
			return f
		}
	}
	return fixAdvice{Kind: kind, Title: kind, Advice: "Validate this input at the endpoint and keep the protection in block mode."}
}
