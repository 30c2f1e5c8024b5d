// Package rulecheck checks and tests rule files for the dashboard's editor
// with the engine's own compiler (engine/rules): the errors people see as
// they type are the ones the agents would report, with line and column.
//
// Check parses and compiles a rule file. Test compiles it and evaluates the
// request-hook rules on a request (a recorded one or a hand-written
// fixture), then runs the rules' own test cases; a sink rule (sql, shell,
// ...) needs the sink's arguments, which only its test cases carry.
package rulecheck
