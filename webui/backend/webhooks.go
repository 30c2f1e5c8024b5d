package backend

import (
	"context"
	"time"
)

// Webhook is an outgoing notification target: the platform POSTs attacks
// and playbook firings to URL, signed with HMAC-SHA256 under a secret shown
// once at creation.
type Webhook struct {
	ID        string    `json:"id"`
	AppID     string    `json:"app_id"` // empty: every app
	URL       string    `json:"url"`
	Events    []string  `json:"events"` // "attack", "firing"
	Enabled   bool      `json:"enabled"`
	CreatedAt time.Time `json:"created_at"`
}

// Delivery is one notification sent (or being sent) to a webhook.
type Delivery struct {
	ID            string    `json:"id"`
	WebhookID     string    `json:"webhook_id"`
	EventType     string    `json:"event_type"`
	Payload       string    `json:"payload"` // JSON; carries attacker strings
	Status        string    `json:"status"`  // pending, delivered, failed
	Attempts      int       `json:"attempts"`
	LastError     string    `json:"last_error"`
	CreatedAt     time.Time `json:"created_at"`
	NextAttemptAt time.Time `json:"next_attempt_at"`
	DeliveredAt   time.Time `json:"delivered_at"` // zero: not delivered
}

// Notifications manages webhooks and reads their delivery log.
type Notifications interface {
	ListWebhooks(ctx context.Context) ([]Webhook, error)
	// CreateWebhook validates and stores w and returns it with its signing
	// secret, which is never available again.
	CreateWebhook(ctx context.Context, w Webhook, by string) (Webhook, string, error)
	// DeleteWebhook removes a webhook and its log, or returns an error
	// wrapping ErrNotFound.
	DeleteWebhook(ctx context.Context, id, by string) error
	// Deliveries returns a webhook's delivery log, newest first.
	Deliveries(ctx context.Context, webhookID string, p Page) ([]Delivery, int, error)
}
