package resync_test

import (
	"testing"
	"time"

	"toggl-attio-sync/internal/togglsim"
)

// A second run writes nothing; after changes Toggl's webhooks never delivered, a run
// updates the changed entry, creates the new one and removes both deleted ones: the token
// owner's (found with since=, deleted entries included) and another member's (absent from a
// complete walk that an earlier run saw it in).
func TestSecondRunAndMissedChanges(t *testing.T) {
	w := startWorld(t, options{})
	now := time.Now()
	want := w.seedEntries(90, 30, 15, now)
	win := window(30, 15, now)

	first := w.wait(t, w.start(t, win))
	if first.Status != "done" || first.Counts.Created != 90 {
		t.Fatalf("first run: %s", first.Summary())
	}
	w.checkExactly(t, want)

	writes := w.Attio.Stats().Writes
	second := w.wait(t, w.start(t, win))
	t.Log(second.Summary())
	if second.Status != "done" || second.Counts.Unchanged != 90 || second.Counts.Writes() != 0 {
		t.Fatalf("second run: %s", second.Summary())
	}
	if n := w.Attio.Stats().Writes - writes; n != 0 {
		t.Fatalf("second run made %d Attio writes, want 0", n)
	}

	// Changes while webhooks are lost.
	w.Toggl.SetDeliveryFaults(togglsim.DeliveryFaults{DropEvery: 1})
	byUser := map[int64][]int64{}
	for _, e := range w.Toggl.TimeEntries() {
		if _, ok := want[e.ID]; ok {
			byUser[e.UserID] = append(byUser[e.UserID], e.ID)
		}
	}
	changed, adaGone, benGone := byUser[togglsim.SeedBenID][0], byUser[togglsim.SeedAdaID][0], byUser[togglsim.SeedBenID][1]
	_, err := w.Toggl.UpdateTimeEntry(togglsim.SeedBenToken, wid, changed, map[string]any{"description": "changed while webhooks were lost"})
	must(t, err)
	must(t, w.Toggl.DeleteTimeEntry(togglsim.SeedAdaToken, wid, adaGone))
	must(t, w.Toggl.DeleteTimeEntry(togglsim.SeedBenToken, wid, benGone))
	start := win.Start.Add(30 * time.Hour)
	added, err := w.Toggl.CreateTimeEntry(togglsim.SeedChloeToken, wid, map[string]any{
		"created_with": "test", "workspace_id": wid, "project_id": dataMigration, "description": "added while webhooks were lost",
		"start": start.Format(time.RFC3339), "duration": 1800,
	})
	must(t, err)
	delete(want, adaGone)
	delete(want, benGone)
	want[added.ID] = dataMigration

	third := w.wait(t, w.start(t, win))
	t.Log(third.Summary())
	c := third.Counts
	if third.Status != "done" || c.Created != 1 || c.Updated != 1 || c.Deleted != 2 || c.Unchanged != 87 || c.Failed != 0 {
		t.Fatalf("third run: %s", third.Summary())
	}
	w.checkExactly(t, want)
	entries := w.attioEntries()
	for _, gone := range []int64{adaGone, benGone} {
		if len(entries[gone]) != 0 {
			t.Errorf("deleted time entry %d still in Attio", gone)
		}
	}
	if got := activeValue(entries[changed][0].Values, "description"); got != "changed while webhooks were lost" {
		t.Errorf("changed entry shows description %v", got)
	}
	if len(entries) != len(want) {
		t.Errorf("Attio holds %d time entries, want %d", len(entries), len(want))
	}
}
