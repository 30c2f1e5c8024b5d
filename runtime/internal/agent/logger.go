package agent

import (
	"context"
	"log/slog"
	"os"
	"sync"
	"time"
)

// logInterval is how often one kind of message may be logged.
const logInterval = time.Minute

// logger logs rarely: each message kind at most once per logInterval.
type logger struct {
	*slog.Logger
	mu   sync.Mutex
	last map[string]time.Time
}

func newLogger(level slog.Level) *logger {
	h := slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level})
	return &logger{Logger: slog.New(h).With("component", "sqreen"), last: map[string]time.Time{}}
}

// once logs msg at error level unless kind was logged less than
// logInterval ago.
func (l *logger) once(kind, msg string, args ...any) {
	l.mu.Lock()
	now := time.Now()
	if t, ok := l.last[kind+msg]; ok && now.Sub(t) < logInterval {
		l.mu.Unlock()
		return
	}
	l.last[kind+msg] = now
	l.mu.Unlock()
	l.Log(context.Background(), slog.LevelError, msg, args...)
}
