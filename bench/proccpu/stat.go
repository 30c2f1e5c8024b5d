package proccpu

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// tick is one clock tick (USER_HZ = 100).
const tick = 10 * time.Millisecond

// ErrFormat is wrapped by the errors of Parse.
var ErrFormat = errors.New("malformed /proc/<pid>/stat")

// Times is a process's CPU time so far.
type Times struct {
	User, System time.Duration
}

// Total is user plus system time.
func (t Times) Total() time.Duration { return t.User + t.System }

// Read returns the CPU time of process pid.
func Read(pid int) (Times, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return Times{}, fmt.Errorf("cpu time of process %d: %w", pid, err)
	}
	t, err := Parse(string(data))
	if err != nil {
		return Times{}, fmt.Errorf("cpu time of process %d: %w", pid, err)
	}
	return t, nil
}

// Parse reads utime and stime (fields 14 and 15) from the text of
// /proc/<pid>/stat. The command name (field 2) is in parentheses and may
// hold spaces and parentheses itself, so fields are counted after the last
// ')'.
func Parse(stat string) (Times, error) {
	end := strings.LastIndexByte(stat, ')')
	if end < 0 || !strings.Contains(stat[:end], "(") {
		return Times{}, fmt.Errorf("%w: no (command) field", ErrFormat)
	}
	fields := strings.Fields(stat[end+1:]) // fields[0] is field 3, state
	const utime, stime = 14 - 3, 15 - 3
	if len(fields) <= stime {
		return Times{}, fmt.Errorf("%w: %d fields after the command, want at least %d", ErrFormat, len(fields), stime+1)
	}
	u, err := strconv.ParseUint(fields[utime], 10, 63)
	if err != nil {
		return Times{}, fmt.Errorf("%w: utime (field 14): %w", ErrFormat, err)
	}
	s, err := strconv.ParseUint(fields[stime], 10, 63)
	if err != nil {
		return Times{}, fmt.Errorf("%w: stime (field 15): %w", ErrFormat, err)
	}
	const maxTicks = 1 << 36 // 21 years of CPU: more is not a real counter
	if u > maxTicks || s > maxTicks {
		return Times{}, fmt.Errorf("%w: utime %d or stime %d out of range", ErrFormat, u, s)
	}
	return Times{User: time.Duration(u) * tick, System: time.Duration(s) * tick}, nil
}
