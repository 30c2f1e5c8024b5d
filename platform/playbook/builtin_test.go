package playbook

import (
	"slices"
	"testing"

	"github.com/sqreen-go/sqreen/platform/playbook/condition"
	"github.com/sqreen-go/sqreen/platform/store"
)

func TestBuiltinsCompile(t *testing.T) {
	for _, p := range Builtins() {
		if err := condition.Check(p.Subject, p.Condition); err != nil {
			t.Errorf("builtin %s: %v", p.Name, err)
		}
	}
}

// TestMetricsMatchTheStore keeps condition's table of aggregates equal to
// the store's queries.
func TestMetricsMatchTheStore(t *testing.T) {
	for _, subject := range []string{store.SubjectIP, store.SubjectUser, store.SubjectEndpoint, store.SubjectApp} {
		got, want := condition.Metrics(subject), store.AggregateMetrics(subject)
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s: condition knows %v, the store counts %v", subject, got, want)
		}
	}
}
