package store

import "fmt"

// Page selects a slice of a list ordered newest first: at most Limit rows
// (default 100, at most 1000) with an id below Before (0: from the newest).
type Page struct {
	Limit  int   `json:"limit"`
	Before int64 `json:"before"`
}

func (p Page) limit() int {
	switch {
	case p.Limit <= 0:
		return 100
	case p.Limit > 1000:
		return 1000
	}
	return p.Limit
}

// apply adds the page's condition, order and limit to a query that already
// has a WHERE clause.
func (p Page) apply(query, idColumn string, args []any) (string, []any) {
	if p.Before > 0 {
		query += fmt.Sprintf(" AND %s < ?", idColumn)
		args = append(args, p.Before)
	}
	query += fmt.Sprintf(" ORDER BY %s DESC LIMIT %d", idColumn, p.limit())
	return query, args
}
