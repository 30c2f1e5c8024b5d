package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync/atomic"
	"time"
)

// checkpointInterval is how often the SQLite WAL is copied back into the
// database file.
const checkpointInterval = 500 * time.Millisecond

// checkpointer copies SQLite's write-ahead log into the database file from
// a connection of its own, every checkpointInterval. By default SQLite
// does it inside the commit that takes the log past 1,000 pages: under
// load every other group of heartbeats waited for a checkpoint (copy and
// fsync) before it was acknowledged, and the heartbeats queued behind it
// too. The writer's connection runs with wal_autocheckpoint(0); PASSIVE
// checkpoints never block it nor the readers. If the log has grown past
// maxWALFrames anyway (readers kept it from being reset), one RESTART
// checkpoint waits for them and lets the writer start the log over.
type checkpointer struct {
	db   *sql.DB
	stop chan struct{}
	done chan struct{}
	// Errors counts failed checkpoints (the next one retries).
	errors atomic.Int64
}

// maxWALFrames is about 256 MiB of log with 4 KiB pages.
const maxWALFrames = 65536

func startCheckpointer(driver, dsn string) (*checkpointer, error) {
	db, err := sql.Open(driver, dsn)
	if err != nil {
		return nil, fmt.Errorf("store: open SQLite checkpointer: %w", err)
	}
	db.SetMaxOpenConns(1)
	c := &checkpointer{db: db, stop: make(chan struct{}), done: make(chan struct{})}
	go c.loop()
	return c, nil
}

func (c *checkpointer) loop() {
	defer close(c.done)
	t := time.NewTicker(checkpointInterval)
	defer t.Stop()
	for {
		select {
		case <-c.stop:
			c.checkpoint("PASSIVE")
			return
		case <-t.C:
		}
		if frames, err := c.checkpoint("PASSIVE"); err == nil && frames > maxWALFrames {
			c.checkpoint("RESTART")
		}
	}
}

// checkpoint runs one checkpoint and returns the frames in the log.
func (c *checkpointer) checkpoint(mode string) (int, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var busy, frames, copied int
	err := c.db.QueryRowContext(ctx, "PRAGMA wal_checkpoint("+mode+")").Scan(&busy, &frames, &copied)
	if err != nil {
		c.errors.Add(1)
	}
	return frames, err
}

func (c *checkpointer) close() {
	close(c.stop)
	<-c.done
	c.db.Close()
}

// withoutAutoCheckpoint returns a SQLite DSN whose connections leave
// checkpoints to the checkpointer.
func withoutAutoCheckpoint(dsn string) string {
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	return dsn + sep + "_pragma=wal_autocheckpoint(0)"
}
