package resync_test

import (
	"testing"
	"time"

	"toggl-attio-sync/internal/togglsim"
)

// A row Toggl's API answers with an impossible value (a stop 400 days after its start, a
// change time in year 9999) is reported as failed, not written, and the others are applied.
func TestImplausibleRowsAreReportedNotWritten(t *testing.T) {
	w := startWorld(t, options{})
	now := time.Now()
	win := window(10, 5, now)
	start := win.Start.Add(30 * time.Hour)
	stop := start.Add(time.Hour)
	longStop := start.Add(400 * 24 * time.Hour)
	good := w.Toggl.AddTimeEntry(togglsim.TimeEntry{WorkspaceID: wid, UserID: togglsim.SeedAdaID, ProjectID: dataMigration,
		Description: "fine", Start: start, Stop: &stop, At: stop, CreatedWith: "test"})
	long := w.Toggl.AddTimeEntry(togglsim.TimeEntry{WorkspaceID: wid, UserID: togglsim.SeedAdaID, ProjectID: dataMigration,
		Description: "400 days long", Start: start.Add(time.Hour), Stop: &longStop, At: stop, CreatedWith: "test"})
	future := w.Toggl.AddTimeEntry(togglsim.TimeEntry{WorkspaceID: wid, UserID: togglsim.SeedAdaID, ProjectID: dataMigration,
		Description: "changed in 9999", Start: start.Add(2 * time.Hour), Stop: &stop, At: time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC), CreatedWith: "test"})
	p := w.wait(t, w.start(t, win))
	if p.Status != "done" || p.Counts.Failed != 2 {
		t.Fatalf("run: %s", p.Summary())
	}
	entries := w.attioEntries()
	if len(entries[good.ID]) != 1 || len(entries[long.ID]) != 0 || len(entries[future.ID]) != 0 {
		t.Fatalf("Attio holds good %d, long %d, future %d entries", len(entries[good.ID]), len(entries[long.ID]), len(entries[future.ID]))
	}
}
