package agent

import (
	"fmt"
	"time"

	"github.com/sqreen-go/sqreen/runtime/internal/reqctx"
)

// Identify records user as the user of req (req may be nil outside a
// request) and returns a *reqctx.BlockError when that user is blocked:
// then req is stopped like any blocked request. It queues no event of its
// own (see the SDK's Identify for why): the user reaches the platform
// with the request's attack, block, auth and custom events.
func (a *Agent) Identify(req *reqctx.Request, user string) error {
	if req != nil {
		req.SetUser(user)
	}
	if !a.UserBlocked(user, time.Now()) {
		return nil
	}
	if req == nil {
		return &reqctx.BlockError{RuleID: "user-blocklist", HookPoint: "identify"}
	}
	return a.blockList(req, "user-blocklist")
}

// TrackAuth queues a login attempt: the platform counts them per IP and
// per user to spot credential stuffing and account takeover.
func (a *Agent) TrackAuth(req *reqctx.Request, success bool, user string) {
	a.queue(Event{Kind: KindAuth, Time: time.Now(), Name: "login", User: user, Success: success, Request: a.summary(req)})
}

// maxProperties bounds the properties of one custom event.
const maxProperties = 32

// TrackEvent queues a custom event; property values are scrubbed by key
// and by value, and kept only when they are strings, numbers or booleans.
func (a *Agent) TrackEvent(req *reqctx.Request, name string, props map[string]any) {
	e := Event{Kind: KindCustom, Time: time.Now(), Name: name, Request: a.summary(req)}
	if req != nil {
		e.User = req.User()
	}
	if len(props) > 0 {
		e.Properties = make(map[string]any, min(len(props), maxProperties))
		for k, v := range props {
			if len(e.Properties) == maxProperties {
				break
			}
			switch v := v.(type) {
			case string:
				e.Properties[k] = a.scrub.ScrubValue(k, v)
			case bool, int, int64, float64, uint, int32, uint32, uint64, float32:
				if a.scrub.ScrubValue(k, "x") == redacted {
					e.Properties[k] = redacted
				} else {
					e.Properties[k] = v
				}
			default:
				e.Properties[k] = a.scrub.ScrubValue(k, fmt.Sprint(v))
			}
		}
	}
	a.queue(e)
}
