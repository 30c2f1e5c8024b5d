package httpapi

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/sqreen-go/sqreen/webui/backend"
)

// errorBody is the JSON of every error response.
type errorBody struct {
	Error string `json:"error"`
	Field string `json:"field,omitempty"`
}

// statusOf maps an error to its status and the body clients see; the text
// of internal errors stays in the log.
func statusOf(err error) (int, errorBody) {
	var in *backend.InputError
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var big *http.MaxBytesError
	switch {
	case errors.As(err, &in) && in.Field == "version":
		return http.StatusConflict, errorBody{Error: in.Error(), Field: in.Field}
	case errors.As(err, &in):
		return http.StatusBadRequest, errorBody{Error: in.Error(), Field: in.Field}
	case errors.As(err, &big):
		return http.StatusRequestEntityTooLarge, errorBody{Error: "request body larger than 1 MiB"}
	case errors.As(err, &syn), errors.As(err, &typ), errors.Is(err, errBadJSON):
		return http.StatusBadRequest, errorBody{Error: err.Error()}
	case errors.Is(err, errNoToken), errors.Is(err, errBadToken):
		return http.StatusUnauthorized, errorBody{Error: err.Error()}
	case errors.Is(err, errForbidden):
		return http.StatusForbidden, errorBody{Error: err.Error()}
	case errors.Is(err, backend.ErrNotFound):
		return http.StatusNotFound, errorBody{Error: "not found"}
	case errors.Is(err, errNoRoute):
		return http.StatusNotFound, errorBody{Error: err.Error()}
	}
	return http.StatusInternalServerError, errorBody{Error: "internal error (logged)"}
}

func (a *API) writeError(w http.ResponseWriter, r *http.Request, err error) {
	status, body := statusOf(err)
	if status == http.StatusInternalServerError {
		a.opts.Logger.Error("httpapi: request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="sqreen"`)
	}
	writeJSON(w, status, body)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}
