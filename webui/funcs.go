package webui

import (
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"strings"
	"time"

	"github.com/sqreen-go/sqreen/webui/backend"
)

// funcs are the template functions. None returns template.HTML: every value
// a template prints is escaped for its context.
var funcs = template.FuncMap{
	"when":    fmtTime,
	"dur":     fmtDuration,
	"join":    strings.Join,
	"short":   shorten,
	"appname": appName,
	"toggleArgs": func(pd pageData, r backend.Rule, what, value string) toggle {
		return toggle{CanEdit: pd.CanEdit, CSRF: pd.CSRF, ID: r.ID, What: what, Value: value}
	},
}

// toggle is the data of the one-button forms that flip a rule's state.
type toggle struct {
	CanEdit        bool
	CSRF, ID, What string
	Value          string
}

func fmtTime(t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return t.UTC().Format("2006-01-02 15:04:05 UTC")
}

func fmtDuration(d time.Duration) string {
	switch {
	case d == 0:
		return "0"
	case d < time.Millisecond:
		return fmt.Sprintf("%.0fµs", float64(d)/float64(time.Microsecond))
	case d < time.Second:
		return fmt.Sprintf("%.1fms", float64(d)/float64(time.Millisecond))
	}
	s := d.String()
	if d%time.Minute == 0 { // 5m, not 5m0s
		s = strings.TrimSuffix(s, "0s")
		if d%time.Hour == 0 {
			s = strings.TrimSuffix(s, "0m")
		}
	}
	return s
}

// shorten cuts s to n runes, marking the cut with an ellipsis.
func shorten(n int, s string) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// appName returns the name of the app id among apps, or id when it is not
// there (the platform keys apps by number, which means nothing to people).
func appName(apps []backend.App, id string) string {
	for _, a := range apps {
		if a.ID == id {
			return a.Name
		}
	}
	return id
}
