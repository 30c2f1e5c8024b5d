package webui

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/sqreen-go/sqreen/webui/backend"
)

func TestRuleCheckAndTest(t *testing.T) {
	f := newFixture(t)
	viewer := f.login("victor") // checking and testing change nothing: viewers may
	tests := []struct {
		path, body string
		status     int
		want       checkResponse
	}{
		{"/rules/check", `{"source":"id: r\nwhen: ua contains \"sqlmap\"\n"}`, 200, checkResponse{Problems: nil}},
		{"/rules/check", `{"source":"id: r\nwhen: (ua contains \"sqlmap\"\n"}`, 200,
			checkResponse{Problems: problems(2, 7, `unclosed '('`)}},
		{"/rules/check", `{"source":"id: r\nwhen: \"sqlmap\n"}`, 200,
			checkResponse{Problems: problems(2, 7, "unterminated string")}},
		{"/rules/test", `{"source":"id: r\nwhen: ua contains \"sqlmap\"\n","request":{"headers":[{"key":"User-Agent","value":"sqlmap/1.8"}]}}`, 200,
			checkResponse{Matched: []string{"r"}, Actions: []string{"match"}}},
		{"/rules/test", `{"source":"id: r\nwhen: ua contains \"sqlmap\"\n","request":{"path":"/"}}`, 200, checkResponse{}},
		{"/rules/check", `{"source": 12}`, 400, checkResponse{}},
		{"/rules/check", `{"source":"", "extra": 1}`, 400, checkResponse{}},
	}
	for _, tt := range tests {
		rec := viewer.postJSON(tt.path, tt.body)
		if rec.Code != tt.status {
			t.Errorf("%s %s: status %d, want %d: %s", tt.path, tt.body, rec.Code, tt.status, rec.Body)
			continue
		}
		if tt.status != 200 {
			if !strings.Contains(rec.Body.String(), `"error":"body: want JSON`) {
				t.Errorf("%s: error body %s", tt.body, rec.Body)
			}
			continue
		}
		var got checkResponse
		if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
			t.Fatal(err)
		}
		if !sameJSON(got, tt.want) {
			t.Errorf("%s %s:\n got %+v\nwant %+v", tt.path, tt.body, got, tt.want)
		}
	}
}

func TestSaveRuleVersions(t *testing.T) {
	f := newFixture(t)
	admin := f.login("alice")
	save := func(id, version, source string) *http.Response {
		return admin.post("/rules", url.Values{"id": {id}, "version": {version}, "name": {"ua"}, "app": {"shop"},
			"mode": {"block"}, "enabled": {"on"}, "source": {source}}).Result()
	}
	r := save("", "0", "id: ua\nwhen: ua contains \"curl\"\n")
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d", r.StatusCode)
	}
	id := strings.TrimPrefix(r.Header.Get("Location"), "/rules/")
	if r := save(id, "1", "id: ua\nwhen: ua contains \"wget\"\n"); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("update: %d", r.StatusCode)
	}
	// A second editor that opened version 1 must not overwrite version 2.
	if r := save(id, "1", "id: ua\nwhen: true\n"); r.StatusCode != http.StatusBadRequest {
		t.Fatalf("stale update: %d, want 400", r.StatusCode)
	}
	body := admin.get("/rules/" + id).Body.String()
	for _, want := range []string{`name="version" value="2"`, "wget", "curl", "History"} {
		if !strings.Contains(body, want) {
			t.Errorf("editor lacks %q", want)
		}
	}
	// Toggling is a new version too.
	if r := admin.post("/rules/"+id+"/toggle", url.Values{"what": {"enabled"}}).Result(); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("toggle: %d", r.StatusCode)
	}
	rule, err := f.m.GetRule(t.Context(), id)
	if err != nil || rule.Enabled || rule.Version != 3 || rule.UpdatedBy != "alice" {
		t.Errorf("after toggle: %+v, %v", rule, err)
	}
}

func problems(line, col int, msg string) []backend.RuleProblem {
	return []backend.RuleProblem{{Line: line, Column: col, Message: msg}}
}

// sameJSON compares two responses, an empty list equal to a missing one.
func sameJSON(a, b checkResponse) bool {
	norm := func(c checkResponse) string {
		c.Problems, c.Matched, c.Actions = nonNil(c.Problems), nonNil(c.Matched), nonNil(c.Actions)
		j, _ := json.Marshal(c)
		return string(j)
	}
	return norm(a) == norm(b)
}

func TestPlaybookCheck(t *testing.T) {
	f := newFixture(t)
	viewer := f.login("victor")
	for body, want := range map[string]string{
		`{"subject":"ip","condition":"ip.attacks(\"5m\") >= 10"}`: `"problems":[]`,
		`{"subject":"ip","condition":"ip.attacks(\"5m\" >= 10"}`:  `"line":1,"column":11,"message":"unclosed '('"`,
		`{"subject":"planet","condition":"x"}`:                    `subject \"planet\"`,
	} {
		rec := viewer.postJSON("/playbooks/check", body)
		if rec.Code != 200 || !strings.Contains(rec.Body.String(), want) {
			t.Errorf("%s: %d %s, want %s", body, rec.Code, rec.Body, want)
		}
	}
}
