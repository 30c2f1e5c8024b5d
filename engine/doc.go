// Package engine is the pure decision logic linked into protected
// applications: given what the application is about to do and the request
// that caused it, decide allow or block. It does no I/O, starts no
// goroutines and keeps no global state; runtime/ feeds it and acts on its
// answers.
//
// The packages, in the order a decision flows through them:
//
//   - rules: rule files (YAML + expr conditions), typed environments per
//     hook point, compilation, sandboxed and budgeted evaluation, and the
//     built-in rules (rules/builtin/*.yaml). Start here.
//   - budget: the per-request time budget shared by every check.
//   - rasp: the context-aware detectors (SQL, shell, path, SSRF, template
//     XSS) that judge whether an input changes a sink's structure, built on
//     the sqltoken and shelltoken tokenizers and the urlhost URL reader.
//   - waf: input-only helpers for the In-App WAF (SQL injection and XSS
//     signatures, attack-tool user agents).
//   - scrub: the PII scrubber applied to everything that leaves the process.
//
// docs/rules.md, at the repository's root, is the rule authors' guide.
package engine
