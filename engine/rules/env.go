package rules

// The expr environment of each hook point. Each holds the request and, at a
// sink, that sink only: `sql.query` in a request rule is a compile error.
// The hidden names serve the language's plumbing: __in and __pa are the
// lists of values any_input and any_param iterate, __state the evaluation
// state stateful helpers receive (see statePatcher); rules cannot name them.

type requestEnv struct {
	Request *Request   `expr:"request"`
	In      []string   `expr:"__in"`
	Params  []string   `expr:"__pa"`
	St      *evalState `expr:"__state"`
}

type sqlEnv struct {
	Request *Request   `expr:"request"`
	SQL     *SQLSink   `expr:"sql"`
	In      []string   `expr:"__in"`
	Params  []string   `expr:"__pa"`
	St      *evalState `expr:"__state"`
}

type shellEnv struct {
	Request *Request   `expr:"request"`
	Shell   *ShellSink `expr:"shell"`
	In      []string   `expr:"__in"`
	Params  []string   `expr:"__pa"`
	St      *evalState `expr:"__state"`
}

type fileEnv struct {
	Request *Request   `expr:"request"`
	File    *FileSink  `expr:"file"`
	In      []string   `expr:"__in"`
	Params  []string   `expr:"__pa"`
	St      *evalState `expr:"__state"`
}

type httpClientEnv struct {
	Request    *Request   `expr:"request"`
	HTTPClient *URLSink   `expr:"http_client"`
	In         []string   `expr:"__in"`
	Params     []string   `expr:"__pa"`
	St         *evalState `expr:"__state"`
}

type templateEnv struct {
	Request  *Request      `expr:"request"`
	Template *TemplateSink `expr:"template"`
	In       []string      `expr:"__in"`
	Params   []string      `expr:"__pa"`
	St       *evalState    `expr:"__state"`
}

type responseEnv struct {
	Request  *Request      `expr:"request"`
	Response *ResponseInfo `expr:"response"`
	In       []string      `expr:"__in"`
	Params   []string      `expr:"__pa"`
	St       *evalState    `expr:"__state"`
}

// newEnv returns the environment of hook h for st; with a nil st, a zero
// environment of the right type for the checker.
func newEnv(h HookPoint, st *evalState) any {
	var (
		in  = &Input{}
		req *Request
		vs  []string
		ps  []string
	)
	if st != nil {
		in, req = st.in, st.req
		if req == nil {
			req = &Request{}
		}
		vs, ps = req.inputValues()
	}
	switch h {
	case SQL:
		return &sqlEnv{req, in.SQL, vs, ps, st}
	case Shell:
		return &shellEnv{req, in.Shell, vs, ps, st}
	case File:
		return &fileEnv{req, in.File, vs, ps, st}
	case HTTPClient:
		return &httpClientEnv{req, in.HTTPClient, vs, ps, st}
	case Template:
		return &templateEnv{req, in.Template, vs, ps, st}
	case Response:
		return &responseEnv{req, in.Response, vs, ps, st}
	}
	return &requestEnv{req, vs, ps, st}
}

// sinkPresent reports whether in carries the arguments of hook h's sink.
func sinkPresent(h HookPoint, in *Input) bool {
	switch h {
	case RequestHook:
		return in.Request != nil
	case SQL:
		return in.SQL != nil
	case Shell:
		return in.Shell != nil
	case File:
		return in.File != nil
	case HTTPClient:
		return in.HTTPClient != nil
	case Template:
		return in.Template != nil
	case Response:
		return in.Response != nil
	}
	return false
}
