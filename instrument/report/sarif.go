package report

import (
	"encoding/json"
	"io"
	"path/filepath"
	"sort"

	"github.com/sqreen-go/sqreen/instrument/hookpoint"
)

// The subset of SARIF 2.1.0 the report uses.
type (
	sarifLog struct {
		Schema  string     `json:"$schema"`
		Version string     `json:"version"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool    sarifTool     `json:"tool"`
		Results []sarifResult `json:"results"`
	}
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	sarifDriver struct {
		Name    string      `json:"name"`
		Version string      `json:"version"`
		Rules   []sarifRule `json:"rules"`
	}
	sarifRule struct {
		ID        string       `json:"id"`
		ShortDesc sarifMessage `json:"shortDescription"`
	}
	sarifMessage struct {
		Text string `json:"text"`
	}
	sarifResult struct {
		RuleID    string          `json:"ruleId"`
		Level     string          `json:"level"`
		Message   sarifMessage    `json:"message"`
		Locations []sarifLocation `json:"locations"`
	}
	sarifLocation struct {
		Physical sarifPhysical `json:"physicalLocation"`
	}
	sarifPhysical struct {
		Artifact sarifArtifact `json:"artifactLocation"`
		Region   sarifRegion   `json:"region"`
	}
	sarifArtifact struct {
		URI string `json:"uri"`
	}
	sarifRegion struct {
		StartLine int `json:"startLine"`
	}
)

// WriteSARIF writes the sites as SARIF 2.1.0 results of level "note", one
// rule per hook point.
func WriteSARIF(w io.Writer, pkgs []Package, version string) error {
	rules := map[string]bool{}
	for _, p := range hookpoint.Table() {
		rules[p.Name] = true
	}
	run := sarifRun{Tool: sarifTool{Driver: sarifDriver{Name: "sqreen-build", Version: version}}, Results: []sarifResult{}}
	names := make([]string, 0, len(rules))
	for n := range rules {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRule{ID: n, ShortDesc: sarifMessage{Text: "sqreen hook point " + n}})
	}
	for _, p := range pkgs {
		for _, s := range p.Result.Sites {
			run.Results = append(run.Results, sarifResult{
				RuleID:  s.Point,
				Level:   "note",
				Message: sarifMessage{Text: s.Target + " is instrumented (" + s.Point + ")"},
				Locations: []sarifLocation{{Physical: sarifPhysical{
					Artifact: sarifArtifact{URI: "file://" + filepath.ToSlash(s.File)},
					Region:   sarifRegion{StartLine: s.Line},
				}}},
			})
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(sarifLog{Schema: "https://json.schemastore.org/sarif-2.1.0.json", Version: "2.1.0", Runs: []sarifRun{run}})
}
