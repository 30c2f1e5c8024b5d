package main

import (
	"fmt"
	"os"
	"strconv"
)

// session is a record of the cache BENCH_LIVE_MB holds: small objects
// with pointers, like an app's sessions or cached rows.
type session struct {
	id    int
	user  string
	roles []string
	next  *session
}

// liveSet keeps the cache reachable for the life of the process.
var liveSet []*session

// holdLiveHeap fills BENCH_LIVE_MB megabytes (about) of live heap. The
// bench app alone keeps under 1 MB live, below Go's 4 MB minimum heap
// goal, where every byte another library keeps live makes the GC run
// more often; most services keep tens of megabytes live, and this
// measures the overhead there too. 0 or unset: nothing.
func holdLiveHeap() error {
	v := os.Getenv("BENCH_LIVE_MB")
	if v == "" {
		return nil
	}
	mb, err := strconv.Atoi(v)
	if err != nil || mb < 0 || mb > 4096 {
		return fmt.Errorf("BENCH_LIVE_MB=%q: want megabytes, 0 to 4096", v)
	}
	// A session is about 104 bytes with its string, slice and pointer in liveSet.
	n := mb << 20 / 104
	liveSet = make([]*session, n)
	var prev *session
	for i := range liveSet {
		s := &session{id: i, user: fmt.Sprintf("user-%d", i), roles: []string{"reader"}, next: prev}
		liveSet[i], prev = s, s
	}
	return nil
}
