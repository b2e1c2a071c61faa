package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"toggl-attio-sync/internal/app"
	"toggl-attio-sync/internal/attio"
	"toggl-attio-sync/internal/attiosim"
	"toggl-attio-sync/internal/resync"
	"toggl-attio-sync/internal/testrig"
	"toggl-attio-sync/internal/toggl"
	"toggl-attio-sync/internal/togglsim"
)

// resyncWorld is a provisioned connection with history Toggl never delivered by webhook, and
// Attio's write limit low (10/s) so a run of 60 entries lasts long enough to watch.
func resyncWorld(t *testing.T) *testrig.World {
	t.Helper()
	o := testrig.WorldOptions{}
	o.Env = map[string]string{"ADMIN_PASSWORD": password}
	o.Toggl.DisableLimits = true
	o.Attio.Limits = attiosim.Limits{WritesPerSecond: 10}
	o.App = []app.Option{
		app.WithTogglOptions(func(opts *toggl.Options) { opts.Registry = toggl.NewRegistry(0, 1) }),
		app.WithResync(func(s *resync.Service) { s.PollInterval = 100 * time.Millisecond }),
	}
	w := testrig.StartWorld(t, o)
	attio.SharedPacer(strings.TrimRight(w.App.Config.AttioAPIURL.String(), "/"), attiosim.SeedToken, attio.Limits{WritesPerSecond: 9}, nil)
	w.Connect(t)
	return w
}

// addHistory stores n stopped entries on the mapped Website Redesign project, starting
// daysAgo days back, one a day at most ten days.
func addHistory(w *testrig.World, n, daysAgo int) {
	base := time.Now().UTC().Truncate(24*time.Hour).AddDate(0, 0, -daysAgo)
	for i := range n {
		start := base.AddDate(0, 0, i%10).Add(time.Duration(9*60+i) * time.Minute)
		stop := start.Add(30 * time.Minute)
		w.Toggl.AddTimeEntry(togglsim.TimeEntry{WorkspaceID: wid, UserID: togglsim.SeedAdaID, ProjectID: 20300001,
			Description: fmt.Sprintf("history %d", i), Start: start, Stop: &stop, At: stop})
	}
}

// The resync button: choose days → estimate → start → live progress → summary; then a
// second run over other days is cancelled from the same panel.
func TestResyncButtonProgressSummary(t *testing.T) {
	w := resyncWorld(t)
	addHistory(w, 60, 30)
	addHistory(w, 60, 60)
	day := func(daysAgo int) string {
		return time.Now().UTC().Truncate(24*time.Hour).AddDate(0, 0, -daysAgo).Format(time.DateOnly)
	}
	ctx := testrig.Chromium(t)
	login(t, ctx, w)

	must(t, chromedp.Do(ctx,
		chromedp.Navigate(w.URL+"/resync"),
		chromedp.WaitVisible("#resync-form"),
		chromedp.SetValue("#resync-from", day(30)),
		chromedp.SetValue("#resync-to", day(21)),
		chromedp.Click("#resync-estimate"),
		chromedp.WaitVisible("#resync-start"),
	))
	if got := text(t, ctx, "#resync-est-requests"); !strings.Contains(got, "Toggl requests: 5 workspace requests") {
		t.Errorf("estimate: %q", got)
	}
	if got := text(t, ctx, "#resync-est-quota"); !strings.Contains(got, "Toggl's quota could not be read") && !strings.Contains(got, "left") {
		t.Errorf("quota: %q", got)
	}

	// Start: the page shows the run live (htmx polls the panel) until its summary.
	must(t, chromedp.Do(ctx, chromedp.Click("#resync-start"), chromedp.WaitVisible("#resync-bar")))
	if count(t, ctx, "#resync-cancel") != 1 {
		t.Errorf("a running run offers no cancel")
	}
	must(t, chromedp.Do(ctx, chromedp.WaitVisible("#resync-summary")))
	if got := text(t, ctx, "#resync-status"); got != "done" {
		t.Fatalf("status %q: %s", got, text(t, ctx, "#resync-progress"))
	}
	for sel, want := range map[string]string{"#resync-created": "60", "#resync-updated": "0", "#resync-deleted": "0", "#resync-unchanged": "0", "#resync-unroutable": "0"} {
		if got := text(t, ctx, sel); got != want {
			t.Errorf("%s = %q, want %s", sel, got, want)
		}
	}
	if got := text(t, ctx, "#resync-percent"); got != "100%" {
		t.Errorf("finished at %s", got)
	}
	if n := len(w.Attio.Entries("toggl_time_entries")); n != 60 {
		t.Errorf("Attio holds %d entries, want 60", n)
	}

	// Back to the form: another window, started and cancelled while it runs.
	must(t, chromedp.Do(ctx,
		chromedp.Click("#resync-again"),
		chromedp.WaitVisible("#resync-form"),
		chromedp.SetValue("#resync-from", day(60)),
		chromedp.SetValue("#resync-to", day(51)),
		chromedp.Click("#resync-estimate"),
		chromedp.WaitVisible("#resync-start"),
		chromedp.Click("#resync-start"),
		chromedp.WaitVisible("#resync-cancel"),
		chromedp.Click("#resync-cancel"),
		chromedp.WaitVisible("#resync-summary"),
	))
	if got := text(t, ctx, "#resync-status"); got != "cancelled" {
		t.Fatalf("status after cancel %q", got)
	}
	must(t, chromedp.Do(ctx, chromedp.Click("#resync-again"), chromedp.WaitVisible("#resync-runs")))
	if got := text(t, ctx, "#resync-runs"); !strings.Contains(got, "cancelled") || !strings.Contains(got, "done") {
		t.Errorf("recent runs: %q", got)
	}
}

// Through the console: after one entry is deleted and another edited in Attio,
// "Check for drift" shows exactly those two and writes nothing; "Start resync" repairs both
// and its summary counts them; Attio then shows what Toggl says.
func TestDriftCheckThenRepairFromTheConsole(t *testing.T) {
	w := resyncWorld(t)
	addHistory(w, 20, 30)
	day := func(daysAgo int) string {
		return time.Now().UTC().Truncate(24*time.Hour).AddDate(0, 0, -daysAgo).Format(time.DateOnly)
	}
	ctx := testrig.Chromium(t)
	login(t, ctx, w)
	runFromForm := func(button string) {
		t.Helper()
		must(t, chromedp.Do(ctx,
			chromedp.Navigate(w.URL+"/resync"),
			chromedp.WaitVisible("#resync-form"),
			chromedp.SetValue("#resync-from", day(30)),
			chromedp.SetValue("#resync-to", day(21)),
			chromedp.Click("#resync-estimate"),
			chromedp.WaitVisible(button),
			chromedp.Click(button),
			chromedp.WaitVisible("#resync-summary"),
		))
	}
	runFromForm("#resync-start")
	if n := len(w.Attio.Entries("toggl_time_entries")); n != 20 {
		t.Fatalf("Attio holds %d entries after the import, want 20", n)
	}

	// A person deletes one entry and edits another in Attio.
	entries := w.Attio.Entries("toggl_time_entries")
	deleted, edited := entries[3], entries[7]
	must(t, w.Attio.DeleteEntry("toggl_time_entries", deleted.ID))
	_, err := w.Attio.UpdateEntry("toggl_time_entries", edited.ID, map[string]any{"description": "changed in Attio"})
	must(t, err)

	writes := w.Attio.Stats().Writes
	runFromForm("#resync-check")
	if got := text(t, ctx, "#resync-summary"); !strings.Contains(got, "found 2 difference(s)") || !strings.Contains(got, "nothing was written") {
		t.Errorf("drift check summary: %q", got)
	}
	if got := text(t, ctx, "#resync-finding-counts"); !strings.Contains(got, "deleted in Attio") || !strings.Contains(got, "edited in Attio") {
		t.Errorf("drift check counts: %q", got)
	}
	if n := count(t, ctx, "#resync-finding-list tbody tr"); n != 2 {
		t.Errorf("drift check lists %d differences, want 2: %s", n, text(t, ctx, "#resync-finding-list"))
	}
	if got := text(t, ctx, "#resync-finding-list"); !strings.Contains(got, `"changed in Attio" → "history`) {
		t.Errorf("the edit is not shown with before and after: %q", got)
	}
	if n := w.Attio.Stats().Writes - writes; n != 0 {
		t.Errorf("the drift check made %d Attio writes", n)
	}

	runFromForm("#resync-start")
	if got := text(t, ctx, "#resync-summary"); !strings.Contains(got, "repaired 2") {
		t.Errorf("repair summary: %q", got)
	}
	if got := text(t, ctx, "#resync-finding-counts"); !strings.Contains(got, "deleted in Attio") || !strings.Contains(got, "edited in Attio") {
		t.Errorf("repair counts: %q", got)
	}
	// The repairs link to their audit rows.
	if n := count(t, ctx, `#resync-finding-list a[href^="/audit/"]`); n != 2 {
		t.Errorf("%d repairs link to an audit row, want 2", n)
	}
	after := w.Attio.Entries("toggl_time_entries")
	if len(after) != 20 {
		t.Errorf("Attio holds %d entries after the repair, want 20", len(after))
	}
	for _, e := range after {
		if v := e.Values["description"]; len(v) > 0 && v[0]["value"] == "changed in Attio" {
			t.Errorf("the edit in Attio was not written back")
		}
	}
}
