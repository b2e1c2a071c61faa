package web

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/fieldmap"
	"toggl-attio-sync/internal/inbound"
	"toggl-attio-sync/internal/store"
	"toggl-attio-sync/internal/togglevent"
	"toggl-attio-sync/views"
)

// mapPreview renders the newest real delivery of the map's model through m, with names from
// the local Toggl cache as the worker would use them. It reads only the database.
func (h *console) mapPreview(ctx context.Context, conn *connection.Connection, k mapKind, m fieldmap.Map) *views.MapPreview {
	job, err := h.Store.ConsoleLatestJobOfKinds(ctx, store.ConsoleLatestJobOfKindsParams{ConnectionID: conn.ID, Model: k.Key})
	if errors.Is(err, sql.ErrNoRows) {
		return &views.MapPreview{Error: "No " + strings.ReplaceAll(k.Key, "_", " ") + " delivery has been received yet, so there is nothing to preview."}
	}
	if err != nil {
		return &views.MapPreview{Error: "Could not read the inbox: " + err.Error()}
	}
	p := &views.MapPreview{Event: fmt.Sprintf("Delivery #%d: %s %s, received %s", job.ID, job.EntityKey, job.Kind, views.FmtMs(job.ReceivedAt))}
	ev, err := togglevent.Parse(job.Body)
	if err != nil {
		p.Error = "The stored delivery does not parse: " + err.Error()
		return p
	}
	src := fieldmap.Source{TimeEntry: ev.TimeEntry, Project: ev.Project, Client: ev.Client, Now: h.Now()}
	if te := ev.TimeEntry; te != nil {
		src.Project, src.Client, src.User = h.cachedNames(ctx, conn.ID, te)
	}
	rendered, err := fieldmap.Render(m, src)
	if err != nil {
		p.Error = "This map cannot render that delivery: " + err.Error()
		return p
	}
	for _, f := range m {
		p.Rows = append(p.Rows, views.PreviewRow{Target: f.Target, Type: f.Type, Value: previewValue(rendered[f.Target])})
	}
	return p
}

// cachedNames reads the entry's project, client and user from the local Toggl cache, as the
// worker renders them (inbound.CachedProject); what the cache lacks stays nil, so the preview
// shows the ids only. A row from an older version holds names only: the worker reads such a
// project from Toggl before writing, the preview (database only) shows the names.
func (h *console) cachedNames(ctx context.Context, connID int64, te *togglevent.TimeEntry) (*togglevent.Project, *togglevent.Client, *fieldmap.User) {
	get := func(kind string, id int64) (store.TogglCache, bool) {
		row, err := h.Store.GetTogglCache(ctx, store.GetTogglCacheParams{ConnectionID: connID, Kind: kind, TogglID: id})
		return row, err == nil
	}
	var p *togglevent.Project
	var c *togglevent.Client
	if te.ProjectID != nil {
		p = &togglevent.Project{ID: *te.ProjectID, WorkspaceID: te.WorkspaceID}
		if row, ok := get("project", *te.ProjectID); ok {
			*p, _ = inbound.CachedProject(row, te.WorkspaceID)
			if p.ClientID != nil && *p.ClientID == 0 {
				p.ClientID = nil
			}
			if p.ClientID != nil {
				c = &togglevent.Client{ID: *p.ClientID, WorkspaceID: te.WorkspaceID}
				if crow, ok := get("client", *p.ClientID); ok {
					*c, _ = inbound.CachedClient(crow, te.WorkspaceID)
				}
			}
		}
	}
	u := &fieldmap.User{ID: te.UserID}
	if row, ok := get("user", te.UserID); ok {
		u.Name = row.Name
	}
	return p, c, u
}

// previewValue shows rendered values as text; the page escapes them.
func previewValue(vals []any) string {
	if len(vals) == 0 {
		return "(no value: clears the attribute)"
	}
	parts := make([]string, len(vals))
	for i, v := range vals {
		switch x := v.(type) {
		case string:
			parts[i] = x
		case float64:
			parts[i] = strconv.FormatFloat(x, 'f', -1, 64)
		case int64:
			parts[i] = strconv.FormatInt(x, 10)
		case bool:
			parts[i] = strconv.FormatBool(x)
		case time.Time:
			parts[i] = fieldmap.Timestamp(x)
		default:
			parts[i] = fmt.Sprint(x)
		}
	}
	return strings.Join(parts, ", ")
}

// sortedKeys lists a map's keys in order (for stable pages).
func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
