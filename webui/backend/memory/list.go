package memory

import (
	"sort"
	"strings"

	"github.com/sqreen-go/sqreen/webui/backend"
)

// defaultLimit is the page size when Page.Limit is 0.
const defaultLimit = 50

func page[T any](all []T, p backend.Page) []T {
	limit := p.Limit
	if limit <= 0 {
		limit = defaultLimit
	}
	if p.Offset >= len(all) || p.Offset < 0 {
		return nil
	}
	end := min(p.Offset+limit, len(all))
	return append([]T(nil), all[p.Offset:end]...)
}

func sortBy[T any](s []T, less func(a, b T) bool) {
	sort.SliceStable(s, func(i, j int) bool { return less(s[i], s[j]) })
}

func hasPrefix(s, prefix string) bool { return strings.HasPrefix(s, prefix) }
