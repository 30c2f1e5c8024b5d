package rules

// Input is what a rule sees: the request in flight and, at a sink hook, the
// sink's arguments. Sink pointers other than the current hook's are nil. The
// runtime fills it; the expr names of its fields are in the expr tags.
type Input struct {
	Request    *Request      `expr:"request"`
	SQL        *SQLSink      `expr:"sql"`
	Shell      *ShellSink    `expr:"shell"`
	File       *FileSink     `expr:"file"`
	HTTPClient *URLSink      `expr:"http_client"`
	Template   *TemplateSink `expr:"template"`
	Response   *ResponseInfo `expr:"response"`
}

// SQLSink is a SQL query about to run.
type SQLSink struct {
	Query string `expr:"query"`
	// Dialect is "postgresql", "mysql", "sqlite" or "generic".
	Dialect string `expr:"dialect"`
}

// ShellSink is a command about to start.
type ShellSink struct {
	// Command is the command line as a shell would read it (for
	// exec.Command("sh", "-c", s) it is s; otherwise argv joined by spaces).
	Command string   `expr:"command"`
	Argv    []string `expr:"argv"`
}

// FileSink is a file about to be opened.
type FileSink struct {
	// Op is "open", "create", "write", "remove", ...
	Op   string `expr:"op"`
	Path string `expr:"path"`
}

// URLSink is an outgoing HTTP request.
type URLSink struct {
	URL string `expr:"url"`
}

// TemplateSink is a rendered template.
type TemplateSink struct {
	Name   string `expr:"name"`
	Output string `expr:"output"`
}

// ResponseInfo is the response about to be written.
type ResponseInfo struct {
	Status int `expr:"status"`
	// Headers has lower-case keys.
	Headers map[string][]string `expr:"headers"`
}
