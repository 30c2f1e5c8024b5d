package main

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"

	"github.com/sqreen-go/sqreen/platform/store"
	"github.com/sqreen-go/sqreen/webui/osv"
)

// maxOSVFile bounds an imported export (the Go vulnerability database's
// zip is a few megabytes) and each document inside a zip.
const maxOSVFile = 256 << 20

// vulnsImport stores the advisories of an OSV export in the database,
// where every replica's dashboard matches the apps' dependencies against
// them. The file is checked whole first: a bad file imports nothing.
func vulnsImport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, db := newFlags("vulns import", stderr)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("vulns import: want one FILE (an OSV export: JSON, JSON lines or zip)")
	}
	file := fs.Arg(0)
	advs, goEntries, err := readOSV(file)
	if err != nil {
		return fmt.Errorf("vulns import: %w", err)
	}
	s, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	imp, err := s.ImportAdvisories(ctx, filepath.Base(file), advs, "cli")
	if err != nil {
		return fmt.Errorf("vulns import: %w", err)
	}
	fmt.Fprintf(stdout, "imported %d advisories from %s (%d Go module entries; import %d)\n",
		len(advs), file, goEntries, imp.ID)
	return nil
}

// readOSV reads and checks an OSV export and splits it into one document
// per advisory (compacted JSON, the last of a repeated id winning). It
// also returns the Go module entries the matcher indexes.
func readOSV(file string) ([]store.Advisory, int, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, 0, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxOSVFile+1))
	if err != nil {
		return nil, 0, err
	}
	if len(data) > maxOSVFile {
		return nil, 0, fmt.Errorf("%s: more than %d MiB", file, maxOSVFile>>20)
	}
	matcher, err := osv.Load(file, data) // the same checks the dashboard will make
	if err != nil {
		return nil, 0, err
	}
	docs, err := splitOSV(file, data)
	if err != nil {
		return nil, 0, err
	}
	if len(docs) == 0 {
		return nil, 0, fmt.Errorf("%s: no advisory in it", file)
	}
	return docs, matcher.Len(), nil
}

// splitOSV returns the advisories of an export: a zip of .json files, a
// JSON array, or one or more JSON objects (JSON lines).
func splitOSV(name string, data []byte) ([]store.Advisory, error) {
	var raws []json.RawMessage
	if bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		for _, zf := range zr.File {
			if path.Ext(zf.Name) != ".json" {
				continue
			}
			rc, err := zf.Open()
			if err != nil {
				return nil, fmt.Errorf("%s: %s: %w", name, zf.Name, err)
			}
			b, err := io.ReadAll(io.LimitReader(rc, 16<<20))
			rc.Close()
			if err != nil {
				return nil, fmt.Errorf("%s: %s: %w", name, zf.Name, err)
			}
			more, err := splitJSON(name+":"+zf.Name, b)
			if err != nil {
				return nil, err
			}
			raws = append(raws, more...)
		}
	} else {
		var err error
		if raws, err = splitJSON(name, data); err != nil {
			return nil, err
		}
	}
	byID := map[string]int{}
	var out []store.Advisory
	for i, raw := range raws {
		var head struct {
			ID       string `json:"id"`
			Modified string `json:"modified"`
		}
		if err := json.Unmarshal(raw, &head); err != nil {
			return nil, fmt.Errorf("%s: advisory %d: %w", name, i+1, err)
		}
		if head.ID == "" {
			return nil, fmt.Errorf("%s: advisory %d: no id", name, i+1)
		}
		var doc bytes.Buffer
		if err := json.Compact(&doc, raw); err != nil {
			return nil, fmt.Errorf("%s: advisory %s: %w", name, head.ID, err)
		}
		a := store.Advisory{ID: head.ID, Modified: head.Modified, Doc: doc.String()}
		if j, ok := byID[a.ID]; ok {
			out[j] = a
			continue
		}
		byID[a.ID] = len(out)
		out = append(out, a)
	}
	return out, nil
}

// splitJSON splits one JSON array or a stream of JSON values into its
// objects.
func splitJSON(name string, data []byte) ([]json.RawMessage, error) {
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 {
		return nil, fmt.Errorf("%s: empty", name)
	}
	if trimmed[0] == '[' {
		var all []json.RawMessage
		if err := json.Unmarshal(trimmed, &all); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		return all, nil
	}
	var out []json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(trimmed))
	for n := 1; ; n++ {
		var raw json.RawMessage
		err := dec.Decode(&raw)
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: advisory %d: %w", name, n, err)
		}
		out = append(out, raw)
	}
}
