package httpapi

import (
	"net/http"

	"github.com/sqreen-go/sqreen/webui/backend"
)

func (a *API) apps(w http.ResponseWriter, r *http.Request, _ backend.User) error {
	apps, err := a.b.ListApps(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(apps, len(apps), backend.Page{Limit: len(apps)}))
	return nil
}

func (a *API) app(w http.ResponseWriter, r *http.Request, _ backend.User) error {
	app, err := a.b.GetApp(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, app)
	return nil
}

// appList answers one of an app's lists, after checking that the app exists
// (an unknown app is a 404, not an empty list).
func appList[T any](a *API, w http.ResponseWriter, r *http.Request, get func(appID string) ([]T, error)) error {
	app, err := a.b.GetApp(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	items, err := get(app.ID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(items, len(items), backend.Page{Limit: len(items)}))
	return nil
}

func (a *API) instances(w http.ResponseWriter, r *http.Request, _ backend.User) error {
	return appList(a, w, r, func(id string) ([]backend.Instance, error) { return a.b.ListInstances(r.Context(), id) })
}

func (a *API) inventory(w http.ResponseWriter, r *http.Request, _ backend.User) error {
	return appList(a, w, r, func(id string) ([]backend.Site, error) { return a.b.Inventory(r.Context(), id) })
}

func (a *API) dependencyVulns(w http.ResponseWriter, r *http.Request, _ backend.User) error {
	return appList(a, w, r, func(id string) ([]backend.DependencyVuln, error) { return a.b.DependencyVulns(r.Context(), id) })
}

func (a *API) settings(w http.ResponseWriter, r *http.Request, _ backend.User) error {
	st, err := a.b.GetSettings(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, st)
	return nil
}

func (a *API) saveSettings(w http.ResponseWriter, r *http.Request, u backend.User) error {
	var st backend.Settings
	if err := decode(w, r, &st); err != nil {
		return err
	}
	id := r.PathValue("id")
	if st.AppID != "" && st.AppID != id {
		return backend.Invalid("app_id", "%q differs from the app of the URL %q", st.AppID, id)
	}
	st.AppID = id
	saved, err := a.b.SaveSettings(r.Context(), st, actor(u))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, saved)
	return nil
}
