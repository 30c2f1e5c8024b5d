package heartbeat

import (
	"os"
	"runtime"
	"runtime/debug"
	"time"

	"github.com/sqreen-go/sqreen/runtime/internal/wiremsg"
)

// loginRequest describes this process.
func loginRequest(cfg *Config, instanceID string, started time.Time, a Agent) *wiremsg.LoginRequest {
	host, _ := os.Hostname()
	req := &wiremsg.LoginRequest{
		AppName:       cfg.AppName,
		InstanceId:    instanceID,
		Host:          host,
		Pid:           int32(os.Getpid()),
		GoVersion:     runtime.Version(),
		AgentVersion:  cfg.AgentVersion,
		StartedUnixMs: started.UnixMilli(),
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		req.MainModule = bi.Main.Path + "@" + bi.Main.Version
		for _, d := range bi.Deps {
			if d.Replace != nil {
				d = d.Replace
			}
			req.Dependencies = append(req.Dependencies, &wiremsg.Dependency{Path: d.Path, Version: d.Version, Sum: d.Sum})
		}
	}
	req.Sites, req.RulesVersion = a.Inventory()
	return req
}
