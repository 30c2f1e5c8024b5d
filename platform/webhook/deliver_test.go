package webhook_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sqreen-go/sqreen/platform/store"
	"github.com/sqreen-go/sqreen/platform/storetest"
	"github.com/sqreen-go/sqreen/platform/webhook"
)

func TestDeliverSignedWithRetry(t *testing.T) {
	ctx := context.Background()
	s := storetest.Backends(t)[0].Open(t, nil)
	var calls atomic.Int32
	var secret string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if r.Header.Get(webhook.SignatureHeader) != webhook.Sign(secret, body) {
			t.Errorf("bad signature %q", r.Header.Get(webhook.SignatureHeader))
		}
		if calls.Add(1) == 1 {
			http.Error(w, "try later", http.StatusServiceUnavailable)
		}
	}))
	defer srv.Close()
	app, _, _ := s.CreateApp(ctx, "shop", "t")
	w, sec, err := s.CreateWebhook(ctx, app.ID, srv.URL, []string{"firing"}, "t")
	if err != nil {
		t.Fatal(err)
	}
	secret = sec
	if n, _ := s.EnqueueDeliveries(ctx, app.ID, "attack", `{}`); n != 0 {
		t.Fatalf("attack delivery queued for a firing-only webhook")
	}
	if n, _ := s.EnqueueDeliveries(ctx, app.ID, "firing", `{"playbook":"ip-attacks"}`); n != 1 {
		t.Fatalf("%d deliveries queued, want 1", n)
	}
	d := &webhook.Deliverer{Store: s, FirstRetry: time.Nanosecond}
	d.RunOnce(ctx) // 503: retried
	time.Sleep(time.Millisecond)
	d.RunOnce(ctx)
	log, _ := s.ListDeliveries(ctx, w.ID, store.Page{})
	if len(log) != 1 || log[0].Status != "delivered" || log[0].Attempts != 2 {
		t.Fatalf("delivery log = %+v; want delivered after 2 attempts", log)
	}
}
