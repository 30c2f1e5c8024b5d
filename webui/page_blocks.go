package webui

import (
	"net/http"
	"time"

	"github.com/sqreen-go/sqreen/webui/backend"
)

// blockDurations are the durations offered for a block; 0 means forever.
var blockDurations = []struct {
	Key string
	D   time.Duration
}{
	{"1h", time.Hour}, {"24h", 24 * time.Hour}, {"7d", 7 * 24 * time.Hour}, {"forever", 0},
}

func durationOf(key string) (time.Duration, error) {
	for _, bd := range blockDurations {
		if bd.Key == key {
			return bd.D, nil
		}
	}
	return 0, backend.Invalid("duration", "must be one of 1h, 24h, 7d, forever; not %q", key)
}

type blocksData struct {
	Blocks    []backend.Block
	Pager     pager
	Apps      []backend.App
	Durations []string
}

func (s *Server) blocks(w http.ResponseWriter, r *http.Request, rc reqCtx) error {
	p := pageOf(r.URL.Query())
	bs, total, err := s.b.ListBlocks(r.Context(), s.opts.Now(), p)
	if err != nil {
		return err
	}
	d := blocksData{Blocks: bs, Pager: newPager("/blocks", r.URL.Query(), p, len(bs), total)}
	if d.Apps, err = s.b.ListApps(r.Context()); err != nil {
		return err
	}
	for _, bd := range blockDurations {
		d.Durations = append(d.Durations, bd.Key)
	}
	s.render(w, r, rc, http.StatusOK, "blocks", "Blocklist", d)
	return nil
}

func (s *Server) createBlock(w http.ResponseWriter, r *http.Request, rc reqCtx) error {
	dur, err := durationOf(r.PostFormValue("duration"))
	if err != nil {
		return err
	}
	now := s.opts.Now()
	b := backend.Block{AppID: r.PostFormValue("app"), Kind: backend.BlockKind(r.PostFormValue("kind")),
		Value: r.PostFormValue("value"), Reason: r.PostFormValue("reason"), Source: "manual",
		CreatedBy: rc.sess.User, CreatedAt: now}
	if dur > 0 {
		b.ExpiresAt = now.Add(dur)
	}
	b, err = s.b.CreateBlock(r.Context(), b)
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/blocks", http.StatusSeeOther)
	return nil
}

func (s *Server) deleteBlock(w http.ResponseWriter, r *http.Request, rc reqCtx) error {
	id := r.PathValue("id")
	if err := s.b.DeleteBlock(r.Context(), id, rc.sess.User); err != nil {
		return err
	}
	http.Redirect(w, r, "/blocks", http.StatusSeeOther)
	return nil
}
