package inbound

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/secrets"
	"toggl-attio-sync/internal/store"
	"toggl-attio-sync/internal/toggl"
	"toggl-attio-sync/internal/togglevent"
)

// What is stored for a project or client reads back as the same entity, every field of it.
func TestCachedFactsRoundTrip(t *testing.T) {
	at := time.Date(2026, 11, 2, 9, 30, 15, 0, time.UTC)
	cid, billable, notes := int64(61000001), true, "Key account"
	projects := []togglevent.Project{
		{ID: 20300001, WorkspaceID: 7435584, ClientID: &cid, Name: "Website Redesign", Active: true, Status: "active",
			IsPrivate: true, Billable: &billable, Color: "#0b83d9", At: at},
		{ID: 20300002, WorkspaceID: 7435584, Name: "Gone", Status: "deleted", At: at, ServerDeletedAt: &at, Deleted: true},
		{ID: 20300003, WorkspaceID: 7435584, Name: "Deleted by action only", Deleted: true},
	}
	for _, p := range projects {
		data, err := projectData(p)
		if err != nil {
			t.Fatal(err)
		}
		got, complete := CachedProject(store.TogglCache{Kind: "project", TogglID: p.ID, Name: p.Name, DataJson: data}, 1)
		if !complete || !reflect.DeepEqual(got, p) {
			t.Errorf("project read back as %+v (complete %v), stored %+v", got, complete, p)
		}
	}
	clients := []togglevent.Client{
		{ID: cid, WorkspaceID: 7435584, Name: "Globex", Archived: true, Notes: &notes, At: at},
		{ID: 61000002, WorkspaceID: 7435584, Name: "Initech", At: at, ServerDeletedAt: &at, Deleted: true},
	}
	for _, c := range clients {
		data, err := clientData(c)
		if err != nil {
			t.Fatal(err)
		}
		got, complete := CachedClient(store.TogglCache{Kind: "client", TogglID: c.ID, Name: c.Name, DataJson: data}, 1)
		if !complete || !reflect.DeepEqual(got, c) {
			t.Errorf("client read back as %+v (complete %v), stored %+v", got, complete, c)
		}
	}
}

// A row of an older version ("{}") or of another object is not taken for facts.
func TestCachedFactsIncomplete(t *testing.T) {
	p, complete := CachedProject(store.TogglCache{TogglID: 5, Name: "Old", ClientID: 9, DataJson: "{}"}, 77)
	if complete || p.ID != 5 || p.WorkspaceID != 77 || p.Name != "Old" || p.ClientID == nil || *p.ClientID != 9 {
		t.Fatalf("old project row: %+v, complete %v", p, complete)
	}
	if _, complete := CachedProject(store.TogglCache{TogglID: 5, DataJson: `{"id":6,"name":"Other"}`}, 77); complete {
		t.Fatal("facts of project 6 taken for project 5")
	}
	c, complete := CachedClient(store.TogglCache{TogglID: 9, Name: "Old client", DataJson: "{}"}, 77)
	if complete || c.ID != 9 || c.Name != "Old client" {
		t.Fatalf("old client row: %+v, complete %v", c, complete)
	}
}

// The API conversion keeps what the API says about deletion and notes.
func TestFromAPI(t *testing.T) {
	at := time.Date(2026, 11, 2, 9, 30, 15, 0, time.FixedZone("x", 3600))
	p := ProjectFromAPI(toggl.Project{ID: 1, WorkspaceID: 2, Name: "P", Active: false, Status: "archived", Color: "#e36a00",
		At: toggl.Time{Time: at}, ServerDeletedAt: toggl.Time{Time: at}})
	if !p.Deleted || p.ServerDeletedAt == nil || p.At.Location() != time.UTC || p.Color != "#e36a00" || p.Status != "archived" {
		t.Fatalf("project: %+v", p)
	}
	c := ClientFromAPI(7, toggl.ClientEntity{ID: 3, Name: "C", Notes: "n", At: toggl.Time{Time: at}})
	if c.WorkspaceID != 7 || c.Notes == nil || *c.Notes != "n" || c.Deleted {
		t.Fatalf("client: %+v", c)
	}
}

// An old name-only row still names and routes the entry when Toggl cannot be read.
func TestOldRowWithoutTogglKeepsNames(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	box, _ := secrets.New(make([]byte, 32))
	conns := connection.NewService(st, box, time.Now)
	conn, err := conns.Create(ctx, "c")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []store.UpsertTogglCacheParams{
		{ConnectionID: conn.ID, Kind: "project", TogglID: 20300001, Name: "Website Redesign", ClientID: 61000001, DataJson: "{}", At: 5},
		{ConnectionID: conn.ID, Kind: "client", TogglID: 61000001, Name: "Globex", DataJson: "{}", At: 5},
	} {
		if err := st.UpsertTogglCache(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	a := &apply{h: &Handler{Store: st, Conns: conns}, conn: conn, now: time.Now()} // no Toggl client
	pid := int64(20300001)
	p, c, _, err := a.names(ctx, &togglevent.TimeEntry{ID: 1, WorkspaceID: 7435584, ProjectID: &pid, UserID: 9})
	if err != nil {
		t.Fatal(err)
	}
	if p.Name != "Website Redesign" || p.ClientID == nil || *p.ClientID != 61000001 || c == nil || c.Name != "Globex" {
		t.Fatalf("names from the old rows: %+v, %+v", p, c)
	}
}
