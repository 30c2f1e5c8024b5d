package webui

import (
	"net/http"

	"github.com/sqreen-go/sqreen/webui/backend"
)

type webhooksData struct {
	Webhooks []backend.Webhook
	Apps     []backend.App
	// New is the webhook just created, and Secret its signing secret, shown
	// this once.
	New    *backend.Webhook
	Secret string
}

func (s *Server) webhooks(w http.ResponseWriter, r *http.Request, rc reqCtx) error {
	return s.renderWebhooks(w, r, rc, webhooksData{})
}

func (s *Server) renderWebhooks(w http.ResponseWriter, r *http.Request, rc reqCtx, d webhooksData) error {
	var err error
	if d.Webhooks, err = s.b.ListWebhooks(r.Context()); err != nil {
		return err
	}
	if d.Apps, err = s.b.ListApps(r.Context()); err != nil {
		return err
	}
	s.render(w, r, rc, http.StatusOK, "webhooks", "Webhooks", d)
	return nil
}

func (s *Server) createWebhook(w http.ResponseWriter, r *http.Request, rc reqCtx) error {
	if err := r.ParseForm(); err != nil {
		return backend.Invalid("form", "%v", err)
	}
	hook, secret, err := s.b.CreateWebhook(r.Context(), backend.Webhook{AppID: r.PostFormValue("app"),
		URL: r.PostFormValue("url"), Events: r.PostForm["events"]}, rc.sess.User)
	if err != nil {
		return err
	}
	return s.renderWebhooks(w, r, rc, webhooksData{New: &hook, Secret: secret})
}

func (s *Server) deleteWebhook(w http.ResponseWriter, r *http.Request, rc reqCtx) error {
	if err := s.b.DeleteWebhook(r.Context(), r.PathValue("id"), rc.sess.User); err != nil {
		return err
	}
	http.Redirect(w, r, "/webhooks", http.StatusSeeOther)
	return nil
}

type deliveriesData struct {
	WebhookID  string
	Deliveries []backend.Delivery
	Pager      pager
}

func (s *Server) deliveries(w http.ResponseWriter, r *http.Request, rc reqCtx) error {
	id := r.PathValue("id")
	p := pageOf(r.URL.Query())
	ds, total, err := s.b.Deliveries(r.Context(), id, p)
	if err != nil {
		return err
	}
	d := deliveriesData{WebhookID: id, Deliveries: ds, Pager: newPager("/webhooks/"+id, r.URL.Query(), p, len(ds), total)}
	s.render(w, r, rc, http.StatusOK, "deliveries", "Deliveries of webhook "+id, d)
	return nil
}
