package httpapi

import (
	"net/http"
	"time"

	"github.com/sqreen-go/sqreen/webui/backend"
)

func (a *API) blocks(w http.ResponseWriter, r *http.Request, _ backend.User) error {
	p, err := pageOf(r.URL.Query())
	if err != nil {
		return err
	}
	bs, total, err := a.b.ListBlocks(r.Context(), a.opts.Now(), p)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(bs, total, p))
	return nil
}

// blockInput is what a client sends to block; Duration 0 means forever.
type blockInput struct {
	Kind     backend.BlockKind `json:"kind"`
	Value    string            `json:"value"`
	AppID    string            `json:"app_id"`
	Reason   string            `json:"reason"`
	Duration time.Duration     `json:"duration_ns"`
}

func (a *API) createBlock(w http.ResponseWriter, r *http.Request, u backend.User) error {
	var in blockInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if in.Duration < 0 {
		return backend.Invalid("duration_ns", "must not be negative")
	}
	now := a.opts.Now()
	b := backend.Block{AppID: in.AppID, Kind: in.Kind, Value: in.Value, Reason: in.Reason,
		Source: "api", CreatedBy: actor(u), CreatedAt: now}
	if in.Duration > 0 {
		b.ExpiresAt = now.Add(in.Duration)
	}
	b, err := a.b.CreateBlock(r.Context(), b)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, b)
	return nil
}

func (a *API) deleteBlock(w http.ResponseWriter, r *http.Request, u backend.User) error {
	id := r.PathValue("id")
	if err := a.b.DeleteBlock(r.Context(), id, actor(u)); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (a *API) playbooks(w http.ResponseWriter, r *http.Request, _ backend.User) error {
	pbs, err := a.b.ListPlaybooks(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(pbs, len(pbs), backend.Page{Limit: len(pbs)}))
	return nil
}

func (a *API) playbook(w http.ResponseWriter, r *http.Request, _ backend.User) error {
	pb, err := a.b.GetPlaybook(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, pb)
	return nil
}

// playbookInput is what a client sends to save a playbook.
type playbookInput struct {
	ID        string        `json:"id"`
	Name      string        `json:"name"`
	Subject   string        `json:"subject"`
	Condition string        `json:"condition"`
	Action    string        `json:"action"`
	Duration  time.Duration `json:"duration_ns"`
	Enabled   bool          `json:"enabled"`
	Version   int           `json:"version"`
}

func (a *API) savePlaybook(w http.ResponseWriter, r *http.Request, u backend.User) error {
	var in playbookInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	saved, err := a.b.SavePlaybook(r.Context(), backend.Playbook{ID: in.ID, Name: in.Name, Subject: in.Subject, Condition: in.Condition,
		Action: in.Action, Duration: in.Duration, Enabled: in.Enabled, Version: in.Version}, actor(u))
	if err != nil {
		return err
	}
	status := http.StatusOK
	if in.ID == "" {
		status = http.StatusCreated
	}
	writeJSON(w, status, saved)
	return nil
}

func (a *API) firings(w http.ResponseWriter, r *http.Request, _ backend.User) error {
	q := r.URL.Query()
	p, err := pageOf(q)
	if err != nil {
		return err
	}
	fs, total, err := a.b.Firings(r.Context(), q.Get("playbook"), p)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(fs, total, p))
	return nil
}

type playbookCheckInput struct {
	Subject   string `json:"subject"`
	Condition string `json:"condition"`
}

func (a *API) checkPlaybook(w http.ResponseWriter, r *http.Request, _ backend.User) error {
	var in playbookCheckInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	probs, err := a.b.CheckPlaybook(r.Context(), in.Subject, in.Condition)
	if err != nil {
		return err
	}
	if probs == nil {
		probs = []backend.RuleProblem{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"problems": probs})
	return nil
}
