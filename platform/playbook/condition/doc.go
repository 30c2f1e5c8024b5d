// Package condition compiles and evaluates playbook conditions: expr
// expressions over the time-window aggregates of one subject (ip, user,
// endpoint or app), such as ip.attacks("5m") >= 10. Compile checks names,
// subjects and windows and says where a condition is wrong; Eval runs it
// on an Env whose aggregates the caller supplies (package playbook reads
// them from the store). Pure: no I/O.
package condition
