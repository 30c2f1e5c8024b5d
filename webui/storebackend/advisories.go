package storebackend

import (
	"bytes"
	"context"
	"fmt"
	"sync"

	"github.com/sqreen-go/sqreen/webui/osv"
)

// storedAdvisories caches the advisories imported into the store, parsed
// once per import: every replica reloads when it sees a newer import.
type storedAdvisories struct {
	mu       sync.Mutex
	importID int64
	db       *osv.Database
}

// advisoryDB returns the advisories dependencies are matched against:
// those set with Options.Advisories or SetAdvisories, else those imported
// into the store (nil when there are none).
func (b *Backend) advisoryDB(ctx context.Context) (*osv.Database, error) {
	if db := b.advisories.Load(); db != nil {
		return db, nil
	}
	c := &b.stored
	latest, err := b.st.LatestAdvisoryImport(ctx)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if latest.ID == 0 || latest.ID == c.importID {
		return c.db, nil
	}
	advs, imp, err := b.st.Advisories(ctx)
	if err != nil {
		return nil, err
	}
	var lines bytes.Buffer
	for _, a := range advs {
		lines.WriteString(a.Doc)
		lines.WriteByte('\n')
	}
	var db *osv.Database
	if lines.Len() > 0 {
		name := fmt.Sprintf("advisories of import %d", imp.ID)
		if db, err = osv.Load(name, lines.Bytes()); err != nil {
			return nil, err
		}
	}
	c.importID, c.db = imp.ID, db
	return db, nil
}
