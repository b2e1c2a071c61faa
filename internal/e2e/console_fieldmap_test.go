package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"toggl-attio-sync/internal/testrig"
)

// An admin adds a field to the time entry map in the browser: a bad slug is refused beside its
// field, an attribute Attio lacks asks for reprovisioning, "Save and create in Attio" creates
// it, and the next Toggl event is written by the new map.
func TestConsoleFieldMapChangeWritesNextEvent(t *testing.T) {
	w := newConsoleWorld(t)
	first := w.entry(t, 20300001, "before the change")
	w.settle(t)
	if n := len(w.attioEntries(first)); n != 1 {
		t.Fatalf("first entry: %d Attio entries\n%s", n, w.auditDump(t))
	}

	ctx := testrig.Chromium(t)
	consoleLogin(t, ctx, w.URL)
	visit(t, ctx, w.URL+"/fieldmap", "#fieldmap-form")
	// The preview renders the newest real delivery through the saved map.
	if got := text(t, ctx, `#preview tr[data-target="description"] .preview-value`); got != "before the change" {
		t.Fatalf("preview of description: %q", got)
	}

	row := len(w.conn.Settings.TimeEntryMap) // the first blank row
	src, target, typ := fmt.Sprintf("#source_%d", row), fmt.Sprintf("#target_%d", row), fmt.Sprintf("#type_%d", row)
	must(t, chromedp.Do(ctx,
		chromedp.SetValue(src, "time_entry.description"),
		chromedp.SendKeys(target, "Team Notes"),
		chromedp.SetValue(typ, "text"),
		chromedp.Click("#fieldmap-save"),
		chromedp.WaitVisible(fmt.Sprintf("#row-%d-error", row)),
	))
	if got := text(t, ctx, fmt.Sprintf("#row-%d-error", row)); !strings.Contains(got, `"Team Notes" is not an Attio api_slug`) {
		t.Fatalf("error beside the field: %q", got)
	}
	if v, _ := chromedp.Run(ctx, chromedp.Value(target)); v != "Team Notes" {
		t.Fatalf("the bad value is not kept in its field: %q", v)
	}

	must(t, chromedp.Do(ctx,
		chromedp.Clear(target),
		chromedp.SendKeys(target, "team_notes"),
		chromedp.Click("#fieldmap-save"),
		chromedp.WaitVisible("#reprovision"),
	))
	if got := text(t, ctx, "#reprovision"); !strings.Contains(got, "Needs reprovisioning") || !strings.Contains(got, "team_notes") {
		t.Fatalf("reprovisioning notice: %q", got)
	}
	if s, _ := w.App.Conns.Get(t.Context(), w.conn.ID); len(s.Settings.TimeEntryMap) != row {
		t.Fatal("saved although Attio lacks the attribute")
	}
	must(t, chromedp.Do(ctx, chromedp.Click("#fieldmap-provision"), chromedp.WaitVisible("#fieldmap-notice")))
	if got := text(t, ctx, "#fieldmap-notice"); !strings.Contains(got, "Created the missing attributes") {
		t.Fatalf("after provisioning: %q", got)
	}

	second := w.entry(t, 20300001, "after the change")
	w.settle(t)
	entries := w.attioEntries(second)
	if len(entries) != 1 {
		t.Fatalf("second entry: %d Attio entries\n%s", len(entries), w.auditDump(t))
	}
	if got := current(entries[0].Values, "team_notes"); got != "after the change" {
		t.Fatalf("team_notes = %v, want the description by the new map; values %v", got, entries[0].Values)
	}
	// The preview follows the saved map too.
	visit(t, ctx, w.URL+"/fieldmap", "#preview")
	if got := text(t, ctx, `#preview tr[data-target="team_notes"] .preview-value`); got != "after the change" {
		t.Fatalf("preview of team_notes: %q", got)
	}
}
