package webhook

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/sqreen-go/sqreen/platform/store"
)

// MaxAttempts is how many times a delivery is tried before it is marked failed.
const MaxAttempts = 8

// SignatureHeader carries "sha256=" + hex(HMAC-SHA256(secret, body)).
const SignatureHeader = "X-Sqreen-Signature"

// Sign returns the signature header value of body under secret.
func Sign(secret string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// Deliverer sends due deliveries every Interval.
type Deliverer struct {
	Store    *store.Store
	Client   *http.Client
	Interval time.Duration
	Logger   *slog.Logger
	// FirstRetry is the delay after the first failure (30 s); it doubles.
	FirstRetry time.Duration
}

// Run loops until ctx ends.
func (d *Deliverer) Run(ctx context.Context) {
	if d.Interval <= 0 {
		d.Interval = 5 * time.Second
	}
	t := time.NewTicker(d.Interval)
	defer t.Stop()
	for {
		if err := d.RunOnce(ctx); err != nil && ctx.Err() == nil {
			d.logger().Warn("webhooks", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (d *Deliverer) logger() *slog.Logger {
	if d.Logger == nil {
		return slog.Default()
	}
	return d.Logger
}

// RunOnce attempts every due delivery once.
func (d *Deliverer) RunOnce(ctx context.Context) error {
	due, err := d.Store.DueDeliveries(ctx, 100)
	if err != nil {
		return err
	}
	if len(due) == 0 {
		return nil
	}
	hooks, err := d.Store.ListWebhooks(ctx)
	if err != nil {
		return err
	}
	byID := map[int64]store.Webhook{}
	for _, w := range hooks {
		byID[w.ID] = w
	}
	for _, del := range due {
		w, ok := byID[del.WebhookID]
		if !ok {
			continue
		}
		status, nextAt, errText := "delivered", int64(0), ""
		if err := d.post(ctx, w, del); err != nil {
			errText = err.Error()
			first := d.FirstRetry
			if first <= 0 {
				first = 30 * time.Second
			}
			if del.Attempts+1 >= MaxAttempts {
				status = "failed"
			} else {
				status, nextAt = "pending", time.Now().Add(first<<del.Attempts).UnixMilli()
			}
		}
		if err := d.Store.RecordDelivery(ctx, del.ID, status, errText, nextAt); err != nil {
			return err
		}
	}
	return nil
}

func (d *Deliverer) post(ctx context.Context, w store.Webhook, del store.Delivery) error {
	client := d.Client
	if client == nil {
		client = &http.Client{Timeout: 10 * time.Second}
	}
	body := []byte(del.Payload)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.URL, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Sqreen-Event", del.EventType)
	req.Header.Set(SignatureHeader, Sign(w.Secret, body))
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("webhook %s answered %s", w.URL, resp.Status)
	}
	return nil
}
