package playbook

import (
	"context"
	"slices"
	"time"

	"github.com/sqreen-go/sqreen/platform/store"
)

// maxTallyWindow caps the windows counted in memory; a condition reading a
// longer window (up to 90 days) asks Store.Aggregate, as before.
const maxTallyWindow = 24 * time.Hour

// settleTime bounds how long an event may stay invisible. It is twice D,
// one minute: the assumed bound between the received_at a replica stamps
// on a group of heartbeats (before their transaction starts) and that
// transaction's commit or rollback, clock differences between replicas
// included. A group commit takes milliseconds to seconds, so D is wide.
//
// Event ids are taken inside the transactions and these commit out of id
// order (16 writers on PostgreSQL), so reading "id > last id read" alone
// would skip an event whose transaction commits after a larger id was
// read. If X < Y, X took its id before Y did, hence after X's received_at
// and before Y's commit. So:
//   - an id X missing below an id Y seen at time N commits (or never
//     will) before N + D: gaps are read again for settleTime after N;
//   - every id at or below a visible Y received before now - 2D is final
//     (X commits before received_at(Y) + D + D): the rebuild reads those
//     by time, and the ids above one by one.
//
// SQLite has one writer: ids commit in order and no gap appears.
const settleTime = 2 * time.Minute

// A feed reads every event once, as it becomes visible, into a tally:
//
//   - rebuild (first run, restart, takeover, a playbook reading a longer
//     window): the events of the longest windows, by time, up to the
//     newest id received more than settleTime ago (settled: final);
//   - then each run: the events with an id above the last one read, in id
//     order; ids skipped are gaps, transactions still open that may commit
//     later with a smaller id (or rolled back). Gaps are read again each
//     run until settleTime after they were seen, so an event committed
//     late counts once, when it appears.
//
// A feed is not safe for concurrent use (the Runner serializes runs).
type feed struct {
	store *store.Store
	tally *tally // nil: rebuild at the next sync
	last  int64  // highest event id read
	gaps  []gap  // ids below last not read yet, in id order
	// rows counts the event rows read since the feed was made.
	rows int64
}

// gap is a range of ids found missing, read until a time.
type gap struct {
	store.IDRange
	until time.Time
}

// reset drops the state: the next sync rebuilds it.
func (f *feed) reset() { f.tally, f.last, f.gaps = nil, 0, nil }

// sync brings the tally up to date with the events visible now, for the
// horizons (longest window per subject); an empty horizon drops it. On
// error the state is dropped, so that no event is counted twice.
func (f *feed) sync(ctx context.Context, now time.Time, horizon map[string]time.Duration) (err error) {
	defer func() {
		if err != nil {
			f.reset()
		}
	}()
	if longest(horizon) == 0 {
		f.reset()
		return nil
	}
	if f.tally == nil || grows(f.tally.horizon, horizon) {
		if err := f.rebuild(ctx, now, horizon); err != nil {
			return err
		}
	}
	f.tally.horizon = horizon
	if err := f.readGaps(ctx, now); err != nil {
		return err
	}
	if err := f.readNew(ctx, now); err != nil {
		return err
	}
	f.tally.prune(now)
	return nil
}

// rebuild reads the settled events of the longest window into a new tally.
func (f *feed) rebuild(ctx context.Context, now time.Time, horizon map[string]time.Duration) error {
	settled, err := f.store.SettledEventID(ctx, now.Add(-settleTime).UnixMilli())
	if err != nil {
		return err
	}
	t := newTally(horizon)
	if settled > 0 { // else every event is recent: read by id
		since := windowStart(now, longest(horizon)) * time.Minute.Milliseconds()
		err = f.store.ScanEventsSince(ctx, since, settled, func(e *store.ScannedEvent) error {
			f.rows++
			t.add(e, now)
			return nil
		})
		if err != nil {
			return err
		}
	}
	f.tally, f.last, f.gaps = t, settled, nil
	return nil
}

// readGaps reads the events committed in the gaps since the last run,
// then forgets the ids found and the gaps past their time.
func (f *feed) readGaps(ctx context.Context, now time.Time) error {
	if len(f.gaps) == 0 {
		return nil
	}
	ranges := make([]store.IDRange, len(f.gaps))
	for i, g := range f.gaps {
		ranges[i] = g.IDRange
	}
	var found []int64
	err := f.store.ScanEventRanges(ctx, ranges, func(e *store.ScannedEvent) error {
		f.rows++
		f.tally.add(e, now)
		found = append(found, e.ID)
		return nil
	})
	if err != nil {
		return err
	}
	slices.Sort(found)
	f.gaps = openGaps(f.gaps, found, now)
	return nil
}

// openGaps returns the gaps minus the ids found (sorted) and minus the
// gaps whose time is past.
func openGaps(gaps []gap, found []int64, now time.Time) []gap {
	var out []gap
	j := 0
	for _, g := range gaps {
		from := g.From
		for ; j < len(found) && found[j] <= g.To; j++ {
			if found[j] < from {
				continue
			}
			if found[j] > from {
				out = append(out, gap{store.IDRange{From: from, To: found[j] - 1}, g.until})
			}
			from = found[j] + 1
		}
		if from <= g.To {
			out = append(out, gap{store.IDRange{From: from, To: g.To}, g.until})
		}
	}
	return slices.DeleteFunc(out, func(g gap) bool { return now.After(g.until) })
}

// readNew reads the events above the last id read, noting the ids skipped.
func (f *feed) readNew(ctx context.Context, now time.Time) error {
	return f.store.ScanEventsAfter(ctx, f.last, func(e *store.ScannedEvent) error {
		f.rows++
		if e.ID > f.last+1 {
			f.gaps = append(f.gaps, gap{store.IDRange{From: f.last + 1, To: e.ID - 1}, now.Add(settleTime)})
		}
		f.last = e.ID
		f.tally.add(e, now)
		return nil
	})
}

// horizons returns, per subject, the longest window of the tallied
// metrics the conditions read, up to maxTallyWindow.
func horizons(conds []compiled) map[string]time.Duration {
	h := map[string]time.Duration{}
	for _, c := range conds {
		for _, u := range c.cond.Uses() {
			if tallied(u.Metric) && u.Window <= maxTallyWindow {
				h[c.pb.Subject] = max(h[c.pb.Subject], u.Window)
			}
		}
	}
	return h
}

func longest(h map[string]time.Duration) time.Duration {
	var l time.Duration
	for _, d := range h {
		l = max(l, d)
	}
	return l
}

// grows reports whether a subject needs a longer window than kept.
func grows(kept, need map[string]time.Duration) bool {
	for s, d := range need {
		if d > kept[s] {
			return true
		}
	}
	return false
}
