// Package proccpu reads the CPU time a process has used, from
// /proc/<pid>/stat (Linux): user plus system time of all its threads, live
// and exited, in clock ticks of 1/100 s (USER_HZ, 100 on every Linux
// architecture Go supports). Benchmarks divide the difference over a run
// by the requests served: the honest per-request cost, independent of how
// many cores the server used.
package proccpu
