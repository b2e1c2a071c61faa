package inbound

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"toggl-attio-sync/internal/attio"
	"toggl-attio-sync/internal/attioschema"
	"toggl-attio-sync/internal/fieldmap"
	"toggl-attio-sync/internal/store"
	"toggl-attio-sync/internal/toggl"
	"toggl-attio-sync/internal/togglevent"
)

// cached reads a fresh Attio route into v; ok is false when absent, stale or invalidated.
func (a *apply) cached(ctx context.Context, r store.AttioRoute, v any) bool {
	data, ok, err := a.h.Store.AttioRouteData(ctx, a.conn.ID, r, a.now, a.h.cacheTTL())
	if err != nil || !ok {
		return false
	}
	return json.Unmarshal([]byte(data), v) == nil
}

// remember stores an Attio answer read during this job; a.now, when the job began, is
// before the read, so an invalidation during the read keeps the answer out.
func (a *apply) remember(ctx context.Context, r store.AttioRoute, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return a.h.Store.PutAttioRoute(ctx, a.conn.ID, r, string(b), a.now)
}

// names reads the local Toggl cache for the entry's project, client and user, so rendering
// needs no Toggl call. A miss (an object older than the subscription) is read from Toggl
// once and cached; the project is required (routing follows its client), the user's name
// is not.
func (a *apply) names(ctx context.Context, te *togglevent.TimeEntry) (*togglevent.Project, *togglevent.Client, *fieldmap.User, error) {
	var p *togglevent.Project
	var c *togglevent.Client
	if te.ProjectID != nil {
		project, err := a.cachedProject(ctx, *te.ProjectID, te.WorkspaceID)
		if err != nil {
			return nil, nil, nil, err
		}
		p = &project
		if p.ClientID != nil && *p.ClientID == 0 {
			p.ClientID = nil
		}
		if p.ClientID != nil {
			client, err := a.cachedClient(ctx, *p.ClientID, te.WorkspaceID)
			if err != nil {
				return nil, nil, nil, err
			}
			c = &client
		}
	}
	u := &fieldmap.User{ID: te.UserID}
	if row, err := a.cachedUser(ctx, te.UserID, te.WorkspaceID); err == nil {
		u.Name = row.Name
	}
	return p, c, u, nil
}

// cachedProject reads a project from the cache, or from Toggl on a miss and when the row
// predates cached facts (data_json "{}", written by older versions). When Toggl may answer
// later (429, 5xx, quota) the job is retried rather than written with defaults for the facts
// the old row lacks; when it cannot (no client, 403, 404) the old row still names and routes
// the entry, as before, and is read again next time.
func (a *apply) cachedProject(ctx context.Context, id, wid int64) (togglevent.Project, error) {
	row, err := a.cache(ctx, store.TogglProject, id)
	if err != nil && !isNoRows(err) {
		return togglevent.Project{}, err
	}
	old, complete := CachedProject(row, wid)
	if err == nil && complete {
		return old, nil
	}
	p, ferr := a.fetchProject(ctx, id, wid)
	switch {
	case ferr == nil:
		return p, nil
	case err == nil && !toggl.IsRetryable(ferr):
		return old, nil
	}
	return togglevent.Project{}, ferr
}

func (a *apply) fetchProject(ctx context.Context, id, wid int64) (togglevent.Project, error) {
	tc, err := a.toggl(ctx)
	if err != nil {
		return togglevent.Project{}, err
	}
	a.call("toggl GET project %d", id)
	tp, err := tc.GetProject(ctx, wid, id)
	if err != nil {
		return togglevent.Project{}, err
	}
	p := ProjectFromAPI(tp)
	data, err := projectData(p)
	if err != nil {
		return p, err
	}
	var clientID int64
	if p.ClientID != nil {
		clientID = *p.ClientID
	}
	// Toggl's "at", as an event would: an older event arriving later is then stale.
	return p, a.putToggl(ctx, store.TogglProject, id, clientID, p.Name, data, p.At)
}

// cachedClient reads a client as cachedProject reads a project.
func (a *apply) cachedClient(ctx context.Context, id, wid int64) (togglevent.Client, error) {
	row, err := a.cache(ctx, store.TogglClient, id)
	if err != nil && !isNoRows(err) {
		return togglevent.Client{}, err
	}
	old, complete := CachedClient(row, wid)
	if err == nil && complete {
		return old, nil
	}
	c, ferr := a.fetchClient(ctx, id, wid)
	switch {
	case ferr == nil:
		return c, nil
	case err == nil && !toggl.IsRetryable(ferr):
		return old, nil
	}
	return togglevent.Client{}, ferr
}

func (a *apply) fetchClient(ctx context.Context, id, wid int64) (togglevent.Client, error) {
	tc, err := a.toggl(ctx)
	if err != nil {
		return togglevent.Client{}, err
	}
	a.call("toggl GET client %d", id)
	tcl, err := tc.GetClient(ctx, wid, id)
	if err != nil {
		return togglevent.Client{}, err
	}
	c := ClientFromAPI(wid, tcl)
	data, err := clientData(c)
	if err != nil {
		return c, err
	}
	return c, a.putToggl(ctx, store.TogglClient, id, 0, c.Name, data, c.At)
}

// cachedUser reads a user's name from the cache, filling a miss with the workspace's users.
func (a *apply) cachedUser(ctx context.Context, id, wid int64) (store.TogglCache, error) {
	row, err := a.cache(ctx, store.TogglUser, id)
	if err == nil || !isNoRows(err) {
		return row, err
	}
	tc, ferr := a.toggl(ctx)
	if ferr != nil {
		return row, err
	}
	a.call("toggl GET workspace users")
	users, ferr := tc.WorkspaceUsers(ctx, wid)
	if ferr != nil {
		return row, ferr
	}
	for _, u := range users {
		// Users carry no "at"; 0 lets any later name replace this one.
		if err := a.putToggl(ctx, store.TogglUser, u.ID, 0, u.Fullname, "{}", time.Time{}); err != nil {
			return row, err
		}
	}
	return a.cache(ctx, store.TogglUser, id)
}

// toggl is the connection's Toggl client; without one (tests) a miss stays a miss.
func (a *apply) toggl(ctx context.Context) (*toggl.Client, error) {
	if a.h.Toggl == nil {
		return nil, sql.ErrNoRows
	}
	return a.h.Toggl(ctx, a.conn)
}

func (a *apply) putToggl(ctx context.Context, kind string, id, clientID int64, name, data string, at time.Time) error {
	var atMs int64
	if !at.IsZero() {
		atMs = at.UnixMilli()
	}
	return a.h.Store.UpsertTogglCache(ctx, store.UpsertTogglCacheParams{ConnectionID: a.conn.ID, Kind: kind, TogglID: id,
		Name: name, ClientID: clientID, DataJson: data, At: atMs})
}

func (a *apply) cache(ctx context.Context, kind string, id int64) (store.TogglCache, error) {
	return a.h.Store.GetTogglCache(ctx, store.GetTogglCacheParams{ConnectionID: a.conn.ID, Kind: kind, TogglID: id})
}

// firstText reads an attribute as text whatever its type: text, select/status title, number.
func firstText(vals attio.ValueMap, slug string) string { return attioschema.ValueText(vals, slug) }

func firstRef(vals attio.ValueMap, slug string) string {
	for _, v := range vals.Active(slug) {
		if r, ok := v.RecordRef(); ok {
			return r.RecordID
		}
	}
	return ""
}

func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }
