package inbound_test

import (
	"testing"

	"toggl-attio-sync/internal/testrig"
)

// A time entry moved to another project moves in Attio: deleted under the old Project,
// created under the new one (an entry's parent is immutable).
func TestRouteChangeMovesTheEntry(t *testing.T) {
	f := newFixture(t, testrig.WorldOptions{})
	te, err := f.Toggl.CreateTimeEntry(togglToken, wid, stoppedEntry(20300001, "moving"))
	must(t, err)
	f.settle(t)
	first := f.entries()[te.ID]
	if len(first) != 1 || first[0].ParentRecordID != f.project["Website Redesign"] {
		t.Fatalf("before the move: %+v", first)
	}
	_, err = f.Toggl.UpdateTimeEntry(togglToken, wid, te.ID, map[string]any{"project_id": 20300003})
	must(t, err)
	f.settle(t)
	after := f.entries()[te.ID]
	if len(after) != 1 || after[0].ParentRecordID != f.project["Data Migration"] || after[0].ID == first[0].ID {
		t.Fatalf("after the move: %+v\n%s", after, f.audit(t))
	}
	if active(after[0].Values, "toggl_project_name") != "Data Migration" {
		t.Fatalf("project name not updated: %v", after[0].Values["toggl_project_name"])
	}
}

// Project changes update the matching Attio Project; a deletion only marks it.
func TestProjectChangesUpdateAttioProject(t *testing.T) {
	f := newFixture(t, testrig.WorldOptions{})
	_, err := f.Toggl.UpdateProject(togglToken, wid, 20300001, map[string]any{"name": "Website Redesign v2"})
	must(t, err)
	f.settle(t)
	rec, ok := f.Attio.Record("projects", f.project["Website Redesign"])
	if !ok || active(rec.Values, "toggl_project_name") != "Website Redesign v2" || active(rec.Values, "toggl_active") != true {
		t.Fatalf("Attio Project after the Toggl rename: %+v\n%s", rec.Values, f.audit(t))
	}
	if active(rec.Values, "name") != "Website Redesign" {
		t.Fatal("the Attio Project's own name was overwritten")
	}
	// The renamed project's time entries carry the new name from the cache, no Toggl call.
	te, err := f.Toggl.CreateTimeEntry(togglToken, wid, stoppedEntry(20300001, "after rename"))
	must(t, err)
	f.settle(t)
	if e := f.entries()[te.ID]; len(e) != 1 || active(e[0].Values, "toggl_project_name") != "Website Redesign v2" {
		t.Fatalf("entry after rename: %+v", e)
	}
	_, err = f.Toggl.UpdateProject(togglToken, wid, 20300001, map[string]any{"active": false})
	must(t, err)
	f.settle(t)
	rec, _ = f.Attio.Record("projects", f.project["Website Redesign"])
	if active(rec.Values, "toggl_active") != false {
		t.Fatalf("archived project not marked: %+v", rec.Values["toggl_active"])
	}
	if _, ok := f.Attio.Record("projects", f.project["Website Redesign"]); !ok {
		t.Fatal("the Attio Project was deleted")
	}
}

// A client change upserts its toggl_clients record, linked to the Company of the same name,
// and links the Company back.
func TestClientUpsertLinksCompany(t *testing.T) {
	f := newFixture(t, testrig.WorldOptions{})
	c, err := f.Toggl.CreateClient(togglToken, wid, map[string]any{"name": "Wayne Enterprises"})
	must(t, err)
	f.settle(t)
	var found bool
	for _, r := range f.Attio.Records("toggl_clients") {
		if active(r.Values, "toggl_client_id") == fmtID(c.ID) {
			found = true
			if active(r.Values, "company") != f.company["Wayne Enterprises"] || active(r.Values, "name") != "Wayne Enterprises" {
				t.Fatalf("toggl_clients record: %+v", r.Values)
			}
		}
	}
	if !found {
		t.Fatalf("no toggl_clients record for client %d\n%s", c.ID, f.audit(t))
	}
	co, _ := f.Attio.Record("companies", f.company["Wayne Enterprises"])
	if active(co.Values, "toggl_client_id") != fmtID(c.ID) {
		t.Fatalf("Company not linked back: %+v", co.Values["toggl_client_id"])
	}
	// Renaming updates the same record; no second one appears.
	_, err = f.Toggl.UpdateClient(togglToken, wid, c.ID, map[string]any{"name": "Wayne Ent."})
	must(t, err)
	f.settle(t)
	n := 0
	for _, r := range f.Attio.Records("toggl_clients") {
		if active(r.Values, "toggl_client_id") == fmtID(c.ID) {
			n++
			if active(r.Values, "name") != "Wayne Ent." || active(r.Values, "company") != f.company["Wayne Enterprises"] {
				t.Fatalf("after rename: %+v", r.Values)
			}
		}
	}
	if n != 1 {
		t.Fatalf("%d toggl_clients records for one client", n)
	}
}
