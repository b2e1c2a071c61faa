package resync_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"toggl-attio-sync/internal/attiosim"
	"toggl-attio-sync/internal/resync"
	"toggl-attio-sync/internal/togglsim"
)

// startMode queues a run of mode for the service to execute.
func (w *world) startMode(t testing.TB, win resync.Window, mode string) int64 {
	t.Helper()
	id, err := resync.EnqueueMode(context.Background(), w.App.Store, w.conn.ID, win, "test", mode, resync.Estimate{}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// checkFields compares, for every wanted time entry, the attributes a person reads in Attio
// with the entry Toggl holds now: description, duration, start, stop, billable and the Toggl
// project id. It is written against the emulators' own state, not the service's comparison.
func (w *world) checkFields(t testing.TB, want map[int64]int64) {
	t.Helper()
	got := w.attioEntries()
	bad := 0
	for _, e := range w.Toggl.TimeEntries() {
		if _, ok := want[e.ID]; !ok || len(got[e.ID]) != 1 {
			continue
		}
		v := got[e.ID][0].Values
		checks := []struct {
			slug string
			want any
		}{
			{"description", e.Description},
			{"duration_seconds", float64(e.Stop.Sub(e.Start) / time.Second)},
			{"billable", e.Billable},
			{"toggl_project_id", float64(e.ProjectID)},
		}
		for _, c := range checks {
			if g := activeValue(v, c.slug); fmt.Sprint(g) != fmt.Sprint(c.want) {
				t.Errorf("time entry %d: %s is %v in Attio, %v in Toggl", e.ID, c.slug, g, c.want)
				bad++
			}
		}
		for slug, want := range map[string]time.Time{"start": e.Start, "stop": *e.Stop} {
			s, _ := activeValue(v, slug).(string)
			if ts, err := time.Parse(time.RFC3339Nano, s); err != nil || !ts.Equal(want) {
				t.Errorf("time entry %d: %s is %q in Attio, %s in Toggl", e.ID, slug, s, want)
				bad++
			}
		}
		if bad > 10 {
			t.Fatal("too many mismatches")
		}
	}
}

// Three-way reconciliation: after entries are deleted, edited, duplicated and moved
// in Attio and a time entry is deleted in Toggl while webhooks are lost, a drift check shows
// exactly those differences and writes nothing; a resync repairs each (counted per kind, each
// with an audit row holding before and after); Attio then equals Toggl field by field and a
// second run writes nothing. Columns the field map does not own are left alone.
func TestReconcileRepairsWhatChangedInAttio(t *testing.T) {
	w := startWorld(t, options{})
	now := time.Now()
	want := w.seedEntries(40, 20, 10, now)
	win := window(20, 10, now)
	w.conn.Settings.Reconcile.DeletionShare = 0.5
	w.conn.Settings.Reconcile.Set = true
	must(t, w.App.Conns.SaveSettings(context.Background(), w.conn, w.conn.Settings))

	first := w.wait(t, w.start(t, win))
	if first.Status != "done" || first.Counts.Created != 40 || first.Differences() != 0 {
		t.Fatalf("first run: %s", first.Summary())
	}
	w.checkExactly(t, want)

	// What people and lost webhooks do meanwhile.
	entries := w.attioEntries()
	var ids []int64
	for id := range want {
		ids = append(ids, id)
	}
	sortIDs(ids)
	deleted, edited, duplicated, moved, goneInToggl, foreign := ids[0], ids[1], ids[2], ids[3], ids[4], ids[5]
	must(t, w.Attio.DeleteEntry("toggl_time_entries", entries[deleted][0].ID))
	_, err := w.Attio.UpdateEntry("toggl_time_entries", entries[edited][0].ID, map[string]any{"description": "edited in Attio"})
	must(t, err)
	dup := entries[duplicated][0]
	_, err = w.Attio.CreateEntry("toggl_time_entries", "projects", dup.ParentRecordID, plainValues(dup.Values))
	must(t, err)
	mv := entries[moved][0]
	other := w.project[websiteRedesign]
	if mv.ParentRecordID == other {
		other = w.project[dataMigration]
	}
	_, err = w.Attio.CreateEntry("toggl_time_entries", "projects", other, plainValues(mv.Values))
	must(t, err)
	must(t, w.Attio.DeleteEntry("toggl_time_entries", mv.ID))
	// An attribute the field map does not own: a person's note on the list.
	_, err = w.Attio.CreateAttribute("lists", "toggl_time_entries", attiosim.AttributeSpec{Slug: "team_note", Title: "Team note", Type: "text"})
	must(t, err)
	_, err = w.Attio.UpdateEntry("toggl_time_entries", entries[foreign][0].ID, map[string]any{"team_note": "kept"})
	must(t, err)
	w.Toggl.SetDeliveryFaults(togglsim.DeliveryFaults{DropEvery: 1})
	var owner string
	for _, e := range w.Toggl.TimeEntries() {
		if e.ID == goneInToggl {
			owner = map[int64]string{togglsim.SeedAdaID: togglsim.SeedAdaToken, togglsim.SeedBenID: togglsim.SeedBenToken,
				togglsim.SeedChloeID: togglsim.SeedChloeToken}[e.UserID]
		}
	}
	must(t, w.Toggl.DeleteTimeEntry(owner, wid, goneInToggl))
	delete(want, goneInToggl)

	writes := w.Attio.Stats().Writes
	check := w.wait(t, w.startMode(t, win, resync.ModeCheck))
	t.Log(check.Summary())
	wantKinds := map[string]int{"recreated": 1, "edited": 1, "duplicate": 1, "moved": 1, "orphan": 1}
	if check.Status != "done" || !sameKinds(check.Findings, wantKinds) {
		t.Fatalf("drift check found %v, want %v: %s", check.Findings, wantKinds, check.Summary())
	}
	if n := w.Attio.Stats().Writes - writes; n != 0 {
		t.Fatalf("the drift check made %d Attio writes", n)
	}
	found, err := resync.FirstFindings(context.Background(), w.App.Store, check.RunID, 20)
	must(t, err)
	for _, f := range found {
		if f.Kind == "edited" && (len(f.Lines) == 0 || f.Lines[0] != `description: "edited in Attio" → "`+descriptionOf(w, edited)+`"`) {
			t.Errorf("edited finding shows %q", f.Lines)
		}
	}

	repair := w.wait(t, w.start(t, win))
	t.Log(repair.Summary())
	if repair.Status != "done" || !sameKinds(repair.Findings, wantKinds) {
		t.Fatalf("repair run repaired %v, want %v: %s", repair.Findings, wantKinds, repair.Summary())
	}
	w.checkExactly(t, want)
	w.checkFields(t, want)
	after := w.attioEntries()
	if got := activeValue(after[foreign][0].Values, "team_note"); got != "kept" {
		t.Errorf("a column the field map does not own was changed: team_note is %v", got)
	}
	if len(after[goneInToggl]) != 0 {
		t.Errorf("the entry deleted in Toggl is still in Attio")
	}
	if len(after) != len(want) {
		t.Errorf("Attio holds %d time entries, want %d", len(after), len(want))
	}
	// Every repair has an audit row with what Attio held before.
	repaired, err := resync.FirstFindings(context.Background(), w.App.Store, repair.RunID, 20)
	must(t, err)
	for _, f := range repaired {
		if f.AuditID == 0 {
			t.Errorf("repair %s of time entry %d has no audit row", f.Kind, f.TimeEntryID)
			continue
		}
		a, err := w.App.Store.ConsoleGetAudit(context.Background(), f.AuditID)
		must(t, err)
		if f.Kind == "edited" && !strings.Contains(a.DetailJson, "edited in Attio") {
			t.Errorf("audit of the edit repair lacks the value before: %s", a.DetailJson)
		}
	}

	writes = w.Attio.Stats().Writes
	again := w.wait(t, w.start(t, win))
	if again.Status != "done" || again.Differences() != 0 || again.Counts.Writes() != 0 {
		t.Fatalf("second run: %s", again.Summary())
	}
	if n := w.Attio.Stats().Writes - writes; n != 0 {
		t.Fatalf("second run made %d Attio writes", n)
	}
}

func sortIDs(ids []int64) { slices.Sort(ids) }

// sameKinds compares finding counts, ignoring kinds with none.
func sameKinds(got, want map[string]int) bool {
	for k, n := range got {
		if n != want[k] {
			return false
		}
	}
	for k, n := range want {
		if got[k] != n {
			return false
		}
	}
	return true
}

// plainValues turns read values back into write input: each attribute's current values.
func plainValues(values map[string][]map[string]any) map[string]any {
	out := map[string]any{}
	for slug := range values {
		if v := activeValue(values, slug); v != nil {
			out[slug] = v
		}
	}
	return out
}

func descriptionOf(w *world, id int64) string {
	for _, e := range w.Toggl.TimeEntries() {
		if e.ID == id {
			return e.Description
		}
	}
	return ""
}
