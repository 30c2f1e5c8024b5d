package wiremsg

// This file declares the messages and enums of runtime/wire/agent.proto
// with the names, fields and Go types protoc-gen-go gives them in
// runtime/wire/agent.pb.go. Field comments are short: the proto has the
// full ones.

// EventKind mirrors the enum sqreen.agent.v1.EventKind.
type EventKind int32

const (
	EventKind_EVENT_KIND_UNSPECIFIED EventKind = 0
	EventKind_EVENT_KIND_ATTACK      EventKind = 1 // a rule detected an attack
	EventKind_EVENT_KIND_AUTH        EventKind = 2 // TrackAuth
	EventKind_EVENT_KIND_CUSTOM      EventKind = 3 // TrackEvent
	EventKind_EVENT_KIND_CSP         EventKind = 4 // a CSP violation report
)

// BlockKind mirrors the enum sqreen.agent.v1.BlockKind.
type BlockKind int32

const (
	BlockKind_BLOCK_KIND_UNSPECIFIED BlockKind = 0
	BlockKind_BLOCK_KIND_IP          BlockKind = 1
	BlockKind_BLOCK_KIND_CIDR        BlockKind = 2
	BlockKind_BLOCK_KIND_USER        BlockKind = 3
)

// Mode mirrors the enum sqreen.agent.v1.Mode.
type Mode int32

const (
	Mode_MODE_UNSPECIFIED Mode = 0
	Mode_MODE_MONITOR     Mode = 1
	Mode_MODE_BLOCK       Mode = 2
	Mode_MODE_DISABLED    Mode = 3
)

// LoginRequest mirrors the message sqreen.agent.v1.LoginRequest.
type LoginRequest struct {
	AppName       string
	InstanceId    string // random, stable for the process
	Host          string
	Pid           int32
	GoVersion     string
	AgentVersion  string
	MainModule    string        // the main module's path and version
	Dependencies  []*Dependency // from debug.ReadBuildInfo
	Sites         []*Site       // the instrumented call sites
	RulesVersion  string        // the rules the agent runs now
	StartedUnixMs int64
}

// Dependency mirrors the message sqreen.agent.v1.Dependency.
type Dependency struct {
	Path    string
	Version string
	Sum     string
}

// Site mirrors the message sqreen.agent.v1.Site: one instrumented place.
type Site struct {
	HookPoint string
	Package   string
	File      string
	Line      int32
	Function  string
}

// LoginResponse mirrors the message sqreen.agent.v1.LoginResponse.
type LoginResponse struct {
	AppId               string
	HeartbeatIntervalMs int64      // 0: keep the current interval
	Commands            []*Command // the app's whole state, in order
	Cursor              int64      // the sequence number Commands reach
	ServerTimeUnixMs    int64
}

// HeartbeatRequest mirrors the message sqreen.agent.v1.HeartbeatRequest.
type HeartbeatRequest struct {
	InstanceId string
	BatchId    string // the same for every resend of a batch
	Events     []*Event
	Metrics    *Metrics
	Cursor     int64         // the highest command applied
	Acks       []*CommandAck // commands that failed to apply
	SentUnixMs int64
}

// Event mirrors the message sqreen.agent.v1.Event: one scrubbed security
// event.
type Event struct {
	Kind       EventKind
	TimeUnixMs int64
	RuleId     string
	HookPoint  string
	Action     string // "blocked" or "reported"
	Request    *RequestSummary
	Evidence   []*Evidence
	Stack      []*Frame
	User       string
	Success    bool   // the outcome of an auth event
	Name       string // custom event name, or the violated CSP directive
	Properties map[string]string
	Severity   string // "low", "medium", "high", "critical"
}

// RequestSummary mirrors the message sqreen.agent.v1.RequestSummary: the
// scrubbed request an event belongs to.
type RequestSummary struct {
	RequestId string
	Method    string
	Host      string
	Path      string
	Route     string
	ClientIp  string
	UserAgent string
	Status    int32
	Headers   map[string]string // scrubbed, bounded by the agent
	Query     string            // scrubbed
	Params    []*Param          // scrubbed, in order, bounded by the agent
}

// Param mirrors the message sqreen.agent.v1.Param: one request input.
type Param struct {
	Source string // "query.id", "form.name", "body.user.name", ...
	Value  string
}

// Evidence mirrors the message sqreen.agent.v1.Evidence: which input
// changed which sink, and how.
type Evidence struct {
	Detector string // "sqli", "shell", "path", "ssrf", "xss", "waf", ...
	Source   string
	Input    string
	Sink     string // scrubbed
	Offset   int32
	Reason   string
}

// Frame mirrors the message sqreen.agent.v1.Frame.
type Frame struct {
	Function string
	File     string
	Line     int32
}

// Metrics mirrors the message sqreen.agent.v1.Metrics: the time since the
// previous acknowledged heartbeat.
type Metrics struct {
	WindowStartUnixMs int64
	WindowEndUnixMs   int64
	Requests          int64
	BlockedRequests   int64
	BudgetOverruns    int64
	Panics            int64
	EventsDropped     int64 // rate limit, full queue
	Hooks             []*HookTiming
	NotFoundByIp      map[string]int64 // 404 responses per client IP
}

// HookTiming mirrors the message sqreen.agent.v1.HookTiming.
type HookTiming struct {
	HookPoint string
	Calls     int64
	P50Ns     int64
	P99Ns     int64
}

// CommandAck mirrors the message sqreen.agent.v1.CommandAck.
type CommandAck struct {
	Seq   int64
	Error string
}

// HeartbeatResponse mirrors the message sqreen.agent.v1.HeartbeatResponse.
type HeartbeatResponse struct {
	BatchId             string // the acknowledged batch
	Duplicate           bool   // the batch had already been stored
	Commands            []*Command
	Cursor              int64
	HeartbeatIntervalMs int64
	Relogin             bool // log in again
}

// Command mirrors the message sqreen.agent.v1.Command: one security
// response for the agent to apply.
type Command struct {
	Seq int64
	// Action is one of *Command_ReplaceRules, *Command_Block,
	// *Command_Unblock, *Command_SetBudget, *Command_SetMode,
	// *Command_SetHeaders, *Command_SetHeartbeatInterval, or nil.
	Action isCommand_Action
}

// isCommand_Action is the oneof Command.action.
type isCommand_Action interface {
	isCommand_Action()
}

// Command_ReplaceRules is Command.action's member replace_rules.
type Command_ReplaceRules struct {
	ReplaceRules *ReplaceRules
}

// Command_Block is Command.action's member block.
type Command_Block struct {
	Block *Block
}

// Command_Unblock is Command.action's member unblock.
type Command_Unblock struct {
	Unblock *Unblock
}

// Command_SetBudget is Command.action's member set_budget.
type Command_SetBudget struct {
	SetBudget *SetBudget
}

// Command_SetMode is Command.action's member set_mode.
type Command_SetMode struct {
	SetMode *SetMode
}

// Command_SetHeaders is Command.action's member set_headers.
type Command_SetHeaders struct {
	SetHeaders *SetHeaders
}

// Command_SetHeartbeatInterval is Command.action's member
// set_heartbeat_interval.
type Command_SetHeartbeatInterval struct {
	SetHeartbeatInterval *SetHeartbeatInterval
}

func (*Command_ReplaceRules) isCommand_Action()         {}
func (*Command_Block) isCommand_Action()                {}
func (*Command_Unblock) isCommand_Action()              {}
func (*Command_SetBudget) isCommand_Action()            {}
func (*Command_SetMode) isCommand_Action()              {}
func (*Command_SetHeaders) isCommand_Action()           {}
func (*Command_SetHeartbeatInterval) isCommand_Action() {}

// RuleFile mirrors the message sqreen.agent.v1.RuleFile.
type RuleFile struct {
	Name    string
	Content []byte
}

// ReplaceRules mirrors the message sqreen.agent.v1.ReplaceRules: every
// rule file is swapped for these (YAML).
type ReplaceRules struct {
	Version string
	Files   []*RuleFile
}

// Block mirrors the message sqreen.agent.v1.Block.
type Block struct {
	Kind          BlockKind
	Value         string
	ExpiresUnixMs int64 // 0: no expiry
	Reason        string
}

// Unblock mirrors the message sqreen.agent.v1.Unblock.
type Unblock struct {
	Kind  BlockKind
	Value string
}

// SetBudget mirrors the message sqreen.agent.v1.SetBudget.
type SetBudget struct {
	PerRequestUs int64 // the per-request time budget, in microseconds
}

// SetMode mirrors the message sqreen.agent.v1.SetMode.
type SetMode struct {
	Mode Mode
}

// SetHeaders mirrors the message sqreen.agent.v1.SetHeaders.
type SetHeaders struct {
	Headers       map[string]string
	Csp           string
	CspReportOnly bool
}

// SetHeartbeatInterval mirrors the message
// sqreen.agent.v1.SetHeartbeatInterval.
type SetHeartbeatInterval struct {
	IntervalMs int64
}

// LogoutRequest mirrors the message sqreen.agent.v1.LogoutRequest.
type LogoutRequest struct {
	InstanceId string
}

// LogoutResponse mirrors the message sqreen.agent.v1.LogoutResponse.
type LogoutResponse struct{}
