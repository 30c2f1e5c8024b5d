package main

import (
	"net/http"

	"github.com/sqreen-go/sqreen/platform/httpapi"
	"github.com/sqreen-go/sqreen/platform/playbook"
	"github.com/sqreen-go/sqreen/platform/server"
	"github.com/sqreen-go/sqreen/webui"
	"github.com/sqreen-go/sqreen/webui/storebackend"
)

// dashboardHandler builds the dashboard (webui, at "/") and the JSON API
// (platform/httpapi, under /api/v1/) over the store. Sessions live in the
// store, so every replica serves every signed-in user.
func dashboardHandler(d server.Deps) http.Handler {
	b := storebackend.New(d.Store, storebackend.Options{PlaybookChecker: playbook.Check})
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
