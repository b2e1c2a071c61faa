package e2e

import (
	"fmt"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"toggl-attio-sync/internal/testrig"
	"toggl-attio-sync/internal/togglsim"
)

// Markup typed into Toggl (descriptions, a project name) and into Attio (a Project name) is
// shown as text on every console page that displays it: audit list and detail, field map
// preview, simulator, fallback search. Nothing becomes an element and no script runs.
func TestConsoleMarkupFromTogglAndAttioIsEscaped(t *testing.T) {
	const (
		imgDesc     = `<img src=x onerror=alert(1)>`
		scriptDesc  = `<script>alert(2)</script>`
		projectName = `<b id=pwn>Bold</b> project`
		attioName   = `<img src=y onerror=alert(3)> Evil Project`
	)
	w := newConsoleWorld(t)
	p, err := w.Toggl.CreateProject(togglsim.SeedAdaToken, togglsim.SeedWorkspaceID, map[string]any{"name": projectName, "active": true})
	must(t, err)
	written := w.entry(t, 20300001, imgDesc)
	unroutable := w.entry(t, p.ID, scriptDesc)
	_, err = w.Attio.CreateRecord("projects", map[string]any{"name": attioName})
	must(t, err)
	w.settle(t)

	ctx := testrig.Chromium(t)
	var dialogs atomic.Int32
	must(t, chromedp.Listen(ctx, func(ev any) {
		if _, ok := ev.(*page.EventJavascriptDialogOpening); ok {
			dialogs.Add(1)
		}
	}))
	consoleLogin(t, ctx, w.URL)
	shows := func(where, sel, literal string) {
		t.Helper()
		if got := text(t, ctx, sel); !strings.Contains(got, literal) {
			t.Errorf("%s: %s does not show %q as text: %q", where, sel, literal, got)
		}
		noInjectedMarkup(t, ctx, where)
	}

	visit(t, ctx, w.URL+"/audit?q=pwn", "#audit-table")
	shows("audit list", "#audit-table", projectName)

	visit(t, ctx, fmt.Sprintf("%s/audit/%d", w.URL, w.newestAudit(t, fmt.Sprintf("time_entry:%d", written), "written")), "#job-body")
	shows("audit detail body", "#job-body", imgDesc)

	visit(t, ctx, fmt.Sprintf("%s/audit/%d", w.URL, w.newestAudit(t, fmt.Sprintf("time_entry:%d", unroutable), "unroutable")), "#decision")
	shows("audit detail decision", "#decision", "'"+projectName+"'")
	shows("audit detail body", "#job-body", scriptDesc)

	visit(t, ctx, w.URL+"/fieldmap", "#preview")
	shows("field map preview", `#preview tr[data-target="description"]`, scriptDesc)
	shows("field map preview", `#preview tr[data-target="toggl_project_name"]`, projectName)

	visit(t, ctx, w.URL+"/rules", "#simulate-form")
	shows("simulator choices", "#simulate-form", imgDesc)
	shows("simulator choices", "#simulate-form", scriptDesc)
	must(t, chromedp.Do(ctx,
		chromedp.Click(fmt.Sprintf("#job-%d", w.newestJob(t, unroutable))),
		chromedp.Click("#simulate"),
		chromedp.WaitVisible("#sim-steps"),
	))
	shows("simulator steps", "#sim-steps", projectName)

	must(t, chromedp.Do(ctx, chromedp.SendKeys("#fallback-q", "Evil"), chromedp.WaitVisible("#fallback-list")))
	shows("fallback search", "#fallback-list", attioName)

	if n := dialogs.Load(); n != 0 {
		t.Fatalf("%d script dialog(s) opened", n)
	}
}
