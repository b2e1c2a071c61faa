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
// needs no Toggl call. A name not cached yet renders empty and is filled by the next event.
func (a *apply) names(ctx context.Context, te *togglevent.TimeEntry) (*togglevent.Project, *togglevent.Client, *fieldmap.User) {
	var p *togglevent.Project
	var c *togglevent.Client
	if te.ProjectID != nil {
		if row, err := a.cache(ctx, "project", *te.ProjectID); err == nil {
			p = &togglevent.Project{ID: *te.ProjectID, WorkspaceID: te.WorkspaceID, Name: row.Name}
			if row.ClientID != 0 {
				cid := row.ClientID
				p.ClientID = &cid
				if crow, err := a.cache(ctx, "client", cid); err == nil {
					c = &togglevent.Client{ID: cid, WorkspaceID: te.WorkspaceID, Name: crow.Name}
				} else {
					c = &togglevent.Client{ID: cid, WorkspaceID: te.WorkspaceID}
				}
			}
		} else {
			p = &togglevent.Project{ID: *te.ProjectID, WorkspaceID: te.WorkspaceID}
		}
	}
	u := &fieldmap.User{ID: te.UserID}
	if row, err := a.cache(ctx, "user", te.UserID); err == nil {
		u.Name = row.Name
	}
	return p, c, u
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
