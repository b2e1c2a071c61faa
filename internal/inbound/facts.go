package inbound

import (
	"encoding/json"
	"time"

	"toggl-attio-sync/internal/store"
	"toggl-attio-sync/internal/toggl"
	"toggl-attio-sync/internal/togglevent"
)

// The Toggl cache keeps the whole project and client, as the field maps render them, in
// toggl_cache.data_json; the name and client_id columns are what routing reads. Every path that
// fills the cache (project and client events, the API read of a miss, a resync) stores the same
// entity, and a time entry's map renders it as the project map does (time
// entries got "archived", false and "" for an active project's status, active and color when
// the cache held the name only).
//
// A user's only facts are its name (fieldmap.User), which the name column holds.

// ProjectFromAPI turns a project read from the Toggl API into the entity a project event
// carries, so both render (and hash) alike.
func ProjectFromAPI(p toggl.Project) togglevent.Project {
	out := togglevent.Project{
		ID: p.ID, WorkspaceID: p.WorkspaceID, ClientID: p.ClientID, Name: p.Name, Active: p.Active,
		Status: p.Status, IsPrivate: p.IsPrivate, Billable: p.Billable, Color: p.Color, At: p.At.UTC(),
	}
	if !p.ServerDeletedAt.IsZero() {
		out.ServerDeletedAt, out.Deleted = utcPtr(p.ServerDeletedAt.Time), true
	}
	return out
}

// ClientFromAPI turns a client read from the Toggl API into the entity a client event carries;
// wid fills a missing workspace id.
func ClientFromAPI(wid int64, c toggl.ClientEntity) togglevent.Client {
	out := togglevent.Client{ID: c.ID, WorkspaceID: c.WorkspaceID, Name: c.Name, Archived: c.Archived, At: c.At.UTC()}
	if out.WorkspaceID == 0 {
		out.WorkspaceID = wid
	}
	if c.Notes != "" {
		notes := c.Notes
		out.Notes = &notes
	}
	if !c.ServerDeletedAt.IsZero() {
		out.ServerDeletedAt, out.Deleted = utcPtr(c.ServerDeletedAt.Time), true
	}
	return out
}

// projectFacts is the stored form of a project: Toggl's v9 field names, plus the deletion
// flag of a "deleted" event that carried no server_deleted_at.
type projectFacts struct {
	ID              int64      `json:"id"`
	WorkspaceID     int64      `json:"workspace_id"`
	ClientID        *int64     `json:"client_id"`
	Name            string     `json:"name"`
	Active          bool       `json:"active"`
	Status          string     `json:"status"`
	IsPrivate       bool       `json:"is_private"`
	Billable        *bool      `json:"billable"`
	Color           string     `json:"color"`
	At              time.Time  `json:"at"`
	ServerDeletedAt *time.Time `json:"server_deleted_at"`
	Deleted         bool       `json:"deleted"`
}

// clientFacts is the stored form of a client (Toggl's v9 field names, as projectFacts).
type clientFacts struct {
	ID              int64      `json:"id"`
	WorkspaceID     int64      `json:"wid"`
	Name            string     `json:"name"`
	Archived        bool       `json:"archived"`
	Notes           *string    `json:"notes"`
	At              time.Time  `json:"at"`
	ServerDeletedAt *time.Time `json:"server_deleted_at"`
	Deleted         bool       `json:"deleted"`
}

// projectData is the data_json of a project.
func projectData(p togglevent.Project) (string, error) {
	b, err := json.Marshal(projectFacts(p))
	return string(b), err
}

// clientData is the data_json of a client.
func clientData(c togglevent.Client) (string, error) {
	b, err := json.Marshal(clientFacts(c))
	return string(b), err
}

// CachedProject reads a project cache row. complete is false for a row written before the
// cache kept facts (data_json "{}"): the project then carries only its name and client, and
// the caller should read it from Toggl again.
func CachedProject(row store.TogglCache, wid int64) (p togglevent.Project, complete bool) {
	var f projectFacts
	if json.Unmarshal([]byte(row.DataJson), &f) == nil && f.ID == row.TogglID {
		return togglevent.Project(f), true
	}
	p = togglevent.Project{ID: row.TogglID, WorkspaceID: wid, Name: row.Name}
	if row.ClientID != 0 {
		cid := row.ClientID
		p.ClientID = &cid
	}
	return p, false
}

// CachedClient reads a client cache row, as CachedProject.
func CachedClient(row store.TogglCache, wid int64) (c togglevent.Client, complete bool) {
	var f clientFacts
	if json.Unmarshal([]byte(row.DataJson), &f) == nil && f.ID == row.TogglID {
		return togglevent.Client(f), true
	}
	return togglevent.Client{ID: row.TogglID, WorkspaceID: wid, Name: row.Name}, false
}

func utcPtr(t time.Time) *time.Time {
	t = t.UTC()
	return &t
}
