// Package cspreport parses the violation reports browsers send to a
// Content-Security-Policy report endpoint: the legacy report-uri format
// (application/csp-report, one {"csp-report": {...}} object) and the
// Reporting API format (application/reports+json, a list of reports of
// type "csp-violation").
package cspreport
