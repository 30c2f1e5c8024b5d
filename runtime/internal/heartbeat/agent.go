package heartbeat

import "github.com/sqreen-go/sqreen/runtime/internal/wiremsg"

// Agent is what the client needs from the in-app agent. Its methods are
// called from the client's goroutine only and must not block for long.
type Agent interface {
	// Apply applies one command of the platform; an error is reported back
	// to the platform and the next commands are still applied.
	Apply(cmd *wiremsg.Command) error
	// DrainEvents removes and returns up to max queued events, scrubbed and
	// in wire form.
	DrainEvents(max int) []*wiremsg.Event
	// Metrics returns the metrics since the previous call and starts a new
	// window.
	Metrics() *wiremsg.Metrics
	// Inventory returns the instrumented sites and the rules version, for
	// login.
	Inventory() (sites []*wiremsg.Site, rulesVersion string)
}
