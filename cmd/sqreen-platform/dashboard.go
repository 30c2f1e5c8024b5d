package main

import (
	"net/http"
	"os"

	"github.com/sqreen-go/sqreen/platform/httpapi"
	"github.com/sqreen-go/sqreen/platform/playbook"
	"github.com/sqreen-go/sqreen/platform/server"
	"github.com/sqreen-go/sqreen/webui"
	"github.com/sqreen-go/sqreen/webui/osv"
	"github.com/sqreen-go/sqreen/webui/storebackend"
)

// osvEnv names an OSV export (JSON, JSON lines or zip, e.g. the Go
// vulnerability database's) that the apps' dependencies are matched
// against. It is the alternative to `vulns import` (advisories in the
// database, seen by every replica): when set, it is used instead.
const osvEnv = "SQREEN_PLATFORM_OSV"

// dashboardHandler builds the dashboard (webui, at "/") and the JSON API
// (platform/httpapi, under /api/v1/) over the store. Sessions live in the
// store, so every replica serves every signed-in user.
func dashboardHandler(d server.Deps) http.Handler {
	b := storebackend.New(d.Store, storebackend.Options{PlaybookChecker: playbook.Check})
	if file := os.Getenv(osvEnv); file != "" {
		data, err := os.ReadFile(file)
		var db *osv.Database
		if err == nil {
			db, err = osv.Load(file, data)
		}
		if err != nil {
			d.Logger.Error("vulnerable dependencies not shown", "env", osvEnv, "err", err)
		} else {
			b.SetAdvisories(db)
			d.Logger.Info("OSV advisories loaded", "file", file, "entries", db.Len(), "skipped", db.Skipped)
		}
	}
	ui, err := webui.New(b, webui.Options{Logger: d.Logger})
	if err != nil {
		d.Logger.Error("dashboard disabled", "err", err)
		return nil
	}
	api, err := httpapi.New(b, httpapi.Options{Logger: d.Logger})
	if err != nil {
		d.Logger.Error("JSON API disabled", "err", err)
		return nil
	}
	mux := http.NewServeMux()
	mux.Handle("/api/v1/", api)
	mux.Handle("/", ui)
	return mux
}
