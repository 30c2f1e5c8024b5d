package memory

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/sqreen-go/sqreen/webui/backend"
)

// ListWebhooks implements backend.Notifications.
func (m *Backend) ListWebhooks(ctx context.Context) ([]backend.Webhook, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Clone(m.webhooks), nil
}

// CreateWebhook implements backend.Notifications.
func (m *Backend) CreateWebhook(ctx context.Context, w backend.Webhook, by string) (backend.Webhook, string, error) {
	u, err := url.Parse(w.URL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return backend.Webhook{}, "", backend.Invalid("url", "want an http(s) URL, not %q", w.URL)
	}
	if len(w.Events) == 0 {
		w.Events = []string{"attack", "firing"}
	}
	for _, e := range w.Events {
		if e != "attack" && e != "firing" {
			return backend.Webhook{}, "", backend.Invalid("events", "want attack or firing, not %q", e)
		}
	}
	raw := make([]byte, 32)
	rand.Read(raw)
	m.mu.Lock()
	defer m.mu.Unlock()
	w.ID, w.Enabled, w.CreatedAt = m.nextID("wh"), true, m.opts.Now()
	m.webhooks = append(m.webhooks, w)
	m.record(by, "webhook.create", w.URL, "events="+strings.Join(w.Events, ","))
	return w, "whs_" + hex.EncodeToString(raw), nil
}

// DeleteWebhook implements backend.Notifications.
func (m *Backend) DeleteWebhook(ctx context.Context, id, by string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for i, w := range m.webhooks {
		if w.ID == id {
			m.webhooks = slices.Delete(m.webhooks, i, i+1)
			m.record(by, "webhook.delete", w.URL, "")
			return nil
		}
	}
	return fmt.Errorf("webhook %q: %w", id, backend.ErrNotFound)
}

// AddDelivery records a delivery (tests and demos).
func (m *Backend) AddDelivery(d backend.Delivery) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if d.ID == "" {
		d.ID = m.nextID("dl")
	}
	m.deliveries = append(m.deliveries, d)
}

// Deliveries implements backend.Notifications.
func (m *Backend) Deliveries(ctx context.Context, webhookID string, p backend.Page) ([]backend.Delivery, int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []backend.Delivery
	for i := len(m.deliveries) - 1; i >= 0; i-- {
		if m.deliveries[i].WebhookID == webhookID {
			out = append(out, m.deliveries[i])
		}
	}
	return page(out, p), len(out), nil
}
