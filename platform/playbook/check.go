package playbook

import "github.com/sqreen-go/sqreen/platform/playbook/condition"

// Check validates a playbook condition for a subject; it is the
// store.PlaybookChecker the dashboard and the API pass when saving.
func Check(subject, cond string) error { return condition.Check(subject, cond) }
