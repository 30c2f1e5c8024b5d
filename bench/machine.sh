#!/bin/sh
# Prints the machine a benchmark runs on, for docs/PERFORMANCE.md:
# date, CPU model, cores, Go version and load average.
echo "date:     $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "cpu:      $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | sed 's/.*: //') ($(nproc) cores visible)"
echo "go:       $(go version)"
echo "load avg: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null) (1, 5, 15 min)"
