// Package load is a closed-loop HTTP load generator for benchmarks on
// loopback: N connections, each sending its next request as soon as the
// previous response is read, for a fixed duration after a warm-up. Every
// request's latency goes into a log-linear Histogram, from which Result
// gives the throughput, p50 and p99.
//
// # Why closed loop, and what it does not measure
//
// A closed loop measures the server at saturation: the throughput is what
// the server (and the client, on the same machine) can do, and latencies
// include queueing behind the other connections. It is the right tool to
// compare two builds of one app side by side (the ratio and the CPU per
// request are what matter), not to predict latencies under a given
// arrival rate (coordinated omission: a stalled server also stalls the
// client, so a long pause shows as one slow request, not many).
//
// # Open loop
//
// With Config.Rate set, requests are sent at a fixed rate instead, each
// connection on its own schedule, and a request's latency is counted from
// the time it was due. Below saturation that measures the latency a
// protected app adds to a request at a given load, the figure a p99
// target is about; Result.Late says when the rate was not kept up.
//
// # Client
//
// Each connection is one TCP connection with keep-alive, a request written
// from prebuilt bytes and the response read with net/http's parser, so
// that the client costs the server's machine as little CPU as it can.
// Only loopback targets are accepted.
package load
