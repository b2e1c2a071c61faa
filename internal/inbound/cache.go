package inbound

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strconv"

	"toggl-attio-sync/db"
	"toggl-attio-sync/internal/attio"
	"toggl-attio-sync/internal/fieldmap"
	"toggl-attio-sync/internal/togglevent"
)

// cached reads a fresh Attio cache entry into v; ok is false when absent or stale.
func (a *apply) cached(ctx context.Context, key string, v any) bool {
	row, err := a.h.Store.RQ.GetAttioCache(ctx, db.GetAttioCacheParams{ConnectionID: a.conn.ID, CacheKey: key})
	if err != nil || a.now.Sub(timeMs(row.FetchedAt)) > a.h.cacheTTL() {
		return false
	}
	if !a.clearedLoaded {
		a.clearedAt, _ = a.h.Store.AttioCacheClearedAt(ctx, a.conn.ID)
		a.clearedLoaded = true
	}
	if !timeMs(row.FetchedAt).After(a.clearedAt) {
		return false // fetched before the last clear, stored after it
	}
	return json.Unmarshal([]byte(row.DataJson), v) == nil
}

func (a *apply) remember(ctx context.Context, key string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return a.h.Store.Q.PutAttioCache(ctx, db.PutAttioCacheParams{ConnectionID: a.conn.ID, CacheKey: key, DataJson: string(b), FetchedAt: a.now.UnixMilli()})
}

// names reads the local Toggl cache for the entry's project, client and user, so rendering
// needs no Toggl call. A miss (an object older than the subscription) is read from Toggl
// once and cached; the project is required (routing follows its client), the user's name
// is not.
func (a *apply) names(ctx context.Context, te *togglevent.TimeEntry) (*togglevent.Project, *togglevent.Client, *fieldmap.User, error) {
	var p *togglevent.Project
	var c *togglevent.Client
	if te.ProjectID != nil {
		row, err := a.cachedOrFetch(ctx, "project", *te.ProjectID, te.WorkspaceID)
		if err != nil {
			return nil, nil, nil, err
		}
		p = &togglevent.Project{ID: *te.ProjectID, WorkspaceID: te.WorkspaceID, Name: row.Name}
		if row.ClientID != 0 {
			cid := row.ClientID
			p.ClientID = &cid
			crow, err := a.cachedOrFetch(ctx, "client", cid, te.WorkspaceID)
			if err != nil {
				return nil, nil, nil, err
			}
			c = &togglevent.Client{ID: cid, WorkspaceID: te.WorkspaceID, Name: crow.Name}
		}
	}
	u := &fieldmap.User{ID: te.UserID}
	if row, err := a.cachedOrFetch(ctx, "user", te.UserID, te.WorkspaceID); err == nil {
		u.Name = row.Name
	}
	return p, c, u, nil
}

// cachedOrFetch reads the Toggl cache, filling a miss from the Toggl API.
func (a *apply) cachedOrFetch(ctx context.Context, kind string, id, wid int64) (db.TogglCache, error) {
	row, err := a.cache(ctx, kind, id)
	if err == nil || !isNoRows(err) || a.h.Toggl == nil {
		return row, err
	}
	tc, err := a.h.Toggl(ctx, a.conn)
	if err != nil {
		return row, err
	}
	put := func(tid, clientID int64, name string) error {
		return a.h.Store.Q.UpsertTogglCache(ctx, db.UpsertTogglCacheParams{ConnectionID: a.conn.ID, Kind: kind, TogglID: tid, Name: name, ClientID: clientID, DataJson: "{}"})
	}
	switch kind {
	case "project":
		a.call("toggl GET project %d", id)
		p, err := tc.GetProject(ctx, wid, id)
		if err != nil {
			return row, err
		}
		var cid int64
		if p.ClientID != nil {
			cid = *p.ClientID
		}
		if err := put(id, cid, p.Name); err != nil {
			return row, err
		}
	case "client":
		a.call("toggl GET client %d", id)
		c, err := tc.GetClient(ctx, wid, id)
		if err != nil {
			return row, err
		}
		if err := put(id, 0, c.Name); err != nil {
			return row, err
		}
	case "user":
		a.call("toggl GET workspace users")
		users, err := tc.WorkspaceUsers(ctx, wid)
		if err != nil {
			return row, err
		}
		for _, u := range users {
			if err := put(u.ID, 0, u.Fullname); err != nil {
				return row, err
			}
		}
	}
	return a.cache(ctx, kind, id)
}

func (a *apply) cache(ctx context.Context, kind string, id int64) (db.TogglCache, error) {
	return a.h.Store.RQ.GetTogglCache(ctx, db.GetTogglCacheParams{ConnectionID: a.conn.ID, Kind: kind, TogglID: id})
}

// firstText reads an attribute as text whatever its type: text, select/status title, number.
func firstText(vals attio.ValueMap, slug string) string {
	for _, v := range vals.Active(slug) {
		if s, ok := v.Text(); ok {
			return s
		}
		if s, ok := v.SelectTitle(); ok {
			return s
		}
		if s, ok := v.StatusTitle(); ok {
			return s
		}
		if f, ok := v.Number(); ok {
			return strconv.FormatFloat(f, 'f', -1, 64)
		}
	}
	return ""
}

func firstRef(vals attio.ValueMap, slug string) string {
	for _, v := range vals.Active(slug) {
		if r, ok := v.RecordRef(); ok {
			return r.RecordID
		}
	}
	return ""
}

func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }
