// Package version holds the version of sqreen for Go: the in-app runtime
// reports it to the platform when it logs in, and sqreen-build, built from
// the same repository, prints it and writes it in SARIF reports. One
// constant, so that the dashboard shows the version of the tool that built
// the app.
package version

// Version is the release of sqreen for Go this source belongs to.
const Version = "0.1.0-dev"
