package rules

// fieldID names a string field of the environment that native plans read
// directly (see evalState.field). TestFieldsMatchEnv checks that each path
// type-checks as a string in expr, so this list cannot drift from the
// environment structs.
type fieldID uint8

const (
	fNone fieldID = iota
	fMethod
	fPath
	fRoute
	fRawQuery
	fClientIP
	fUser
	fUserAgent
	fSQLQuery
	fSQLDialect
	fShellCommand
	fFileOp
	fFilePath
	fURL
	fTemplateName
	fTemplateOutput
)

// fieldPaths gives the expr path of each fieldID; its index is the id.
var fieldPaths = [...]string{
	fNone:           "",
	fMethod:         "request.method",
	fPath:           "request.path",
	fRoute:          "request.route",
	fRawQuery:       "request.raw_query",
	fClientIP:       "request.client_ip",
	fUser:           "request.user",
	fUserAgent:      "request.user_agent",
	fSQLQuery:       "sql.query",
	fSQLDialect:     "sql.dialect",
	fShellCommand:   "shell.command",
	fFileOp:         "file.op",
	fFilePath:       "file.path",
	fURL:            "http_client.url",
	fTemplateName:   "template.name",
	fTemplateOutput: "template.output",
}

func fieldByPath(p string) fieldID {
	for i, q := range fieldPaths {
		if i > 0 && q == p {
			return fieldID(i)
		}
	}
	return fNone
}

// field returns the value of a string field; a missing request or sink
// reads as "".
func (st *evalState) field(f fieldID) string {
	in, r := st.in, st.req
	switch f {
	case fMethod, fPath, fRoute, fRawQuery, fClientIP, fUser, fUserAgent:
		if r == nil {
			return ""
		}
		switch f {
		case fMethod:
			return r.Method
		case fPath:
			return r.Path
		case fRoute:
			return r.Route
		case fRawQuery:
			return r.RawQuery
		case fClientIP:
			return r.ClientIP
		case fUser:
			return r.User
		}
		return r.UserAgent
	case fSQLQuery, fSQLDialect:
		if in.SQL == nil {
			return ""
		}
		if f == fSQLQuery {
			return in.SQL.Query
		}
		return in.SQL.Dialect
	case fShellCommand:
		if in.Shell != nil {
			return in.Shell.Command
		}
	case fFileOp, fFilePath:
		if in.File == nil {
			return ""
		}
		if f == fFileOp {
			return in.File.Op
		}
		return in.File.Path
	case fURL:
		if in.HTTPClient != nil {
			return in.HTTPClient.URL
		}
	case fTemplateName, fTemplateOutput:
		if in.Template == nil {
			return ""
		}
		if f == fTemplateName {
			return in.Template.Name
		}
		return in.Template.Output
	}
	return ""
}
