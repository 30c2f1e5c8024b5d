package sqreen_test

import (
	"net"
	"time"
)

// dialRaw dials addr with bounded timeouts, for raw-connection tests.
func dialRaw(addr string) (net.Conn, error) {
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		return nil, err
	}
	c.SetDeadline(time.Now().Add(10 * time.Second))
	return c, nil
}
