package resync_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"toggl-attio-sync/internal/resync"
	"toggl-attio-sync/internal/togglsim"
)

// Against a server whose Reports rows have another shape, a run fails with a
// clear error and deletes nothing (before, it imported nothing, said "done", and a later run
// deleted entries that still exist).
func TestUnreadableReportsFailAndDeleteNothing(t *testing.T) {
	w := startWorld(t, options{})
	now := time.Now()
	want := w.seedEntries(30, 30, 10, now)
	win := window(30, 10, now)
	if p := w.wait(t, w.start(t, win)); p.Status != "done" || p.Counts.Created != 30 {
		t.Fatalf("import: %s", p.Summary())
	}

	w.Toggl.SetReportsFlatRows(true)
	writes := w.Attio.Stats().Writes
	p := w.wait(t, w.start(t, win))
	t.Log(p.Summary())
	if p.Status != "failed" || !strings.Contains(p.Error, "the Reports answer has rows this service cannot read") ||
		!strings.Contains(p.Error, "nothing was deleted") {
		t.Fatalf("run over unreadable rows: %s", p.Summary())
	}
	if p.Counts.Deleted != 0 || w.Attio.Stats().Writes != writes {
		t.Fatalf("the failed run wrote to Attio: %s", p.Summary())
	}
	w.checkExactly(t, want)

	// The console's run page says why.
	body := w.consolePage(t, "/resync/runs/"+strconv.FormatInt(p.RunID, 10))
	if !strings.Contains(body, `id="resync-error"`) || !strings.Contains(body, "cannot read") {
		t.Errorf("the run page does not show the error:\n%s", body)
	}
}

// A run that would remove more than the connection's share (default 10%) of
// the window's entries because Toggl no longer lists them stops before deleting, lists what
// would go, and goes on only when a person confirms; declined, it keeps them.
func TestMassDeletionWaitsForConfirmation(t *testing.T) {
	w := startWorld(t, options{})
	now := time.Now()
	want := w.seedEntries(30, 30, 10, now)
	win := window(30, 10, now)
	if p := w.wait(t, w.start(t, win)); p.Status != "done" || p.Counts.Created != 30 {
		t.Fatalf("import: %s", p.Summary())
	}
	// Ben and Chloe delete entries while webhooks are lost: only their absence tells (the
	// token owner's own deletions are listed by /me/time_entries since=, without the guard).
	w.Toggl.SetDeliveryFaults(togglsim.DeliveryFaults{DropEvery: 1})
	deleteSome := func(n int) []int64 {
		var gone []int64
		for _, e := range w.Toggl.TimeEntries() {
			if _, ok := want[e.ID]; !ok || e.UserID == togglsim.SeedAdaID || len(gone) == n {
				continue
			}
			must(t, w.Toggl.DeleteTimeEntry(seedTokens[e.UserID], wid, e.ID))
			delete(want, e.ID)
			gone = append(gone, e.ID)
		}
		return gone
	}
	gone := deleteSome(5)

	p := w.waitFor(t, w.start(t, win), "a confirmation request", func(p resync.Progress) bool { return p.Waiting() })
	t.Log(p.Summary())
	if p.Findings["orphan"] != 5 || p.Counts.Deleted != 0 {
		t.Fatalf("waiting run: %s", p.Summary())
	}
	if n := len(w.attioEntries()); n != 30 {
		t.Fatalf("Attio holds %d entries while the run waits, want all 30", n)
	}
	body := w.consolePage(t, "/resync/runs/"+strconv.FormatInt(p.RunID, 10))
	if !strings.Contains(body, `id="resync-confirm"`) || strings.Count(body, `data-kind="orphan"`) < 5 {
		t.Errorf("the run page does not ask or list what would go:\n%s", body)
	}
	must(t, resync.Answer(context.Background(), w.App.Store, p.RunID, true, time.Now()))
	done := w.wait(t, p.RunID)
	t.Log(done.Summary())
	if done.Status != "done" || done.Counts.Deleted != 5 {
		t.Fatalf("confirmed run: %s", done.Summary())
	}
	w.checkExactly(t, want)
	entries := w.attioEntries()
	for _, id := range gone {
		if len(entries[id]) != 0 {
			t.Errorf("time entry %d deleted in Toggl is still in Attio", id)
		}
	}
	if len(entries) != 25 {
		t.Errorf("Attio holds %d time entries, want 25", len(entries))
	}

	// Declined: the entries stay and the run says so.
	deleteSome(5)
	p = w.waitFor(t, w.start(t, win), "a confirmation request", func(p resync.Progress) bool { return p.Waiting() })
	must(t, resync.Answer(context.Background(), w.App.Store, p.RunID, false, time.Now()))
	kept := w.wait(t, p.RunID)
	if kept.Status != "done" || kept.Counts.Deleted != 0 || !strings.Contains(kept.Note, "Deletion declined: 5 entries") {
		t.Fatalf("declined run: %s", kept.Summary())
	}
	if n := len(w.attioEntries()); n != 25 {
		t.Errorf("Attio holds %d time entries after the decline, want 25", n)
	}
}

// consolePassword is the admin password of the worlds' consoles.
const consolePassword = "reconcile-console-test"

// consolePage logs in to the console (once per world) and returns a page's HTML.
func (w *world) consolePage(t *testing.T, path string) string {
	t.Helper()
	if w.browser == nil {
		w.browser = w.Rig.Browser()
		resp := w.Rig.PostForm(t, w.browser, "/login", url.Values{"password": {consolePassword}})
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("login: %s", resp.Status)
		}
	}
	resp, err := w.browser.Get(w.Rig.URL + path)
	must(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	must(t, err)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s\n%s", path, resp.Status, b)
	}
	return string(b)
}
