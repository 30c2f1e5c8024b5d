package rules

// HookPoint names the place in the application where rules run: the request
// entry, one of the sinks, or the response.
type HookPoint string

// The hook points, in the order hookTable lists them. The request hook's
// constant is RequestHook because Request is the type of the request.
const (
	RequestHook HookPoint = "request"     // request entry (In-App WAF)
	SQL         HookPoint = "sql"         // database/sql queries
	Shell       HookPoint = "shell"       // os/exec and os.StartProcess
	File        HookPoint = "file"        // os.OpenFile and friends
	HTTPClient  HookPoint = "http_client" // outgoing HTTP requests
	Template    HookPoint = "template"    // html/template and text/template renders
	Response    HookPoint = "response"    // before the response headers are written
)

// Action is what happens when a rule matches.
type Action string

const (
	// Block stops the request: the protected call returns an error and the
	// block response is written.
	Block Action = "block"
	// Monitor only reports the match.
	Monitor Action = "monitor"
)

// hookInfo is one row of hookTable.
type hookInfo struct {
	point HookPoint
	// sink is the name of the expr variable that holds the sink's
	// arguments ("" for the request hook).
	sink string
	// doc says, for error messages and docs, what the hook sees.
	doc string
}

// hookTable lists every hook point. Its order gives the index of a hook in
// per-hook arrays (see hookIndex).
var hookTable = [...]hookInfo{
	{RequestHook, "", "the HTTP request at entry"},
	{SQL, "sql", "a SQL query about to run"},
	{Shell, "shell", "a command about to start"},
	{File, "file", "a file about to be opened"},
	{HTTPClient, "http_client", "an outgoing HTTP request"},
	{Template, "template", "a rendered template"},
	{Response, "response", "the response status and headers"},
}

const numHooks = len(hookTable)

// hookIndex returns the row of h in hookTable, or -1.
func hookIndex(h HookPoint) int {
	switch h {
	case RequestHook:
		return 0
	case SQL:
		return 1
	case Shell:
		return 2
	case File:
		return 3
	case HTTPClient:
		return 4
	case Template:
		return 5
	case Response:
		return 6
	}
	return -1
}

// Valid reports whether h is a known hook point.
func (h HookPoint) Valid() bool { return hookIndex(h) >= 0 }

// Valid reports whether a is a known action.
func (a Action) Valid() bool { return a == Block || a == Monitor }
