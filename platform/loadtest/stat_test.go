package main

import (
	"testing"
	"time"
)

func TestParseStat(t *testing.T) {
	// Fields after the name: state ppid pgrp session tty tpgid flags
	// minflt cminflt majflt cmajflt utime stime cutime cstime ...
	line := "4242 (postgres: postgres test 127.0.0.1(5432) idle) S 1 4242 4242 0 -1 4194560 900 0 0 0 250 50 30 20 20 0 1 0 100 0 0\n"
	st, ok := parseStat(line)
	if !ok {
		t.Fatal("parseStat rejected a valid line")
	}
	if st.comm != "postgres: postgres test 127.0.0.1(5432) idle" {
		t.Errorf("comm = %q", st.comm)
	}
	if st.own != 3*time.Second || st.reaped != 500*time.Millisecond {
		t.Errorf("own %v reaped %v, want 3s and 500ms", st.own, st.reaped)
	}
	for _, bad := range []string{"", "4242 postgres S 1", "4242 (postgres) S 1 2 3", "4242 (x) S 1 4242 4242 0 -1 0 0 0 0 0 x 1 2 3"} {
		if _, ok := parseStat(bad); ok {
			t.Errorf("parseStat(%q) accepted", bad)
		}
	}
}

// TestProcsCPUFindsItself: this test process is found by its name, and
// the CPU it burns is counted.
func TestProcsCPUFindsItself(t *testing.T) {
	self := procsCPU("loadtest.test")
	if len(self) == 0 {
		t.Skip("no /proc or the test binary has another name: nothing to read")
	}
	// Burn CPU until at least two clock ticks show (a bound on a liveness
	// property: a busy machine only makes it take longer).
	var d time.Duration
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); {
		for spin := time.Now(); time.Since(spin) < 10*time.Millisecond; {
		}
		if d, _ = procsCPUSince("loadtest.test", self); d >= 20*time.Millisecond {
			break
		}
	}
	if d < 20*time.Millisecond {
		t.Errorf("procsCPUSince counted %v of this process's CPU after 10 s of spinning", d)
	}
	if got := procsCPU(""); got != nil {
		t.Errorf("procsCPU(\"\") = %v, want nil", got)
	}
}
