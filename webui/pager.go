package webui

import (
	"net/url"
	"strconv"

	"github.com/sqreen-go/sqreen/webui/backend"
)

// pageSize is the number of rows of every paged list.
const pageSize = 50

// pager is the pagination bar under a list.
type pager struct {
	From, To, Total int
	Prev, Next      string // links; empty when there is none
}

// pageOf reads ?offset= from q.
func pageOf(q url.Values) backend.Page {
	off, err := strconv.Atoi(q.Get("offset"))
	if err != nil || off < 0 {
		off = 0
	}
	return backend.Page{Offset: off, Limit: pageSize}
}

// newPager builds the bar for a list at path whose query is q.
func newPager(path string, q url.Values, p backend.Page, shown, total int) pager {
	link := func(off int) string {
		v := url.Values{}
		for k, vs := range q {
			v[k] = vs
		}
		v.Set("offset", strconv.Itoa(off))
		return path + "?" + v.Encode()
	}
	pg := pager{From: p.Offset + 1, To: p.Offset + shown, Total: total}
	if shown == 0 {
		pg.From = 0
	}
	if p.Offset > 0 {
		pg.Prev = link(max(0, p.Offset-p.Limit))
	}
	if p.Offset+shown < total {
		pg.Next = link(p.Offset + shown)
	}
	return pg
}
