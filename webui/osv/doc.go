// Package osv matches Go module dependencies against known vulnerabilities
// from an OSV export (https://ossf.github.io/osv-schema/), such as the Go
// vulnerability database's or osv.dev's "Go/all.zip".
//
// Load reads an export (one OSV JSON object, a JSON array of them, JSON
// lines, or a zip archive of .json files) into a Database; Match lists the
// advisories that affect one module version, with the first fixed version
// to upgrade to. Only the "Go" ecosystem and SEMVER ranges are used; other
// entries are skipped and counted.
//
// Versions are compared as Go module versions (semantic versions with a
// leading "v", pre-releases and pseudo-versions before their release); OSV
// writes Go versions without the "v" and both forms are accepted.
package osv
