// Command loadtest measures the platform under simulated agents: N
// instances of one app log in, then each sends a heartbeat with E events
// every interval (start times spread over the first interval). It reports
// the heartbeat latency percentiles and the events stored per second.
//
//	go run ./platform/loadtest -instances 1000 -events 50 -interval 20s -duration 60s
//	go run ./platform/loadtest -db postgres://postgres@127.0.0.1:5432/test?sslmode=disable -interval 5s
//
// By default it runs a platform in-process on a fresh SQLite file; -addr and
// -token point it at a running platform instead. With -db postgres://... the
// tables are created in that database (add &search_path=SCHEMA to keep them
// apart) and left there.
package main
