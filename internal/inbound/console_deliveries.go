package inbound

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/fieldmap"
	"toggl-attio-sync/internal/store"
	"toggl-attio-sync/internal/togglevent"
)

// The console's reads of stored deliveries: the field map preview renders the newest one
// through a map, the simulator routes a recent or pasted time entry. Both see names as the
// worker does, from the local Toggl cache; neither calls Toggl.

// cachedNames reads the entry's project, client and user from the local Toggl cache, as the
// worker renders them (CachedProject); what the cache lacks stays nil, so the preview shows
// the ids only. A row from an older version holds names only: the worker reads such a project
// from Toggl before writing, the preview (database only) shows the names.
func cachedNames(ctx context.Context, st *store.Store, connID int64, te *togglevent.TimeEntry) (*togglevent.Project, *togglevent.Client, *fieldmap.User) {
	get := func(kind string, id int64) (store.TogglCache, bool) {
		row, err := st.GetTogglCache(ctx, store.GetTogglCacheParams{ConnectionID: connID, Kind: kind, TogglID: id})
		return row, err == nil
	}
	var p *togglevent.Project
	var c *togglevent.Client
	if te.ProjectID != nil {
		p = &togglevent.Project{ID: *te.ProjectID, WorkspaceID: te.WorkspaceID}
		if row, ok := get("project", *te.ProjectID); ok {
			*p, _ = CachedProject(row, te.WorkspaceID)
			if p.ClientID != nil && *p.ClientID == 0 {
				p.ClientID = nil
			}
			if p.ClientID != nil {
				c = &togglevent.Client{ID: *p.ClientID, WorkspaceID: te.WorkspaceID}
				if crow, ok := get("client", *p.ClientID); ok {
					*c, _ = CachedClient(crow, te.WorkspaceID)
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

// Preview is the newest real delivery of a map's model rendered through a map.
type Preview struct {
	JobID           int64 // 0 when there is no delivery to show
	EntityKey, Kind string
	ReceivedAt      int64 // unix ms
	Rows            []PreviewRow
	Error           string // no delivery, or the map cannot render it
}

// PreviewRow is one attribute the preview would write, its values as text.
type PreviewRow struct {
	Target, Type, Value string
}

// preview renders the newest delivery of model through m, with names from the local Toggl
// cache as the worker would use them. It reads only the database.
func preview(ctx context.Context, st *store.Store, connID int64, model string, m fieldmap.Map, now time.Time) *Preview {
	job, err := st.ConsoleLatestJobOfKinds(ctx, store.ConsoleLatestJobOfKindsParams{ConnectionID: connID, Model: model})
	if errors.Is(err, sql.ErrNoRows) {
		return &Preview{Error: "No " + strings.ReplaceAll(model, "_", " ") + " delivery has been received yet, so there is nothing to preview."}
	}
	if err != nil {
		return &Preview{Error: "Could not read the inbox: " + err.Error()}
	}
	p := &Preview{JobID: job.ID, EntityKey: job.EntityKey, Kind: job.Kind, ReceivedAt: job.ReceivedAt}
	ev, err := togglevent.Parse(job.Body)
	if err != nil {
		p.Error = "The stored delivery does not parse: " + err.Error()
		return p
	}
	src := fieldmap.Source{TimeEntry: ev.TimeEntry, Project: ev.Project, Client: ev.Client, Now: now}
	if te := ev.TimeEntry; te != nil {
		src.Project, src.Client, src.User = cachedNames(ctx, st, connID, te)
	}
	rendered, err := fieldmap.Render(m, src)
	if err != nil {
		p.Error = "This map cannot render that delivery: " + err.Error()
		return p
	}
	for _, f := range m {
		p.Rows = append(p.Rows, PreviewRow{Target: f.Target, Type: f.Type, Value: fieldmap.Display(rendered[f.Target])})
	}
	return p
}

// RecentEntry is a recently delivered time entry the simulator can route.
type RecentEntry struct {
	JobID, EntryID int64
	Description    string // "(no description)" when it has none
	Project        string // "no project", `project 7 "Website"`, or the id only when the cache lacks it
	ReceivedAt     int64  // unix ms
}

// recentEntries lists the newest delivered time entries (at most n); a read failure lists none.
func recentEntries(ctx context.Context, st *store.Store, connID int64, n int) []RecentEntry {
	jobs, err := st.ConsoleRecentTimeEntries(ctx, store.ConsoleRecentTimeEntriesParams{ConnectionID: connID, Lim: int64(n)})
	if err != nil {
		return nil
	}
	var out []RecentEntry
	for _, j := range jobs {
		ev, err := togglevent.Parse(j.Body)
		if err != nil || ev.TimeEntry == nil {
			continue
		}
		te := ev.TimeEntry
		e := RecentEntry{JobID: j.ID, EntryID: te.ID, Description: "(no description)", Project: "no project", ReceivedAt: j.ReceivedAt}
		if te.Description != nil && *te.Description != "" {
			e.Description = *te.Description
		}
		if p, _, _ := cachedNames(ctx, st, connID, te); p != nil {
			e.Project = "project " + strconv.FormatInt(p.ID, 10)
			if p.Name != "" {
				e.Project += " " + strconv.Quote(p.Name)
			}
		}
		out = append(out, e)
	}
	return out
}

// MaxPasteBytes bounds a pasted time entry.
const MaxPasteBytes = 64 << 10

// SimInput is the time entry a simulation routes and where it came from.
type SimInput struct {
	Entry      *togglevent.TimeEntry
	JobID      int64 // the recent delivery it came from; 0 when pasted
	ReceivedAt int64 // that delivery's, unix ms
}

// simulationInput picks the time entry to route: a pasted one wins over a chosen recent
// delivery. problem says why there is none.
func simulationInput(ctx context.Context, st *store.Store, conn *connection.Connection, jobID int64, paste string) (in SimInput, problem string) {
	if strings.TrimSpace(paste) != "" {
		if len(paste) > MaxPasteBytes {
			return in, fmt.Sprintf("The pasted text is longer than %d KiB.", MaxPasteBytes>>10)
		}
		te, err := PastedTimeEntry(paste, conn.TogglWorkspaceID)
		if err != nil {
			return in, "This cannot be routed: " + err.Error()
		}
		return SimInput{Entry: te}, ""
	}
	if jobID == 0 {
		return in, "Choose a recent time entry or paste one."
	}
	job, err := st.ConsoleGetInboxInConnection(ctx, store.ConsoleGetInboxInConnectionParams{ID: jobID, ConnectionID: conn.ID})
	if errors.Is(err, sql.ErrNoRows) {
		return in, "That delivery is no longer kept; choose another."
	}
	if err != nil {
		return in, err.Error()
	}
	ev, err := togglevent.Parse(job.Body)
	if err != nil || ev.TimeEntry == nil {
		return in, "That delivery is not a time entry."
	}
	return SimInput{Entry: ev.TimeEntry, JobID: job.ID, ReceivedAt: job.ReceivedAt}, ""
}

// PastedTimeEntry reads a pasted Toggl webhook body, or a bare time entry wrapped as one (in
// workspace wid when it names none).
func PastedTimeEntry(paste string, wid int64) (*togglevent.TimeEntry, error) {
	body := []byte(strings.TrimSpace(paste))
	ev, err := togglevent.Parse(body)
	if err != nil {
		var probe struct {
			Metadata    json.RawMessage `json:"metadata"`
			WorkspaceID *int64          `json:"workspace_id"`
			WID         *int64          `json:"wid"`
		}
		if json.Unmarshal(body, &probe) != nil {
			return nil, fmt.Errorf("this is not JSON: paste a Toggl webhook body or a time entry object")
		}
		if probe.Metadata != nil {
			return nil, err
		}
		meta := map[string]string{"model": togglevent.ModelTimeEntry, "action": togglevent.ActionUpdated}
		if probe.WorkspaceID == nil && probe.WID == nil {
			meta["workspace_id"] = strconv.FormatInt(wid, 10)
		}
		wrapped, _ := json.Marshal(map[string]any{"event_id": 0, "created_at": "2000-01-01T00:00:00Z", "subscription_id": 1,
			"metadata": meta, "payload": json.RawMessage(body)})
		if ev, err = togglevent.Parse(wrapped); err != nil {
			return nil, err
		}
	}
	if ev.TimeEntry == nil {
		model := ev.Model
		if model == "" {
			model = "ping"
		}
		return nil, fmt.Errorf("this is a %s event; the simulator routes time entries", model)
	}
	return ev.TimeEntry, nil
}
