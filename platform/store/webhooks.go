package store

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/jmoiron/sqlx"
)

// Webhook is an outgoing HTTP notification target. Deliveries are signed
// with HMAC-SHA256 of the body under Secret.
type Webhook struct {
	ID        int64  `db:"id" json:"id"`
	AppID     int64  `db:"app_id" json:"app_id"` // 0: every app
	URL       string `db:"url" json:"url"`
	Secret    string `db:"secret" json:"-"`
	Events    string `db:"events" json:"events"` // comma-separated: attack, firing
	Enabled   bool   `db:"enabled" json:"enabled"`
	CreatedAt int64  `db:"created_at" json:"created_at"`
}

// Delivery is one webhook notification and its delivery state.
type Delivery struct {
	ID            int64  `db:"id" json:"id"`
	WebhookID     int64  `db:"webhook_id" json:"webhook_id"`
	EventType     string `db:"event_type" json:"event_type"`
	Payload       string `db:"payload" json:"payload"`
	Status        string `db:"status" json:"status"` // pending, delivered, failed
	Attempts      int64  `db:"attempts" json:"attempts"`
	LastError     string `db:"last_error" json:"last_error"`
	CreatedAt     int64  `db:"created_at" json:"created_at"`
	NextAttemptAt int64  `db:"next_attempt_at" json:"next_attempt_at"`
	DeliveredAt   int64  `db:"delivered_at" json:"delivered_at"`
}

const deliveryColumns = "id, webhook_id, event_type, payload, status, attempts, last_error, created_at, next_attempt_at, delivered_at"

// CreateWebhook registers a webhook and returns it with its signing secret
// (shown once).
func (s *Store) CreateWebhook(ctx context.Context, appID int64, rawURL string, events []string, actor string) (Webhook, string, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return Webhook{}, "", fmt.Errorf("webhook url %q: want an http(s) URL: %w", rawURL, ErrInvalid)
	}
	for _, e := range events {
		if e != "attack" && e != "firing" {
			return Webhook{}, "", fmt.Errorf("webhook event %q: want attack or firing: %w", e, ErrInvalid)
		}
	}
	if len(events) == 0 {
		events = []string{"attack", "firing"}
	}
	secret := NewToken("whs_")
	w := Webhook{AppID: appID, URL: rawURL, Secret: secret, Events: strings.Join(events, ","), Enabled: true, CreatedAt: s.nowMS()}
	err = s.inTx(ctx, func(tx *sqlx.Tx) error {
		var err error
		if w.ID, err = s.insertID(ctx, tx, "INSERT INTO webhooks (app_id, url, secret, events, enabled, created_at) VALUES (?, ?, ?, ?, ?, ?)",
			w.AppID, w.URL, w.Secret, w.Events, w.Enabled, w.CreatedAt); err != nil {
			return fmt.Errorf("store: create webhook: %w", err)
		}
		return s.audit(ctx, tx, actor, "webhook.create", rawURL, "events="+w.Events)
	})
	return w, secret, err
}

// ListWebhooks returns every webhook.
func (s *Store) ListWebhooks(ctx context.Context) ([]Webhook, error) {
	out := []Webhook{}
	if err := s.db.SelectContext(ctx, &out, "SELECT id, app_id, url, secret, events, enabled, created_at FROM webhooks ORDER BY id"); err != nil {
		return nil, fmt.Errorf("store: list webhooks: %w", err)
	}
	return out, nil
}

// DeleteWebhook removes a webhook and its delivery log.
func (s *Store) DeleteWebhook(ctx context.Context, id int64, actor string) error {
	return s.inTx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, s.q("DELETE FROM webhooks WHERE id = ?"), id)
		if err != nil {
			return fmt.Errorf("store: delete webhook: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("webhook %d: %w", id, ErrNotFound)
		}
		return s.audit(ctx, tx, actor, "webhook.delete", fmt.Sprint(id), "")
	})
}

// EnqueueDeliveries queues a payload for every enabled webhook subscribed
// to eventType for the app.
func (s *Store) EnqueueDeliveries(ctx context.Context, appID int64, eventType, payload string) (int, error) {
	hooks, err := s.ListWebhooks(ctx)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, w := range hooks {
		if !w.Enabled || (w.AppID != 0 && w.AppID != appID) || !strings.Contains(","+w.Events+",", ","+eventType+",") {
			continue
		}
		now := s.nowMS()
		if _, err := s.db.ExecContext(ctx, s.q(`INSERT INTO webhook_deliveries (webhook_id, event_type, payload, created_at, next_attempt_at)
			VALUES (?, ?, ?, ?, ?)`), w.ID, eventType, payload, now, now); err != nil {
			return n, fmt.Errorf("store: enqueue delivery: %w", err)
		}
		n++
	}
	return n, nil
}

// DueDeliveries returns pending deliveries whose next attempt is due.
func (s *Store) DueDeliveries(ctx context.Context, limit int) ([]Delivery, error) {
	out := []Delivery{}
	if err := s.db.SelectContext(ctx, &out, s.q("SELECT "+deliveryColumns+` FROM webhook_deliveries
		WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ?`), s.nowMS(), limit); err != nil {
		return nil, fmt.Errorf("store: due deliveries: %w", err)
	}
	return out, nil
}

// RecordDelivery stores the outcome of one attempt: status "delivered",
// "pending" (retry at nextAttempt) or "failed" (gave up).
func (s *Store) RecordDelivery(ctx context.Context, id int64, status, lastError string, nextAttempt int64) error {
	delivered := int64(0)
	if status == "delivered" {
		delivered = s.nowMS()
	}
	if _, err := s.db.ExecContext(ctx, s.q(`UPDATE webhook_deliveries SET status = ?, attempts = attempts + 1, last_error = ?,
		next_attempt_at = ?, delivered_at = ? WHERE id = ?`), status, lastError, nextAttempt, delivered, id); err != nil {
		return fmt.Errorf("store: record delivery %d: %w", id, err)
	}
	return nil
}

// ListDeliveries returns a webhook's delivery log, newest first.
func (s *Store) ListDeliveries(ctx context.Context, webhookID int64, page Page) ([]Delivery, error) {
	query, args := page.apply("SELECT "+deliveryColumns+" FROM webhook_deliveries WHERE webhook_id = ?", "id", []any{webhookID})
	out := []Delivery{}
	if err := s.db.SelectContext(ctx, &out, s.q(query), args...); err != nil {
		return nil, fmt.Errorf("store: list deliveries: %w", err)
	}
	return out, nil
}
