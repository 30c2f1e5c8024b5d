package osv

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path"
	"sort"
	"strings"
)

// Advisory is one OSV entry, reduced to what matching needs.
type Advisory struct {
	ID       string     `json:"id"`
	Summary  string     `json:"summary"`
	Aliases  []string   `json:"aliases"`
	Affected []affected `json:"affected"`
}

type affected struct {
	Package struct {
		Ecosystem string `json:"ecosystem"`
		Name      string `json:"name"`
	} `json:"package"`
	Ranges []struct {
		Type   string `json:"type"`
		Events []struct {
			Introduced   string `json:"introduced"`
			Fixed        string `json:"fixed"`
			LastAffected string `json:"last_affected"`
		} `json:"events"`
	} `json:"ranges"`
}

// interval is [introduced, fixed) or [introduced, lastAffected]; a zero
// bound is open.
type interval struct {
	introduced   *version
	fixed        *version
	lastAffected *version
	fixedText    string
}

// Database is the advisories of an export, indexed by module path. It is
// immutable once loaded and safe for concurrent use.
type Database struct {
	byModule map[string][]entry
	// Skipped counts entries of other ecosystems or unusable ranges.
	Skipped int
}

type entry struct {
	id, summary string
	ranges      []interval
}

// Finding is one advisory affecting one module version.
type Finding struct {
	ID      string // OSV id, e.g. GO-2024-2687
	Summary string
	Module  string
	Version string // the version in use
	Fixed   string // the first fixed version above it, "v" prefixed; "" if none
}

// Load reads an OSV export. name is used in errors (a file name).
func Load(name string, data []byte) (*Database, error) {
	db := &Database{byModule: map[string][]entry{}}
	if bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		for _, f := range zr.File {
			if path.Ext(f.Name) != ".json" {
				continue
			}
			rc, err := f.Open()
			if err != nil {
				return nil, fmt.Errorf("%s: %s: %w", name, f.Name, err)
			}
			b, err := io.ReadAll(io.LimitReader(rc, 16<<20))
			rc.Close()
			if err != nil {
				return nil, fmt.Errorf("%s: %s: %w", name, f.Name, err)
			}
			if err := db.addJSON(name+":"+f.Name, b); err != nil {
				return nil, err
			}
		}
		return db, nil
	}
	return db, db.addJSON(name, data)
}

// addJSON reads one object, an array of objects, or JSON lines.
func (db *Database) addJSON(name string, data []byte) error {
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 {
		return fmt.Errorf("%s: empty", name)
	}
	if trimmed[0] == '[' {
		var all []Advisory
		if err := json.Unmarshal(trimmed, &all); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		for i := range all {
			db.add(all[i])
		}
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(trimmed))
	for n := 1; ; n++ {
		var a Advisory
		err := dec.Decode(&a)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: advisory %d: %w", name, n, err)
		}
		if a.ID == "" {
			return fmt.Errorf("%s: advisory %d: no id", name, n)
		}
		db.add(a)
	}
}

func (db *Database) add(a Advisory) {
	for _, af := range a.Affected {
		if af.Package.Ecosystem != "Go" || af.Package.Name == "" {
			db.Skipped++
			continue
		}
		e := entry{id: a.ID, summary: a.Summary}
		for _, r := range af.Ranges {
			if r.Type != "SEMVER" {
				db.Skipped++
				continue
			}
			var cur *interval
			for _, ev := range r.Events {
				switch {
				case ev.Introduced != "":
					if cur != nil {
						e.ranges = append(e.ranges, *cur)
					}
					cur = &interval{}
					if ev.Introduced != "0" {
						v, err := parseVersion(ev.Introduced)
						if err != nil {
							db.Skipped++
							cur = nil
							continue
						}
						cur.introduced = &v
					}
				case cur != nil && ev.Fixed != "":
					if v, err := parseVersion(ev.Fixed); err == nil {
						cur.fixed, cur.fixedText = &v, "v"+strings.TrimPrefix(ev.Fixed, "v")
					}
					e.ranges = append(e.ranges, *cur)
					cur = nil
				case cur != nil && ev.LastAffected != "":
					if v, err := parseVersion(ev.LastAffected); err == nil {
						cur.lastAffected = &v
					}
					e.ranges = append(e.ranges, *cur)
					cur = nil
				}
			}
			if cur != nil {
				e.ranges = append(e.ranges, *cur)
			}
		}
		if len(e.ranges) > 0 {
			db.byModule[af.Package.Name] = append(db.byModule[af.Package.Name], e)
		}
	}
}

// Len returns the number of module entries indexed.
func (db *Database) Len() int {
	n := 0
	for _, es := range db.byModule {
		n += len(es)
	}
	return n
}

// Match returns the advisories affecting module at version, by id. An
// unparsable version (a local replace, "(devel)") matches nothing.
func (db *Database) Match(module, ver string) []Finding {
	if db == nil {
		return nil
	}
	v, err := parseVersion(ver)
	if err != nil {
		return nil
	}
	var out []Finding
	for _, e := range db.byModule[module] {
		for _, r := range e.ranges {
			if r.introduced != nil && compare(v, *r.introduced) < 0 {
				continue
			}
			if r.fixed != nil && compare(v, *r.fixed) >= 0 {
				continue
			}
			if r.lastAffected != nil && compare(v, *r.lastAffected) > 0 {
				continue
			}
			out = append(out, Finding{ID: e.id, Summary: e.summary, Module: module, Version: ver, Fixed: r.fixedText})
			break
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}
