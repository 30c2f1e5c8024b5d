package wiremsg

import "maps"

// Nil-safe getters, as protoc-gen-go writes them: one per message-typed
// field (singular or repeated), the oneof Command.action and each of its
// members, and the few scalar getters the agent uses.

func (x *LoginRequest) GetDependencies() []*Dependency {
	if x != nil {
		return x.Dependencies
	}
	return nil
}

func (x *LoginRequest) GetSites() []*Site {
	if x != nil {
		return x.Sites
	}
	return nil
}

func (x *Site) GetHookPoint() string {
	if x != nil {
		return x.HookPoint
	}
	return ""
}

func (x *Site) GetPackage() string {
	if x != nil {
		return x.Package
	}
	return ""
}

func (x *Site) GetFile() string {
	if x != nil {
		return x.File
	}
	return ""
}

func (x *Site) GetLine() int32 {
	if x != nil {
		return x.Line
	}
	return 0
}

func (x *Site) GetFunction() string {
	if x != nil {
		return x.Function
	}
	return ""
}

func (x *LoginResponse) GetCommands() []*Command {
	if x != nil {
		return x.Commands
	}
	return nil
}

func (x *HeartbeatRequest) GetEvents() []*Event {
	if x != nil {
		return x.Events
	}
	return nil
}

func (x *HeartbeatRequest) GetMetrics() *Metrics {
	if x != nil {
		return x.Metrics
	}
	return nil
}

func (x *HeartbeatRequest) GetAcks() []*CommandAck {
	if x != nil {
		return x.Acks
	}
	return nil
}

func (x *Event) GetRequest() *RequestSummary {
	if x != nil {
		return x.Request
	}
	return nil
}

func (x *Event) GetEvidence() []*Evidence {
	if x != nil {
		return x.Evidence
	}
	return nil
}

func (x *Event) GetStack() []*Frame {
	if x != nil {
		return x.Stack
	}
	return nil
}

func (x *RequestSummary) GetParams() []*Param {
	if x != nil {
		return x.Params
	}
	return nil
}

func (x *Metrics) GetRequests() int64 {
	if x != nil {
		return x.Requests
	}
	return 0
}

func (x *Metrics) GetEventsDropped() int64 {
	if x != nil {
		return x.EventsDropped
	}
	return 0
}

func (x *Metrics) GetHooks() []*HookTiming {
	if x != nil {
		return x.Hooks
	}
	return nil
}

func (x *HeartbeatResponse) GetCommands() []*Command {
	if x != nil {
		return x.Commands
	}
	return nil
}

func (x *Command) GetAction() isCommand_Action {
	if x != nil {
		return x.Action
	}
	return nil
}

func (x *Command) GetReplaceRules() *ReplaceRules {
	if x, ok := x.GetAction().(*Command_ReplaceRules); ok && x != nil {
		return x.ReplaceRules
	}
	return nil
}

func (x *Command) GetBlock() *Block {
	if x, ok := x.GetAction().(*Command_Block); ok && x != nil {
		return x.Block
	}
	return nil
}

func (x *Command) GetUnblock() *Unblock {
	if x, ok := x.GetAction().(*Command_Unblock); ok && x != nil {
		return x.Unblock
	}
	return nil
}

func (x *Command) GetSetBudget() *SetBudget {
	if x, ok := x.GetAction().(*Command_SetBudget); ok && x != nil {
		return x.SetBudget
	}
	return nil
}

func (x *Command) GetSetMode() *SetMode {
	if x, ok := x.GetAction().(*Command_SetMode); ok && x != nil {
		return x.SetMode
	}
	return nil
}

func (x *Command) GetSetHeaders() *SetHeaders {
	if x, ok := x.GetAction().(*Command_SetHeaders); ok && x != nil {
		return x.SetHeaders
	}
	return nil
}

func (x *Command) GetSetHeartbeatInterval() *SetHeartbeatInterval {
	if x, ok := x.GetAction().(*Command_SetHeartbeatInterval); ok && x != nil {
		return x.SetHeartbeatInterval
	}
	return nil
}

func (x *ReplaceRules) GetFiles() []*RuleFile {
	if x != nil {
		return x.Files
	}
	return nil
}

func (x *Block) GetValue() string {
	if x != nil {
		return x.Value
	}
	return ""
}

func (x *Unblock) GetValue() string {
	if x != nil {
		return x.Value
	}
	return ""
}

// Clone returns a deep copy of m (its slices, its map and its HookTiming
// elements are copied), or nil for nil.
func (m *Metrics) Clone() *Metrics {
	if m == nil {
		return nil
	}
	c := *m
	if m.Hooks != nil {
		c.Hooks = make([]*HookTiming, len(m.Hooks))
		for i, h := range m.Hooks {
			if h != nil {
				hc := *h
				c.Hooks[i] = &hc
			}
		}
	}
	c.NotFoundByIp = maps.Clone(m.NotFoundByIp)
	return &c
}
