package wiremsg

// UnmarshalWire methods reset the message and decode it; merge methods
// decode a message's fields into what it holds, with a reader (wire.go).
//
// As in proto: a scalar field given twice keeps the last value, repeated
// fields append, a map key given twice keeps the last value, a message
// field given twice is merged (the second record's fields merge into the
// first's), and a oneof keeps the last member given (merged, if the
// previous field was the same member). Unknown fields are skipped. On
// error, the message holds what was decoded before the error.

func (m *LoginRequest) UnmarshalWire(b []byte) error {
	*m = LoginRequest{}
	return unmarshal(m, b)
}

func (m *LoginRequest) merge(b []byte) error {
	r := reader{msg: "LoginRequest", b: b}
	for r.next() {
		switch r.num {
		case 1:
			m.AppName = r.string("app_name")
		case 2:
			m.InstanceId = r.string("instance_id")
		case 3:
			m.Host = r.string("host")
		case 4:
			m.Pid = r.int32("pid")
		case 5:
			m.GoVersion = r.string("go_version")
		case 6:
			m.AgentVersion = r.string("agent_version")
		case 7:
			m.MainModule = r.string("main_module")
		case 8:
			e := new(Dependency)
			r.message("dependencies", e)
			m.Dependencies = append(m.Dependencies, e)
		case 9:
			e := new(Site)
			r.message("sites", e)
			m.Sites = append(m.Sites, e)
		case 10:
			m.RulesVersion = r.string("rules_version")
		case 11:
			m.StartedUnixMs = r.int64("started_unix_ms")
		default:
			r.skip()
		}
	}
	return r.err
}

func (m *Dependency) UnmarshalWire(b []byte) error {
	*m = Dependency{}
	return unmarshal(m, b)
}

func (m *Dependency) merge(b []byte) error {
	r := reader{msg: "Dependency", b: b}
	for r.next() {
		switch r.num {
		case 1:
			m.Path = r.string("path")
		case 2:
			m.Version = r.string("version")
		case 3:
			m.Sum = r.string("sum")
		default:
			r.skip()
		}
	}
	return r.err
}

func (m *Site) UnmarshalWire(b []byte) error {
	*m = Site{}
	return unmarshal(m, b)
}

func (m *Site) merge(b []byte) error {
	r := reader{msg: "Site", b: b}
	for r.next() {
		switch r.num {
		case 1:
			m.HookPoint = r.string("hook_point")
		case 2:
			m.Package = r.string("package")
		case 3:
			m.File = r.string("file")
		case 4:
			m.Line = r.int32("line")
		case 5:
			m.Function = r.string("function")
		default:
			r.skip()
		}
	}
	return r.err
}

func (m *LoginResponse) UnmarshalWire(b []byte) error {
	*m = LoginResponse{}
	return unmarshal(m, b)
}

func (m *LoginResponse) merge(b []byte) error {
	r := reader{msg: "LoginResponse", b: b}
	for r.next() {
		switch r.num {
		case 1:
			m.AppId = r.string("app_id")
		case 2:
			m.HeartbeatIntervalMs = r.int64("heartbeat_interval_ms")
		case 3:
			e := new(Command)
			r.message("commands", e)
			m.Commands = append(m.Commands, e)
		case 4:
			m.Cursor = r.int64("cursor")
		case 5:
			m.ServerTimeUnixMs = r.int64("server_time_unix_ms")
		default:
			r.skip()
		}
	}
	return r.err
}

func (m *HeartbeatRequest) UnmarshalWire(b []byte) error {
	*m = HeartbeatRequest{}
	return unmarshal(m, b)
}

func (m *HeartbeatRequest) merge(b []byte) error {
	r := reader{msg: "HeartbeatRequest", b: b}
	for r.next() {
		switch r.num {
		case 1:
			m.InstanceId = r.string("instance_id")
		case 2:
			m.BatchId = r.string("batch_id")
		case 3:
			e := new(Event)
			r.message("events", e)
			m.Events = append(m.Events, e)
		case 4:
			if m.Metrics == nil {
				m.Metrics = new(Metrics)
			}
			r.message("metrics", m.Metrics)
		case 5:
			m.Cursor = r.int64("cursor")
		case 6:
			e := new(CommandAck)
			r.message("acks", e)
			m.Acks = append(m.Acks, e)
		case 7:
			m.SentUnixMs = r.int64("sent_unix_ms")
		default:
			r.skip()
		}
	}
	return r.err
}

func (m *Event) UnmarshalWire(b []byte) error {
	*m = Event{}
	return unmarshal(m, b)
}

func (m *Event) merge(b []byte) error {
	r := reader{msg: "Event", b: b}
	for r.next() {
		switch r.num {
		case 1:
			m.Kind = EventKind(r.int32("kind"))
		case 2:
			m.TimeUnixMs = r.int64("time_unix_ms")
		case 3:
			m.RuleId = r.string("rule_id")
		case 4:
			m.HookPoint = r.string("hook_point")
		case 5:
			m.Action = r.string("action")
		case 6:
			if m.Request == nil {
				m.Request = new(RequestSummary)
			}
			r.message("request", m.Request)
		case 7:
			e := new(Evidence)
			r.message("evidence", e)
			m.Evidence = append(m.Evidence, e)
		case 8:
			e := new(Frame)
			r.message("stack", e)
			m.Stack = append(m.Stack, e)
		case 9:
			m.User = r.string("user")
		case 10:
			m.Success = r.bool("success")
		case 11:
			m.Name = r.string("name")
		case 12:
			mapEntry(&r, "properties", &m.Properties, stringValue)
		case 13:
			m.Severity = r.string("severity")
		default:
			r.skip()
		}
	}
	return r.err
}

func (m *RequestSummary) UnmarshalWire(b []byte) error {
	*m = RequestSummary{}
	return unmarshal(m, b)
}

func (m *RequestSummary) merge(b []byte) error {
	r := reader{msg: "RequestSummary", b: b}
	for r.next() {
		switch r.num {
		case 1:
			m.RequestId = r.string("request_id")
		case 2:
			m.Method = r.string("method")
		case 3:
			m.Host = r.string("host")
		case 4:
			m.Path = r.string("path")
		case 5:
			m.Route = r.string("route")
		case 6:
			m.ClientIp = r.string("client_ip")
		case 7:
			m.UserAgent = r.string("user_agent")
		case 8:
			m.Status = r.int32("status")
		case 9:
			mapEntry(&r, "headers", &m.Headers, stringValue)
		case 10:
			m.Query = r.string("query")
		case 11:
			e := new(Param)
			r.message("params", e)
			m.Params = append(m.Params, e)
		default:
			r.skip()
		}
	}
	return r.err
}

func (m *Param) UnmarshalWire(b []byte) error {
	*m = Param{}
	return unmarshal(m, b)
}

func (m *Param) merge(b []byte) error {
	r := reader{msg: "Param", b: b}
	for r.next() {
		switch r.num {
		case 1:
			m.Source = r.string("source")
		case 2:
			m.Value = r.string("value")
		default:
			r.skip()
		}
	}
	return r.err
}

func (m *Evidence) UnmarshalWire(b []byte) error {
	*m = Evidence{}
	return unmarshal(m, b)
}

func (m *Evidence) merge(b []byte) error {
	r := reader{msg: "Evidence", b: b}
	for r.next() {
		switch r.num {
		case 1:
			m.Detector = r.string("detector")
		case 2:
			m.Source = r.string("source")
		case 3:
			m.Input = r.string("input")
		case 4:
			m.Sink = r.string("sink")
		case 5:
			m.Offset = r.int32("offset")
		case 6:
			m.Reason = r.string("reason")
		default:
			r.skip()
		}
	}
	return r.err
}

func (m *Frame) UnmarshalWire(b []byte) error {
	*m = Frame{}
	return unmarshal(m, b)
}

func (m *Frame) merge(b []byte) error {
	r := reader{msg: "Frame", b: b}
	for r.next() {
		switch r.num {
		case 1:
			m.Function = r.string("function")
		case 2:
			m.File = r.string("file")
		case 3:
			m.Line = r.int32("line")
		default:
			r.skip()
		}
	}
	return r.err
}

func (m *Metrics) UnmarshalWire(b []byte) error {
	*m = Metrics{}
	return unmarshal(m, b)
}

func (m *Metrics) merge(b []byte) error {
	r := reader{msg: "Metrics", b: b}
	for r.next() {
		switch r.num {
		case 1:
			m.WindowStartUnixMs = r.int64("window_start_unix_ms")
		case 2:
			m.WindowEndUnixMs = r.int64("window_end_unix_ms")
		case 3:
			m.Requests = r.int64("requests")
		case 4:
			m.BlockedRequests = r.int64("blocked_requests")
		case 5:
			m.BudgetOverruns = r.int64("budget_overruns")
		case 6:
			m.Panics = r.int64("panics")
		case 7:
			m.EventsDropped = r.int64("events_dropped")
		case 8:
			e := new(HookTiming)
			r.message("hooks", e)
			m.Hooks = append(m.Hooks, e)
		case 9:
			mapEntry(&r, "not_found_by_ip", &m.NotFoundByIp, int64Value)
		default:
			r.skip()
		}
	}
	return r.err
}

func (m *HookTiming) UnmarshalWire(b []byte) error {
	*m = HookTiming{}
	return unmarshal(m, b)
}

func (m *HookTiming) merge(b []byte) error {
	r := reader{msg: "HookTiming", b: b}
	for r.next() {
		switch r.num {
		case 1:
			m.HookPoint = r.string("hook_point")
		case 2:
			m.Calls = r.int64("calls")
		case 3:
			m.P50Ns = r.int64("p50_ns")
		case 4:
			m.P99Ns = r.int64("p99_ns")
		default:
			r.skip()
		}
	}
	return r.err
}

func (m *CommandAck) UnmarshalWire(b []byte) error {
	*m = CommandAck{}
	return unmarshal(m, b)
}

func (m *CommandAck) merge(b []byte) error {
	r := reader{msg: "CommandAck", b: b}
	for r.next() {
		switch r.num {
		case 1:
			m.Seq = r.int64("seq")
		case 2:
			m.Error = r.string("error")
		default:
			r.skip()
		}
	}
	return r.err
}

func (m *HeartbeatResponse) UnmarshalWire(b []byte) error {
	*m = HeartbeatResponse{}
	return unmarshal(m, b)
}

func (m *HeartbeatResponse) merge(b []byte) error {
	r := reader{msg: "HeartbeatResponse", b: b}
	for r.next() {
		switch r.num {
		case 1:
			m.BatchId = r.string("batch_id")
		case 2:
			m.Duplicate = r.bool("duplicate")
		case 3:
			e := new(Command)
			r.message("commands", e)
			m.Commands = append(m.Commands, e)
		case 4:
			m.Cursor = r.int64("cursor")
		case 5:
			m.HeartbeatIntervalMs = r.int64("heartbeat_interval_ms")
		case 6:
			m.Relogin = r.bool("relogin")
		default:
			r.skip()
		}
	}
	return r.err
}

func (m *Command) UnmarshalWire(b []byte) error {
	*m = Command{}
	return unmarshal(m, b)
}

// merge decodes the oneof's members as proto does: a member replaces
// another one, and merges into the same one.
func (m *Command) merge(b []byte) error {
	r := reader{msg: "Command", b: b}
	for r.next() {
		switch r.num {
		case 1:
			m.Seq = r.int64("seq")
		case 2:
			a, ok := m.Action.(*Command_ReplaceRules)
			if !ok || a == nil || a.ReplaceRules == nil {
				a = &Command_ReplaceRules{ReplaceRules: new(ReplaceRules)}
			}
			r.message("replace_rules", a.ReplaceRules)
			m.Action = a
		case 3:
			a, ok := m.Action.(*Command_Block)
			if !ok || a == nil || a.Block == nil {
				a = &Command_Block{Block: new(Block)}
			}
			r.message("block", a.Block)
			m.Action = a
		case 4:
			a, ok := m.Action.(*Command_Unblock)
			if !ok || a == nil || a.Unblock == nil {
				a = &Command_Unblock{Unblock: new(Unblock)}
			}
			r.message("unblock", a.Unblock)
			m.Action = a
		case 5:
			a, ok := m.Action.(*Command_SetBudget)
			if !ok || a == nil || a.SetBudget == nil {
				a = &Command_SetBudget{SetBudget: new(SetBudget)}
			}
			r.message("set_budget", a.SetBudget)
			m.Action = a
		case 6:
			a, ok := m.Action.(*Command_SetMode)
			if !ok || a == nil || a.SetMode == nil {
				a = &Command_SetMode{SetMode: new(SetMode)}
			}
			r.message("set_mode", a.SetMode)
			m.Action = a
		case 7:
			a, ok := m.Action.(*Command_SetHeaders)
			if !ok || a == nil || a.SetHeaders == nil {
				a = &Command_SetHeaders{SetHeaders: new(SetHeaders)}
			}
			r.message("set_headers", a.SetHeaders)
			m.Action = a
		case 8:
			a, ok := m.Action.(*Command_SetHeartbeatInterval)
			if !ok || a == nil || a.SetHeartbeatInterval == nil {
				a = &Command_SetHeartbeatInterval{SetHeartbeatInterval: new(SetHeartbeatInterval)}
			}
			r.message("set_heartbeat_interval", a.SetHeartbeatInterval)
			m.Action = a
		default:
			r.skip()
		}
	}
	return r.err
}

func (m *RuleFile) UnmarshalWire(b []byte) error {
	*m = RuleFile{}
	return unmarshal(m, b)
}

func (m *RuleFile) merge(b []byte) error {
	r := reader{msg: "RuleFile", b: b}
	for r.next() {
		switch r.num {
		case 1:
			m.Name = r.string("name")
		case 2:
			m.Content = r.byteSlice("content")
		default:
			r.skip()
		}
	}
	return r.err
}

func (m *ReplaceRules) UnmarshalWire(b []byte) error {
	*m = ReplaceRules{}
	return unmarshal(m, b)
}

func (m *ReplaceRules) merge(b []byte) error {
	r := reader{msg: "ReplaceRules", b: b}
	for r.next() {
		switch r.num {
		case 1:
			m.Version = r.string("version")
		case 2:
			e := new(RuleFile)
			r.message("files", e)
			m.Files = append(m.Files, e)
		default:
			r.skip()
		}
	}
	return r.err
}

func (m *Block) UnmarshalWire(b []byte) error {
	*m = Block{}
	return unmarshal(m, b)
}

func (m *Block) merge(b []byte) error {
	r := reader{msg: "Block", b: b}
	for r.next() {
		switch r.num {
		case 1:
			m.Kind = BlockKind(r.int32("kind"))
		case 2:
			m.Value = r.string("value")
		case 3:
			m.ExpiresUnixMs = r.int64("expires_unix_ms")
		case 4:
			m.Reason = r.string("reason")
		default:
			r.skip()
		}
	}
	return r.err
}

func (m *Unblock) UnmarshalWire(b []byte) error {
	*m = Unblock{}
	return unmarshal(m, b)
}

func (m *Unblock) merge(b []byte) error {
	r := reader{msg: "Unblock", b: b}
	for r.next() {
		switch r.num {
		case 1:
			m.Kind = BlockKind(r.int32("kind"))
		case 2:
			m.Value = r.string("value")
		default:
			r.skip()
		}
	}
	return r.err
}

func (m *SetBudget) UnmarshalWire(b []byte) error {
	*m = SetBudget{}
	return unmarshal(m, b)
}

func (m *SetBudget) merge(b []byte) error {
	r := reader{msg: "SetBudget", b: b}
	for r.next() {
		switch r.num {
		case 1:
			m.PerRequestUs = r.int64("per_request_us")
		default:
			r.skip()
		}
	}
	return r.err
}

func (m *SetMode) UnmarshalWire(b []byte) error {
	*m = SetMode{}
	return unmarshal(m, b)
}

func (m *SetMode) merge(b []byte) error {
	r := reader{msg: "SetMode", b: b}
	for r.next() {
		switch r.num {
		case 1:
			m.Mode = Mode(r.int32("mode"))
		default:
			r.skip()
		}
	}
	return r.err
}

func (m *SetHeaders) UnmarshalWire(b []byte) error {
	*m = SetHeaders{}
	return unmarshal(m, b)
}

func (m *SetHeaders) merge(b []byte) error {
	r := reader{msg: "SetHeaders", b: b}
	for r.next() {
		switch r.num {
		case 1:
			mapEntry(&r, "headers", &m.Headers, stringValue)
		case 2:
			m.Csp = r.string("csp")
		case 3:
			m.CspReportOnly = r.bool("csp_report_only")
		default:
			r.skip()
		}
	}
	return r.err
}

func (m *SetHeartbeatInterval) UnmarshalWire(b []byte) error {
	*m = SetHeartbeatInterval{}
	return unmarshal(m, b)
}

func (m *SetHeartbeatInterval) merge(b []byte) error {
	r := reader{msg: "SetHeartbeatInterval", b: b}
	for r.next() {
		switch r.num {
		case 1:
			m.IntervalMs = r.int64("interval_ms")
		default:
			r.skip()
		}
	}
	return r.err
}

func (m *LogoutRequest) UnmarshalWire(b []byte) error {
	*m = LogoutRequest{}
	return unmarshal(m, b)
}

func (m *LogoutRequest) merge(b []byte) error {
	r := reader{msg: "LogoutRequest", b: b}
	for r.next() {
		switch r.num {
		case 1:
			m.InstanceId = r.string("instance_id")
		default:
			r.skip()
		}
	}
	return r.err
}

func (m *LogoutResponse) UnmarshalWire(b []byte) error {
	*m = LogoutResponse{}
	return unmarshal(m, b)
}

func (m *LogoutResponse) merge(b []byte) error {
	r := reader{msg: "LogoutResponse", b: b}
	for r.next() {
		r.skip()
	}
	return r.err
}
