// Package memory is an in-memory backend.Backend for tests, the browser
// tests and demos. It keeps everything in maps guarded by one mutex, hashes
// passwords with PBKDF2, and checks rules with a small structural checker
// (balanced brackets and quotes, required keys) that stands in for the
// engine's compiler unless a real one is given with Options.Checker.
//
// It is not the platform's store: nothing survives the process.
package memory
