package wiremsg

// AppendWire methods: each appends the message's fields in field-number
// order with the helpers of wire.go. A nil receiver appends nothing.

func (m *LoginRequest) AppendWire(b []byte) []byte {
	if m == nil {
		return b
	}
	b = appendString(b, 1, m.AppName)
	b = appendString(b, 2, m.InstanceId)
	b = appendString(b, 3, m.Host)
	b = appendVarint(b, 4, uint64(m.Pid))
	b = appendString(b, 5, m.GoVersion)
	b = appendString(b, 6, m.AgentVersion)
	b = appendString(b, 7, m.MainModule)
	b = appendMessages(b, 8, m.Dependencies)
	b = appendMessages(b, 9, m.Sites)
	b = appendString(b, 10, m.RulesVersion)
	b = appendVarint(b, 11, uint64(m.StartedUnixMs))
	return b
}

func (m *Dependency) AppendWire(b []byte) []byte {
	if m == nil {
		return b
	}
	b = appendString(b, 1, m.Path)
	b = appendString(b, 2, m.Version)
	b = appendString(b, 3, m.Sum)
	return b
}

func (m *Site) AppendWire(b []byte) []byte {
	if m == nil {
		return b
	}
	b = appendString(b, 1, m.HookPoint)
	b = appendString(b, 2, m.Package)
	b = appendString(b, 3, m.File)
	b = appendVarint(b, 4, uint64(m.Line))
	b = appendString(b, 5, m.Function)
	return b
}

func (m *LoginResponse) AppendWire(b []byte) []byte {
	if m == nil {
		return b
	}
	b = appendString(b, 1, m.AppId)
	b = appendVarint(b, 2, uint64(m.HeartbeatIntervalMs))
	b = appendMessages(b, 3, m.Commands)
	b = appendVarint(b, 4, uint64(m.Cursor))
	b = appendVarint(b, 5, uint64(m.ServerTimeUnixMs))
	return b
}

func (m *HeartbeatRequest) AppendWire(b []byte) []byte {
	if m == nil {
		return b
	}
	b = appendString(b, 1, m.InstanceId)
	b = appendString(b, 2, m.BatchId)
	b = appendMessages(b, 3, m.Events)
	if m.Metrics != nil {
		b = appendMessage(b, 4, m.Metrics)
	}
	b = appendVarint(b, 5, uint64(m.Cursor))
	b = appendMessages(b, 6, m.Acks)
	b = appendVarint(b, 7, uint64(m.SentUnixMs))
	return b
}

func (m *Event) AppendWire(b []byte) []byte {
	if m == nil {
		return b
	}
	b = appendVarint(b, 1, uint64(m.Kind))
	b = appendVarint(b, 2, uint64(m.TimeUnixMs))
	b = appendString(b, 3, m.RuleId)
	b = appendString(b, 4, m.HookPoint)
	b = appendString(b, 5, m.Action)
	if m.Request != nil {
		b = appendMessage(b, 6, m.Request)
	}
	b = appendMessages(b, 7, m.Evidence)
	b = appendMessages(b, 8, m.Stack)
	b = appendString(b, 9, m.User)
	b = appendBool(b, 10, m.Success)
	b = appendString(b, 11, m.Name)
	b = appendStringMap(b, 12, m.Properties)
	b = appendString(b, 13, m.Severity)
	return b
}

func (m *RequestSummary) AppendWire(b []byte) []byte {
	if m == nil {
		return b
	}
	b = appendString(b, 1, m.RequestId)
	b = appendString(b, 2, m.Method)
	b = appendString(b, 3, m.Host)
	b = appendString(b, 4, m.Path)
	b = appendString(b, 5, m.Route)
	b = appendString(b, 6, m.ClientIp)
	b = appendString(b, 7, m.UserAgent)
	b = appendVarint(b, 8, uint64(m.Status))
	b = appendStringMap(b, 9, m.Headers)
	b = appendString(b, 10, m.Query)
	b = appendMessages(b, 11, m.Params)
	return b
}

func (m *Param) AppendWire(b []byte) []byte {
	if m == nil {
		return b
	}
	b = appendString(b, 1, m.Source)
	b = appendString(b, 2, m.Value)
	return b
}

func (m *Evidence) AppendWire(b []byte) []byte {
	if m == nil {
		return b
	}
	b = appendString(b, 1, m.Detector)
	b = appendString(b, 2, m.Source)
	b = appendString(b, 3, m.Input)
	b = appendString(b, 4, m.Sink)
	b = appendVarint(b, 5, uint64(m.Offset))
	b = appendString(b, 6, m.Reason)
	return b
}

func (m *Frame) AppendWire(b []byte) []byte {
	if m == nil {
		return b
	}
	b = appendString(b, 1, m.Function)
	b = appendString(b, 2, m.File)
	b = appendVarint(b, 3, uint64(m.Line))
	return b
}

func (m *Metrics) AppendWire(b []byte) []byte {
	if m == nil {
		return b
	}
	b = appendVarint(b, 1, uint64(m.WindowStartUnixMs))
	b = appendVarint(b, 2, uint64(m.WindowEndUnixMs))
	b = appendVarint(b, 3, uint64(m.Requests))
	b = appendVarint(b, 4, uint64(m.BlockedRequests))
	b = appendVarint(b, 5, uint64(m.BudgetOverruns))
	b = appendVarint(b, 6, uint64(m.Panics))
	b = appendVarint(b, 7, uint64(m.EventsDropped))
	b = appendMessages(b, 8, m.Hooks)
	b = appendInt64Map(b, 9, m.NotFoundByIp)
	return b
}

func (m *HookTiming) AppendWire(b []byte) []byte {
	if m == nil {
		return b
	}
	b = appendString(b, 1, m.HookPoint)
	b = appendVarint(b, 2, uint64(m.Calls))
	b = appendVarint(b, 3, uint64(m.P50Ns))
	b = appendVarint(b, 4, uint64(m.P99Ns))
	return b
}

func (m *CommandAck) AppendWire(b []byte) []byte {
	if m == nil {
		return b
	}
	b = appendVarint(b, 1, uint64(m.Seq))
	b = appendString(b, 2, m.Error)
	return b
}

func (m *HeartbeatResponse) AppendWire(b []byte) []byte {
	if m == nil {
		return b
	}
	b = appendString(b, 1, m.BatchId)
	b = appendBool(b, 2, m.Duplicate)
	b = appendMessages(b, 3, m.Commands)
	b = appendVarint(b, 4, uint64(m.Cursor))
	b = appendVarint(b, 5, uint64(m.HeartbeatIntervalMs))
	b = appendBool(b, 6, m.Relogin)
	return b
}

// AppendWire writes the oneof's member, if any, even when it is an empty
// (or nil) message; a nil wrapper such as (*Command_Block)(nil) counts as
// no member.
func (m *Command) AppendWire(b []byte) []byte {
	if m == nil {
		return b
	}
	b = appendVarint(b, 1, uint64(m.Seq))
	switch a := m.Action.(type) {
	case *Command_ReplaceRules:
		if a != nil {
			b = appendMessage(b, 2, a.ReplaceRules)
		}
	case *Command_Block:
		if a != nil {
			b = appendMessage(b, 3, a.Block)
		}
	case *Command_Unblock:
		if a != nil {
			b = appendMessage(b, 4, a.Unblock)
		}
	case *Command_SetBudget:
		if a != nil {
			b = appendMessage(b, 5, a.SetBudget)
		}
	case *Command_SetMode:
		if a != nil {
			b = appendMessage(b, 6, a.SetMode)
		}
	case *Command_SetHeaders:
		if a != nil {
			b = appendMessage(b, 7, a.SetHeaders)
		}
	case *Command_SetHeartbeatInterval:
		if a != nil {
			b = appendMessage(b, 8, a.SetHeartbeatInterval)
		}
	}
	return b
}

func (m *RuleFile) AppendWire(b []byte) []byte {
	if m == nil {
		return b
	}
	b = appendString(b, 1, m.Name)
	b = appendBytes(b, 2, m.Content)
	return b
}

func (m *ReplaceRules) AppendWire(b []byte) []byte {
	if m == nil {
		return b
	}
	b = appendString(b, 1, m.Version)
	b = appendMessages(b, 2, m.Files)
	return b
}

func (m *Block) AppendWire(b []byte) []byte {
	if m == nil {
		return b
	}
	b = appendVarint(b, 1, uint64(m.Kind))
	b = appendString(b, 2, m.Value)
	b = appendVarint(b, 3, uint64(m.ExpiresUnixMs))
	b = appendString(b, 4, m.Reason)
	return b
}

func (m *Unblock) AppendWire(b []byte) []byte {
	if m == nil {
		return b
	}
	b = appendVarint(b, 1, uint64(m.Kind))
	b = appendString(b, 2, m.Value)
	return b
}

func (m *SetBudget) AppendWire(b []byte) []byte {
	if m == nil {
		return b
	}
	return appendVarint(b, 1, uint64(m.PerRequestUs))
}

func (m *SetMode) AppendWire(b []byte) []byte {
	if m == nil {
		return b
	}
	return appendVarint(b, 1, uint64(m.Mode))
}

func (m *SetHeaders) AppendWire(b []byte) []byte {
	if m == nil {
		return b
	}
	b = appendStringMap(b, 1, m.Headers)
	b = appendString(b, 2, m.Csp)
	b = appendBool(b, 3, m.CspReportOnly)
	return b
}

func (m *SetHeartbeatInterval) AppendWire(b []byte) []byte {
	if m == nil {
		return b
	}
	return appendVarint(b, 1, uint64(m.IntervalMs))
}

func (m *LogoutRequest) AppendWire(b []byte) []byte {
	if m == nil {
		return b
	}
	return appendString(b, 1, m.InstanceId)
}

func (m *LogoutResponse) AppendWire(b []byte) []byte { return b }
