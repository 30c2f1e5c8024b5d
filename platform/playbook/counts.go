package playbook

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/sqreen-go/sqreen/platform/playbook/condition"
	"github.com/sqreen-go/sqreen/platform/store"
)

// counts memoizes the aggregates of one app during one evaluation. A
// window starts at the beginning of the minute holding now-window (the
// tally's granularity; not_found's rollups are per minute too): the
// tally answers the metrics and windows it keeps, Store.Aggregate the
// others (not_found, windows above maxTallyWindow), with the same start.
type counts struct {
	ctx   context.Context
	store *store.Store
	tally *tally // nil: every aggregate from the store
	app   int64
	now   time.Time
	cache map[useKey]map[string]int64
	err   error
}

// useKey names one aggregate of a subject (no allocation per lookup: the
// conditions read them once per candidate value).
type useKey struct {
	metric string
	window time.Duration
}

func (c *counts) get(metric string, window time.Duration, subject string) map[string]int64 {
	key := useKey{metric, window}
	if m, ok := c.cache[key]; ok {
		return m
	}
	start := windowStart(c.now, window)
	if c.tally != nil && tallied(metric) && window <= c.tally.horizon[subject] {
		m := c.tally.sum(c.app, subject, metric, start)
		c.cache[key] = m
		return m
	}
	m, err := c.store.Aggregate(c.ctx, c.app, subject, metric, start*time.Minute.Milliseconds())
	if err != nil && c.err == nil {
		c.err = err
	}
	c.cache[key] = m
	return m
}

// candidates returns the subject values worth evaluating, those with a
// positive count in one of the aggregates used: the aggregate itself when
// the condition reads only one.
func (c *counts) candidates(uses []condition.Use, subject string) map[string]int64 {
	first := uses[0]
	for _, u := range uses[1:] {
		if u.Metric != first.Metric || u.Window != first.Window {
			return c.union(uses, subject)
		}
	}
	return c.get(first.Metric, first.Window, subject)
}

// union returns the values with a positive count in one of the aggregates.
func (c *counts) union(uses []condition.Use, subject string) map[string]int64 {
	out := map[string]int64{}
	for _, u := range uses {
		for v, n := range c.get(u.Metric, u.Window, subject) {
			if n > 0 {
				out[v] = 1
			}
		}
	}
	return out
}

// environment returns the condition's environment, made once per
// evaluation: its aggregates read the value set in agg.Value, and the
// windows parsed by Compile.
func (c *counts) environment(uses []condition.Use, subject string) (condition.Env, *condition.Aggregates) {
	windows := map[string]time.Duration{}
	for _, u := range uses {
		windows[u.Text] = u.Window
	}
	agg := &condition.Aggregates{}
	f := func(metric string) func(string) int {
		return func(window string) int {
			d, ok := windows[window]
			if !ok {
				return 0 // Compile refused non-constant windows: Uses lists them all
			}
			return int(c.get(metric, d, subject)[agg.Value])
		}
	}
	agg.Attacks, agg.AuthFailures, agg.AuthSuccesses = f(store.MetricAttacks), f(store.MetricAuthFailures), f(store.MetricAuthSuccess)
	agg.NotFound, agg.Events = f(store.MetricNotFound), f(store.MetricEvents)
	var env condition.Env
	switch subject {
	case store.SubjectIP:
		env.IP = agg
	case store.SubjectUser:
		env.User = agg
	case store.SubjectEndpoint:
		env.Endpoint = agg
	case store.SubjectApp:
		env.App = agg
	}
	return env, agg
}

// evidence records the values of the aggregates the condition read.
func evidence(c *condition.Condition, cs *counts, subject, value string) string {
	ev := map[string]any{"subject": subject, "value": value}
	for _, u := range c.Uses() {
		ev[fmt.Sprintf("%s(%q)", u.Metric, u.Text)] = cs.get(u.Metric, u.Window, subject)[value]
	}
	b, _ := json.Marshal(ev)
	return string(b)
}
