package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/sqreen-go/sqreen/platform/store"
	"github.com/sqreen-go/sqreen/platform/storetest"
)

func TestImportAdvisories(t *testing.T) {
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			ctx := context.Background()
			st := b.Open(t, nil)
			if imp, err := st.LatestAdvisoryImport(ctx); err != nil || imp.ID != 0 {
				t.Fatalf("empty store: %+v, %v", imp, err)
			}
			for _, tt := range []struct {
				name string
				advs []store.Advisory
			}{
				{"no id", []store.Advisory{{Doc: "{}"}}},
				{"no document", []store.Advisory{{ID: "GO-1"}}},
			} {
				if _, err := st.ImportAdvisories(ctx, "f.json", tt.advs, "test"); !errors.Is(err, store.ErrInvalid) {
					t.Errorf("%s: err %v, want ErrInvalid", tt.name, err)
				}
			}
			first, err := st.ImportAdvisories(ctx, "a.json", []store.Advisory{{ID: "GO-2", Doc: `{"id":"GO-2"}`}, {ID: "GO-1", Doc: `{"id":"GO-1"}`}}, "test")
			if err != nil {
				t.Fatal(err)
			}
			second, err := st.ImportAdvisories(ctx, "b.json", []store.Advisory{{ID: "GO-1", Modified: "m2", Doc: `{"id":"GO-1","v":2}`}}, "test")
			if err != nil || second.ID <= first.ID {
				t.Fatalf("second import %+v after %+v: %v", second, first, err)
			}
			advs, imp, err := st.Advisories(ctx)
			if err != nil || imp.ID != second.ID || imp.Source != "b.json" || imp.Advisories != 1 {
				t.Fatalf("advisories as of %+v: %v", imp, err)
			}
			if len(advs) != 2 || advs[0].ID != "GO-1" || advs[0].Doc != `{"id":"GO-1","v":2}` || advs[0].Modified != "m2" || advs[1].ID != "GO-2" {
				t.Errorf("advisories = %+v: want GO-1 replaced, GO-2 kept, by id", advs)
			}
			if latest, _ := st.LatestAdvisoryImport(ctx); latest.ID != second.ID {
				t.Errorf("latest import %d, want %d", latest.ID, second.ID)
			}
		})
	}
}
