package httpapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/sqreen-go/sqreen/webui/backend"
)

// Limits of lists and bodies.
const (
	defaultLimit = 50
	maxLimit     = 500
	maxBody      = 1 << 20
)

var errBadJSON = errors.New("bad JSON body")

// list is the JSON of every paged list.
type list[T any] struct {
	Items  []T `json:"items"`
	Total  int `json:"total"`
	Offset int `json:"offset"`
	Limit  int `json:"limit"`
}

func newList[T any](items []T, total int, p backend.Page) list[T] {
	if items == nil {
		items = []T{}
	}
	return list[T]{Items: items, Total: total, Offset: p.Offset, Limit: p.Limit}
}

// pageOf reads ?offset= and ?limit=.
func pageOf(q url.Values) (backend.Page, error) {
	p := backend.Page{Limit: defaultLimit}
	if s := q.Get("offset"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			return p, backend.Invalid("offset", "want a non-negative integer, not %q", s)
		}
		p.Offset = n
	}
	if s := q.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > maxLimit {
			return p, backend.Invalid("limit", "want an integer from 1 to %d, not %q", maxLimit, s)
		}
		p.Limit = n
	}
	return p, nil
}

// timeParam reads an RFC 3339 time; absent is the zero time.
func timeParam(q url.Values, name string) (time.Time, error) {
	s := q.Get(name)
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, backend.Invalid(name, "want an RFC 3339 time such as 2026-01-02T15:04:05Z, not %q", s)
	}
	return t, nil
}

func intParam(q url.Values, name string, def, lo, hi int) (int, error) {
	s := q.Get(name)
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		return 0, backend.Invalid(name, "want an integer from %d to %d, not %q", lo, hi, s)
	}
	return n, nil
}

// decode reads a JSON body into v, refusing unknown fields and trailing data.
func decode(w http.ResponseWriter, r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var big *http.MaxBytesError
		if errors.As(err, &big) {
			return err
		}
		return fmt.Errorf("%w: %v", errBadJSON, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return fmt.Errorf("%w: data after the JSON value", errBadJSON)
	}
	return nil
}
