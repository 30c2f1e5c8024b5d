package storebackend

import (
	"context"
	"strings"

	"github.com/sqreen-go/sqreen/platform/store"
	"github.com/sqreen-go/sqreen/webui/backend"
)

func toWebhook(w store.Webhook) backend.Webhook {
	out := backend.Webhook{ID: fmtID(w.ID), URL: w.URL, Enabled: w.Enabled, CreatedAt: fromMS(w.CreatedAt)}
	if w.AppID != 0 {
		out.AppID = fmtID(w.AppID)
	}
	if w.Events != "" {
		out.Events = strings.Split(w.Events, ",")
	}
	return out
}

// ListWebhooks implements backend.Notifications.
func (b *Backend) ListWebhooks(ctx context.Context) ([]backend.Webhook, error) {
	ws, err := b.st.ListWebhooks(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]backend.Webhook, len(ws))
	for i, w := range ws {
		out[i] = toWebhook(w)
	}
	return out, nil
}

// CreateWebhook implements backend.Notifications.
func (b *Backend) CreateWebhook(ctx context.Context, w backend.Webhook, by string) (backend.Webhook, string, error) {
	app, err := optionalID("app", w.AppID)
	if err != nil {
		return backend.Webhook{}, "", backend.Invalid("app", "no app %q", w.AppID)
	}
	saved, secret, err := b.st.CreateWebhook(ctx, app, w.URL, w.Events, by)
	if err != nil {
		return backend.Webhook{}, "", convert(err)
	}
	return toWebhook(saved), secret, nil
}

// DeleteWebhook implements backend.Notifications.
func (b *Backend) DeleteWebhook(ctx context.Context, id, by string) error {
	n, err := parseID("webhook", id)
	if err != nil {
		return err
	}
	return convert(b.st.DeleteWebhook(ctx, n, by))
}

// Deliveries implements backend.Notifications.
func (b *Backend) Deliveries(ctx context.Context, webhookID string, p backend.Page) ([]backend.Delivery, int, error) {
	n, err := parseID("webhook", webhookID)
	if err != nil {
		return nil, 0, err
	}
	rows, total, err := scan(ctx, b.opts.MaxScan, p, nil, func(pg store.Page) ([]store.Delivery, error) {
		return b.st.ListDeliveries(ctx, n, pg)
	}, func(d store.Delivery) int64 { return d.ID })
	if err != nil {
		return nil, 0, err
	}
	out := make([]backend.Delivery, len(rows))
	for i, d := range rows {
		out[i] = backend.Delivery{ID: fmtID(d.ID), WebhookID: fmtID(d.WebhookID), EventType: d.EventType, Payload: d.Payload,
			Status: d.Status, Attempts: int(d.Attempts), LastError: d.LastError, CreatedAt: fromMS(d.CreatedAt),
			NextAttemptAt: fromMS(d.NextAttemptAt), DeliveredAt: fromMS(d.DeliveredAt)}
	}
	return out, total, nil
}
