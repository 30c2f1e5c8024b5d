// Command loadtest measures the platform under simulated agents: N
// instances of one app log in, then each sends a heartbeat with E events
// every interval (start times spread over the first interval). It reports
// the heartbeat latency percentiles and the events acknowledged per second,
// counted over a window that leaves out the ramp-up. A heartbeat the
// platform sheds (ResourceExhausted) is sent again after 1-2 s with the
// same batch id, as the agent does; the run reports how many were shed.
//
//	go run ./platform/loadtest -instances 1000 -events 50 -interval 20s -duration 60s
//	go run ./platform/loadtest -db 'postgres://postgres@127.0.0.1:5432/test?sslmode=disable&search_path=load'
//
// 1,000 instances x 50 events / 20 s offer 2,500 events/s. The saturation
// mode raises the offered rate step by step (the interval shrinks; the
// first quarter of each step is not measured) and reports each step and
// the highest rate sustained with p99 under 100 ms and no failure:
//
//	go run ./platform/loadtest -rates 2500,5000,10000,15000,20000 -step 30s
//
// By default it runs a platform in-process on a fresh SQLite file, and the
// CPU it reports is the platform's and the generator's together. -addr and
// -token point it at a running platform instead, and -platform-pid reports
// that process's CPU apart; -db-procs postgres adds the CPU of the
// database server's processes on this machine (Linux /proc: every process
// of that name, with the backends that exited during the run through
// their postmaster). separate.sh does all of it:
//
//	platform/loadtest/separate.sh sqlite://load.db -rates 2500,5000,10000 -step 30s
//
// With -db postgres://... the tables are created in that database (add
// &search_path=SCHEMA to keep them apart) and left there.
// -playbook-interval 24h leaves the playbooks out of an in-process run
// (they aggregate the events of the last minutes every 10 s by default).
package main
