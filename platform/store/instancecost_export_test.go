package store

import (
	"context"

	"github.com/sqreen-go/sqreen/runtime/wire"
)

// IngestTogether stores heartbeats of an app in one transaction, as one
// group commit of IngestHeartbeat does when they arrive at the same time
// (which a test cannot arrange through IngestHeartbeat), and returns the
// error of each.
func (s *Store) IngestTogether(ctx context.Context, appID int64, reqs ...*wire.HeartbeatRequest) []error {
	group := make([]*groupRequest, len(reqs))
	for i, req := range reqs {
		group[i] = &groupRequest{ctx: ctx, appID: appID, req: req}
	}
	s.ingestGroup(ctx, group)
	errs := make([]error, len(group))
	for i, r := range group {
		errs[i] = r.err
	}
	return errs
}
