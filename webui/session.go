package webui

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/sqreen-go/sqreen/webui/backend"
)

// Cookie names.
const (
	sessionCookie = "sqreen_session"
	loginCookie   = "sqreen_login" // pre-session nonce for the login form's CSRF token
)

// session is the signed content of the session cookie.
type session struct {
	User    string       `json:"u"`
	Role    backend.Role `json:"r"`
	Expires int64        `json:"e"` // unix seconds
	Nonce   string       `json:"n"` // random; CSRF tokens derive from it
}

var errBadSession = errors.New("invalid session")

// signer signs and verifies cookie values with one HMAC-SHA256 key.
type signer struct{ key []byte }

func (s signer) mac(purpose string, data []byte) []byte {
	h := hmac.New(sha256.New, s.key)
	h.Write([]byte(purpose))
	h.Write([]byte{0})
	h.Write(data)
	return h.Sum(nil)
}

// encode returns base64(json(v)) + "." + base64(mac).
func (s signer) encode(purpose string, v any) (string, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("encode %s: %w", purpose, err)
	}
	enc := base64.RawURLEncoding
	return enc.EncodeToString(data) + "." + enc.EncodeToString(s.mac(purpose, data)), nil
}

// decode verifies value and unmarshals it into v.
func (s signer) decode(purpose, value string, v any) error {
	enc := base64.RawURLEncoding
	payload, sig, ok := strings.Cut(value, ".")
	if !ok {
		return errBadSession
	}
	data, err := enc.DecodeString(payload)
	if err != nil {
		return errBadSession
	}
	got, err := enc.DecodeString(sig)
	if err != nil || !hmac.Equal(got, s.mac(purpose, data)) {
		return errBadSession
	}
	if err := json.Unmarshal(data, v); err != nil {
		return errBadSession
	}
	return nil
}

// csrfMAC is the CSRF token of a secret nonce: an HMAC keyed by the nonce
// itself, so that every replica computes it without a shared key, and the
// token in a page reveals nothing of the session's secret.
func csrfMAC(nonce string) []byte {
	h := hmac.New(sha256.New, []byte(nonce))
	h.Write([]byte("sqreen dashboard csrf"))
	return h.Sum(nil)
}

// csrfToken derives the CSRF token of a session (or login) nonce.
func csrfToken(nonce string) string {
	return base64.RawURLEncoding.EncodeToString(csrfMAC(nonce))
}

// checkCSRF reports whether token is the CSRF token of nonce.
func checkCSRF(nonce, token string) bool {
	got, err := base64.RawURLEncoding.DecodeString(token)
	return err == nil && nonce != "" && hmac.Equal(got, csrfMAC(nonce))
}

func (sess session) valid(now time.Time) bool {
	return sess.User != "" && now.Unix() < sess.Expires
}
