package storebackend

import (
	"context"

	"github.com/sqreen-go/sqreen/platform/store"
	"github.com/sqreen-go/sqreen/webui/backend"
)

// scanBatch is the page size of the store reads of scan.
const scanBatch = 1000

// scan reads a keyset-paged store list newest first, keeps the rows keep
// accepts, and returns the window p of them with their count. It reads at
// most maxScan rows: beyond that the count is a lower bound.
func scan[T any](ctx context.Context, maxScan int, p backend.Page, keep func(T) bool,
	list func(store.Page) ([]T, error), id func(T) int64) ([]T, int, error) {
	limit := p.Limit
	if limit <= 0 {
		limit = 50
	}
	var out []T
	total, read := 0, 0
	var before int64
	for read < maxScan {
		rows, err := list(store.Page{Limit: min(scanBatch, maxScan-read), Before: before})
		if err != nil {
			return nil, 0, err
		}
		for _, r := range rows {
			if keep != nil && !keep(r) {
				continue
			}
			if total >= p.Offset && len(out) < limit {
				out = append(out, r)
			}
			total++
		}
		read += len(rows)
		if len(rows) < scanBatch || len(rows) == 0 {
			break
		}
		before = id(rows[len(rows)-1])
	}
	return out, total, nil
}
