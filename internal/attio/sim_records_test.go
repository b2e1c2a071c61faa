package attio

import (
	"context"
	"slices"
	"testing"
	"time"

	"toggl-attio-sync/internal/attiosim"
	"toggl-attio-sync/internal/attiotype"
)

// simRecords writes every value type the sync uses, reads them back through the typed
// accessors, and walks assert, patch, put, query, paging and delete.
func simRecords(t *testing.T) {
	env := newSimEnv(t, attiosim.Config{})
	ctx, c := context.Background(), env.c
	for _, in := range []CreateAttributeInput{
		{Title: "Hours", APISlug: "hours", Type: attiotype.Number},
		{Title: "Billable", APISlug: "billable", Type: attiotype.Checkbox},
		{Title: "Last synced", APISlug: "last_synced_at", Type: attiotype.Timestamp},
		{Title: "Start", APISlug: "start_date", Type: attiotype.Date},
		{Title: "Budget", APISlug: "budget", Type: attiotype.Currency, Config: AttributeConfig{Currency: &CurrencyConfig{DefaultCurrencyCode: "EUR", DisplayType: "symbol"}}},
	} {
		_, err := c.CreateAttribute(ctx, Objects, "projects", in)
		noErr(t, err)
	}
	globex := env.seed.Companies[0]
	synced := time.Date(2026, 3, 2, 10, 30, 0, 0, time.FixedZone("CET", 3600))
	values := Values{}.
		Set("name", Text("Mobile App")).
		Set("company", RecordRef("companies", globex.RecordID)).
		Set("type", SelectTitle("hourly")).
		Set("status", StatusTitle("active")).
		Set("toggl_project_id", Text("20300099")).
		Set("hours", Number(12.5)).
		Set("billable", Checkbox(true)).
		Set("last_synced_at", Timestamp(synced)).
		Set("start_date", Date(time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))).
		Set("budget", Currency(1999.5))
	r, err := c.CreateRecord(ctx, "projects", values)
	noErr(t, err)
	check := func(r Record) {
		t.Helper()
		v := r.Values
		if s, _ := v.Text("name"); s != "Mobile App" {
			t.Errorf("name %q", s)
		}
		if ref, _ := v.RecordRef("company"); ref != (Ref{"companies", globex.RecordID}) {
			t.Errorf("company %+v", ref)
		}
		if s, _ := v.SelectTitle("type"); s != "hourly" {
			t.Errorf("type %q", s)
		}
		if s, _ := v.StatusTitle("status"); s != "active" {
			t.Errorf("status %q", s)
		}
		if f, _ := v.Number("hours"); f != 12.5 {
			t.Errorf("hours %v", f)
		}
		if b, ok := v.Checkbox("billable"); !ok || !b {
			t.Errorf("billable %v %v", b, ok)
		}
		if ts, _ := v.Timestamp("last_synced_at"); !ts.Equal(synced) {
			t.Errorf("last_synced_at %v", ts)
		}
		if d, _ := v.Date("start_date"); !d.Equal(time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("start_date %v", d)
		}
		if amt, code, _ := v.Currency("budget"); amt != 1999.5 || code != "EUR" {
			t.Errorf("budget %v %q", amt, code)
		}
	}
	check(r)
	got, err := c.GetRecord(ctx, "projects", r.ID.RecordID)
	noErr(t, err)
	check(got)

	// Unique value taken → uniqueness conflict; unknown select title → value_not_found.
	if _, err := c.CreateRecord(ctx, "projects", Values{"name": {Text("Dup")}, "toggl_project_id": {Text("20300099")}}); !IsUniquenessConflict(err) || !IsConflict(err) {
		t.Errorf("duplicate toggl_project_id: %v", err)
	}
	if _, err := c.CreateRecord(ctx, "projects", Values{"name": {Text("X")}, "type": {SelectTitle("no such type")}}); !IsValidation(err) || !HasCode(err, CodeValueNotFound) {
		t.Errorf("unknown select title: %v", err)
	}

	// Assert by the unique toggl_project_id: the existing record is updated, a new id creates.
	asserted, err := c.AssertRecord(ctx, "projects", "toggl_project_id", Values{"toggl_project_id": {Text("20300099")}, "name": {Text("Mobile App v2")}})
	noErr(t, err)
	if asserted.ID.RecordID != r.ID.RecordID {
		t.Errorf("assert created %s instead of updating %s", asserted.ID.RecordID, r.ID.RecordID)
	}
	if s, _ := asserted.Values.Text("name"); s != "Mobile App v2" {
		t.Errorf("asserted name %q", s)
	}
	fresh, err := c.AssertRecord(ctx, "projects", "toggl_project_id", Values{"toggl_project_id": {Text("20300100")}, "name": {Text("Fresh")}})
	noErr(t, err)
	if fresh.ID.RecordID == r.ID.RecordID {
		t.Error("assert with a new value did not create a record")
	}
	if _, err := c.AssertRecord(ctx, "projects", "name", Values{"name": {Text("Fresh")}}); !IsValidation(err) {
		t.Errorf("assert on a non-unique attribute: %v", err)
	}

	patched, err := c.PatchRecord(ctx, "projects", r.ID.RecordID, Values{"status": {StatusTitle("complete")}, "hours": {Number(13)}})
	noErr(t, err)
	if s, _ := patched.Values.StatusTitle("status"); s != "complete" {
		t.Errorf("patched status %q", s)
	}
	put, err := c.PutRecord(ctx, "projects", r.ID.RecordID, Values{"billable": {Checkbox(false)}, "hours": nil})
	noErr(t, err)
	if b, ok := put.Values.Checkbox("billable"); !ok || b {
		t.Errorf("put billable %v %v", b, ok)
	}
	if _, ok := put.Values.Number("hours"); ok {
		t.Error("hours not cleared by an empty array")
	}

	found, err := c.QueryRecords(ctx, "projects", Query{Filter: Filter{"toggl_project_id": "20300001"}})
	noErr(t, err)
	if len(found) != 1 || found[0].ID.RecordID != env.seed.Projects[0].RecordID {
		t.Errorf("query by toggl_project_id: %+v", found)
	}
	var names []string
	for rec, err := range c.AllRecords(ctx, "projects", Query{Sorts: []Sort{{Direction: "asc", Attribute: "name"}}, Limit: 2}) {
		noErr(t, err)
		s, _ := rec.Values.Text("name")
		names = append(names, s)
	}
	if len(names) != len(env.seed.Projects)+2 || !slices.IsSorted(names) {
		t.Errorf("all projects by name, 2 per page: %v", names)
	}

	noErr(t, c.DeleteRecord(ctx, "projects", fresh.ID.RecordID))
	if _, err := c.GetRecord(ctx, "projects", fresh.ID.RecordID); !IsNotFound(err) {
		t.Errorf("deleted record: %v", err)
	}
	if err := c.DeleteRecord(ctx, "projects", fresh.ID.RecordID); !IsNotFound(err) {
		t.Errorf("second delete: %v", err)
	}
}

func simEntries(t *testing.T) {
	env := newSimEnv(t, attiosim.Config{})
	ctx, c := context.Background(), env.c
	provisionTimeEntries(t, c)
	project := env.seed.Projects[0].RecordID
	started := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)

	e, err := c.CreateEntry(ctx, "time_entries", EntryInput{ParentRecordID: project, ParentObject: "projects", EntryValues: Values{}.
		Set("toggl_time_entry_id", Text("9001")).
		Set("seconds", Number(3600)).
		Set("started_at", Timestamp(started)).
		Set("stage", StatusTitle("Open"))})
	noErr(t, err)
	if e.ParentRecordID != project || e.ParentObject != "projects" || e.ID.EntryID == "" {
		t.Errorf("entry %+v", e)
	}
	if s, _ := e.EntryValues.StatusTitle("stage"); s != "Open" {
		t.Errorf("stage %q", s)
	}
	if ts, _ := e.EntryValues.Timestamp("started_at"); !ts.Equal(started) {
		t.Errorf("started_at %v", ts)
	}

	// Assert by parent updates the only entry of that parent.
	asserted, err := c.AssertEntry(ctx, "time_entries", EntryInput{ParentRecordID: project, ParentObject: "projects", EntryValues: Values{"seconds": {Number(5400)}}})
	noErr(t, err)
	if asserted.ID.EntryID != e.ID.EntryID {
		t.Errorf("assert made %s, want %s", asserted.ID.EntryID, e.ID.EntryID)
	}
	if f, _ := asserted.EntryValues.Number("seconds"); f != 5400 {
		t.Errorf("seconds %v", f)
	}
	got, err := c.GetEntry(ctx, "time_entries", e.ID.EntryID)
	noErr(t, err)
	if s, _ := got.EntryValues.Text("toggl_time_entry_id"); s != "9001" {
		t.Errorf("get entry %+v", got.EntryValues)
	}
	patched, err := c.PatchEntry(ctx, "time_entries", e.ID.EntryID, Values{"stage": {StatusTitle("Billed")}})
	noErr(t, err)
	if s, _ := patched.EntryValues.StatusTitle("stage"); s != "Billed" {
		t.Errorf("patched stage %q", s)
	}
	put, err := c.PutEntry(ctx, "time_entries", e.ID.EntryID, Values{"seconds": {Number(60)}})
	noErr(t, err)
	if f, _ := put.EntryValues.Number("seconds"); f != 60 {
		t.Errorf("put seconds %v", f)
	}

	// A second entry for the same parent is allowed; asserting by that parent is then ambiguous.
	second, err := c.CreateEntry(ctx, "time_entries", EntryInput{ParentRecordID: project, ParentObject: "projects", EntryValues: Values{"toggl_time_entry_id": {Text("9002")}}})
	noErr(t, err)
	if _, err := c.AssertEntry(ctx, "time_entries", EntryInput{ParentRecordID: project, ParentObject: "projects"}); !HasCode(err, CodeMultipleMatchResults) {
		t.Errorf("assert with two entries: %v", err)
	}
	for _, p := range env.seed.Projects[1:] {
		_, err := c.CreateEntry(ctx, "time_entries", EntryInput{ParentRecordID: p.RecordID, ParentObject: "projects"})
		noErr(t, err)
	}

	found, err := c.QueryEntries(ctx, "time_entries", Query{Filter: Filter{"toggl_time_entry_id": "9002"}})
	noErr(t, err)
	if len(found) != 1 || found[0].ID.EntryID != second.ID.EntryID {
		t.Errorf("query entries: %+v", found)
	}
	n := 0
	for _, err := range c.AllEntries(ctx, "time_entries", Query{Limit: 2}) {
		noErr(t, err)
		n++
	}
	if want := 2 + len(env.seed.Projects) - 1; n != want {
		t.Errorf("iterated %d entries, want %d", n, want)
	}

	noErr(t, c.DeleteEntry(ctx, "time_entries", second.ID.EntryID))
	if _, err := c.GetEntry(ctx, "time_entries", second.ID.EntryID); !IsNotFound(err) {
		t.Errorf("deleted entry: %v", err)
	}
}
