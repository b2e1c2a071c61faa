package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"toggl-attio-sync/internal/attiosim"
	"toggl-attio-sync/internal/attiotype"
	"toggl-attio-sync/internal/fieldmap"
	"toggl-attio-sync/internal/testrig"
)

// The time entry map writes an attribute Attio does not have (someone deleted it), so the
// next entry becomes a dead letter. Once the attribute exists again, the admin replays the
// dead letters the audit filter matches, and the entry is applied.
func TestConsoleDeadLetterReplayedAfterFix(t *testing.T) {
	w := newConsoleWorld(t)
	s := w.conn.Settings
	s.TimeEntryMap = append(append(fieldmap.Map(nil), s.TimeEntryMap...),
		fieldmap.Field{Source: "time_entry.description", Target: "client_note", Type: attiotype.Text})
	must(t, w.App.Conns.SaveSettings(context.Background(), w.conn, s))

	te := w.entry(t, 20300001, "needs client_note")
	w.settle(t)
	entity := fmt.Sprintf("time_entry:%d", te)
	var status string
	must(t, w.App.Store.QueryRowRaw("SELECT status FROM inbox WHERE entity_key = ?", entity).Scan(&status))
	if status != "dead" || len(w.attioEntries(te)) != 0 {
		t.Fatalf("job %s, %d entries; want a dead letter and nothing in Attio\n%s", status, len(w.attioEntries(te)), w.auditDump(t))
	}
	deadRow := w.newestAudit(t, entity, "dead")

	ctx := testrig.Chromium(t)
	consoleLogin(t, ctx, w.URL)
	// The dashboard counts it and links to the dead letters.
	visit(t, ctx, w.URL+"/", "#q-dead")
	must(t, chromedp.Do(ctx, chromedp.Click("#q-dead a"), chromedp.WaitVisible("#replay-matching")))
	if got := text(t, ctx, "#replay-matching"); !strings.Contains(got, "1 dead letter(s) match") {
		t.Fatalf("bulk replay offer: %q", got)
	}
	if ids := evalJS[[]int64](t, ctx, `[...document.querySelectorAll("#audit-table tbody tr")].map(r => +r.dataset.id)`); len(ids) == 0 {
		t.Fatal("the dead-letter filter shows no rows")
	}

	// The cause: fixed in Attio.
	_, err := w.Attio.CreateAttribute("lists", "toggl_time_entries", attiosim.AttributeSpec{Slug: "client_note", Title: "Client note", Type: "text"})
	must(t, err)

	must(t, chromedp.Do(ctx, chromedp.Click("#replay-dead")))
	waitText(t, ctx, "#audit-notice", "Queued 1 delivery(ies) again")

	// The dead row's detail page follows the job until it is done (it refreshes itself while
	// the job is queued or running), then tells the whole story: dead, replayed, written.
	visit(t, ctx, fmt.Sprintf("%s/audit/%d", w.URL, deadRow), "#timeline")
	waitText(t, ctx, "#job-status", "done")
	w.settle(t)
	got := w.attioEntries(te)
	if len(got) != 1 || current(got[0].Values, "client_note") != "needs client_note" {
		t.Fatalf("after replay: %+v\n%s", got, w.auditDump(t))
	}
	waitText(t, ctx, "#timeline", "written")
	timeline := text(t, ctx, "#timeline")
	for _, want := range []string{"dead", "replayed from the console", "written"} {
		if !strings.Contains(timeline, want) {
			t.Errorf("timeline lacks %q:\n%s", want, timeline)
		}
	}
	// No dead letter is left to replay.
	visit(t, ctx, w.URL+"/audit?job=dead", "#audit-results")
	if n := evalJS[int](t, ctx, `document.querySelectorAll("#replay-matching").length`); n != 0 {
		t.Errorf("a replay is still offered after the dead letter was applied")
	}
}
