package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"toggl-attio-sync/internal/testrig"
)

// An admin chooses the type and status attributes, excludes fixed + active and picks the
// fallback Project with the search: the next entry of a fixed, active Project lands on the
// fallback, and the simulator explains why step by step.
func TestConsoleExclusionSendsToFallbackAndSimulatorExplains(t *testing.T) {
	w := newConsoleWorld(t)
	ctx := testrig.Chromium(t)
	consoleLogin(t, ctx, w.URL)

	visit(t, ctx, w.URL+"/rules", "#rules-form")
	must(t, chromedp.Do(ctx,
		chromedp.SetValue("#type_attribute", "type"),
		chromedp.SetValue("#status_attribute", "status"),
		chromedp.Click("#rules-save"),
		chromedp.WaitVisible("#rules-notice"),
		// The exclusion row now offers Attio's options.
	))
	must(t, chromedp.Do(ctx, chromedp.WaitReady(`#ex_type_0 option[value="fixed"]`)))

	// "any + any" would exclude every Project: refused beside the rule.
	must(t, chromedp.Do(ctx,
		chromedp.SetValue("#ex_type_0", "*"),
		chromedp.SetValue("#ex_status_0", "*"),
		chromedp.Click("#rules-save"),
		chromedp.WaitVisible("#ex-0-error"),
	))
	if got := text(t, ctx, "#ex-0-error"); !strings.Contains(got, "would exclude every Project") {
		t.Fatalf("error beside the rule: %q", got)
	}
	must(t, chromedp.Do(ctx,
		chromedp.SetValue("#ex_type_0", "fixed"),
		chromedp.SetValue("#ex_status_0", "active"),
		chromedp.Click("#rules-save"),
		chromedp.WaitVisible("#rules-notice"),
	))
	conn, err := w.App.Conns.Get(t.Context(), w.conn.ID)
	must(t, err)
	if r := conn.Settings.Rules; r.TypeAttribute != "type" || r.StatusAttribute != "status" || len(r.Exclusions) != 1 ||
		r.Exclusions[0].Type != "fixed" || r.Exclusions[0].Status != "active" {
		t.Fatalf("saved rules: %+v", r)
	}

	// The fallback picker searches Attio as the admin types (htmx) and sets the chosen one.
	must(t, chromedp.Do(ctx,
		chromedp.SendKeys("#fallback-q", "Security"),
		chromedp.WaitVisible("#fallback-list"),
	))
	if got := text(t, ctx, "#fallback-list"); !strings.Contains(got, "Security Audit") || strings.Contains(got, "Website Redesign") {
		t.Fatalf("search results: %q", got)
	}
	must(t, chromedp.Do(ctx,
		chromedp.Click(fmt.Sprintf(`#fallback-list button[data-record="%s"]`, w.projects["Security Audit"])),
	))
	waitText(t, ctx, "#rules-notice", "Fallback Project saved")
	if got := text(t, ctx, "#fallback-current"); !strings.Contains(got, "Security Audit") {
		t.Fatalf("fallback: %q", got)
	}

	// Website Redesign (Toggl project 20300001) is fixed and active: excluded.
	te := w.entry(t, 20300001, "excluded work")
	w.settle(t)
	got := w.attioEntries(te)
	if len(got) != 1 || got[0].ParentRecordID != w.projects["Security Audit"] {
		t.Fatalf("entry landed %+v, want one under Security Audit\n%s", got, w.auditDump(t))
	}

	visit(t, ctx, w.URL+"/rules", "#simulate-form")
	must(t, chromedp.Do(ctx,
		chromedp.Click(fmt.Sprintf("#job-%d", w.newestJob(t, te))),
		chromedp.Click("#simulate"),
		chromedp.WaitVisible("#sim-steps"),
	))
	steps := text(t, ctx, "#sim-steps")
	for _, want := range []string{
		"Toggl project 20300001 'Website Redesign' is mapped to Attio Project 'Website Redesign'",
		"excluded: Project 'Website Redesign' has type fixed + status active, which matches rule #1 (type fixed + status active)",
		"landed on fallback 'Security Audit'",
	} {
		if !strings.Contains(steps, want) {
			t.Errorf("simulator steps lack %q:\n%s", want, steps)
		}
	}
	if got := text(t, ctx, "#sim-landed"); !strings.Contains(got, "fallback Project Security Audit") {
		t.Errorf("simulator landing: %q", got)
	}

	// A pasted entry of the same project is explained the same way.
	must(t, chromedp.Do(ctx,
		chromedp.SendKeys("#paste", `{"id": 99, "workspace_id": 7435584, "project_id": 20300001, "user_id": 9547721, "description": "pasted", "start": "2024-05-01T09:00:00Z", "duration": 60}`),
		chromedp.Click("#simulate"),
	))
	waitText(t, ctx, "#sim-result", "Pasted time entry 99")
	if got := text(t, ctx, "#sim-steps"); !strings.Contains(got, "matches rule #1") {
		t.Errorf("pasted simulation: %q", got)
	}
}
