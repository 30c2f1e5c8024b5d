package heartbeat

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net/http"
	"os"

	"github.com/sqreen-go/sqreen/runtime/internal/grpcclient"
	"github.com/sqreen-go/sqreen/runtime/internal/wiremsg"
)

// service is the platform's gRPC service (runtime/wire/wiregrpc/service.proto).
const service = "/sqreen.agent.v1.AgentService/"

// rpc calls the platform's AgentService.
type rpc struct{ c *grpcclient.Client }

func (r rpc) call(ctx context.Context, method string, req grpcclient.Request, resp grpcclient.Reply) error {
	return r.c.Invoke(ctx, service+method, req, resp)
}

func (r rpc) Login(ctx context.Context, req *wiremsg.LoginRequest) (*wiremsg.LoginResponse, error) {
	resp := new(wiremsg.LoginResponse)
	return resp, r.call(ctx, "Login", req, resp)
}

func (r rpc) Heartbeat(ctx context.Context, req *wiremsg.HeartbeatRequest) (*wiremsg.HeartbeatResponse, error) {
	resp := new(wiremsg.HeartbeatResponse)
	return resp, r.call(ctx, "Heartbeat", req, resp)
}

func (r rpc) Logout(ctx context.Context, req *wiremsg.LogoutRequest) (*wiremsg.LogoutResponse, error) {
	resp := new(wiremsg.LogoutResponse)
	return resp, r.call(ctx, "Logout", req, resp)
}

// dial creates the client of the platform: it does not connect (the first
// call does), and it sends the app token on every call.
func dial(cfg *Config) (*grpcclient.Client, error) {
	var tc *tls.Config
	if !cfg.Insecure {
		tc = &tls.Config{MinVersion: tls.VersionTLS12, ServerName: cfg.ServerName}
		if cfg.CAFile != "" {
			pem, err := os.ReadFile(cfg.CAFile)
			if err != nil {
				return nil, fmt.Errorf("heartbeat: CA file: %w", err)
			}
			pool := x509.NewCertPool()
			if !pool.AppendCertsFromPEM(pem) {
				return nil, fmt.Errorf("heartbeat: CA file %s: no PEM certificate in it", cfg.CAFile)
			}
			tc.RootCAs = pool
		}
	}
	c, err := grpcclient.New(grpcclient.Config{
		Addr:        cfg.Addr,
		TLS:         tc,
		UserAgent:   "sqreen-go-agent/" + cfg.AgentVersion,
		Header:      http.Header{"Authorization": {"Bearer " + cfg.Token}},
		MaxRecvSize: 16 << 20,
	})
	if err != nil {
		return nil, fmt.Errorf("heartbeat: platform address: %w", err)
	}
	return c, nil
}
