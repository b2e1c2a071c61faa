package e2e

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"toggl-attio-sync/internal/app"
	"toggl-attio-sync/internal/attiosim"
	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/testrig"
	"toggl-attio-sync/internal/toggl"
	"toggl-attio-sync/internal/togglsim"
)

// consoleWorld is both emulators and the service with a provisioned connection (testrig's
// Connect) and an admin password; Toggl calls are not paced (the emulator's limits are off).
type consoleWorld struct {
	*testrig.World
	conn     *connection.Connection
	projects map[string]string // Attio Project name → record id
}

func newConsoleWorld(t *testing.T) *consoleWorld {
	t.Helper()
	o := testrig.WorldOptions{}
	o.Env = map[string]string{"ADMIN_PASSWORD": password}
	o.Toggl.DisableLimits = true
	o.App = []app.Option{app.WithTogglOptions(func(opts *toggl.Options) { opts.Registry = toggl.NewRegistry(0, 1) })}
	w := testrig.StartWorld(t, o)
	cw := &consoleWorld{World: w, projects: map[string]string{}}
	cw.conn = w.Connect(t)
	for _, p := range w.AttioSeed.Projects {
		cw.projects[p.Name] = p.RecordID
	}
	return cw
}

// settle waits until Toggl delivered everything and the service's queue is empty.
func (w *consoleWorld) settle(t *testing.T) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	must(t, w.Toggl.WaitIdle(ctx))
	for {
		n, err := w.App.Store.CountUnfinishedInbox(ctx)
		must(t, err)
		if n == 0 {
			return
		}
		w.App.Pool.Notify()
		select {
		case <-ctx.Done():
			t.Fatalf("queue not drained: %d jobs left\n%s\nlogs:\n%s", n, w.auditDump(t), tail(w.Logs.String(), 6000))
		case <-time.After(20 * time.Millisecond):
		}
	}
}

func (w *consoleWorld) auditDump(t *testing.T) string {
	rows, err := w.App.Store.QueryRaw("SELECT id, status, entity, message FROM audit ORDER BY id")
	must(t, err)
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var id int64
		var s, e, m string
		rows.Scan(&id, &s, &e, &m)
		fmt.Fprintf(&b, "  %4d %-10s %-24s %s\n", id, s, e, m)
	}
	return b.String()
}

// entry creates a finished time entry in Toggl, as Ada, and returns its id.
func (w *consoleWorld) entry(t *testing.T, projectID int64, description string) int64 {
	t.Helper()
	start := time.Now().Add(-3 * time.Hour).UTC().Truncate(time.Second)
	fields := map[string]any{"created_with": "e2e", "workspace_id": togglsim.SeedWorkspaceID, "start": start.Format(time.RFC3339),
		"duration": 5400, "description": description, "billable": true}
	if projectID != 0 {
		fields["project_id"] = projectID
	}
	te, err := w.Toggl.CreateTimeEntry(togglsim.SeedAdaToken, togglsim.SeedWorkspaceID, fields)
	must(t, err)
	return te.ID
}

// attioEntries returns the toggl_time_entries entries of one Toggl time entry.
func (w *consoleWorld) attioEntries(teID int64) []attiosim.Entry {
	var out []attiosim.Entry
	for _, e := range w.Attio.Entries("toggl_time_entries") {
		if v, ok := current(e.Values, "toggl_time_entry_id").(float64); ok && int64(v) == teID {
			out = append(out, e)
		}
	}
	return out
}

// newestJob is the id of the newest delivery of a Toggl time entry.
func (w *consoleWorld) newestJob(t *testing.T, teID int64) int64 {
	t.Helper()
	var id int64
	must(t, w.App.Store.QueryRowRaw("SELECT id FROM inbox WHERE entity_key = ? ORDER BY id DESC LIMIT 1",
		fmt.Sprintf("time_entry:%d", teID)).Scan(&id))
	return id
}

// newestAudit is the id of the newest audit row of an entity with a status. The worker writes
// a job's outcome row just after finishing the job, so the row may trail the queue by a moment.
func (w *consoleWorld) newestAudit(t *testing.T, entity, status string) int64 {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		var id int64
		err := w.App.Store.QueryRowRaw("SELECT id FROM audit WHERE entity = ? AND status = ? ORDER BY id DESC LIMIT 1",
			entity, status).Scan(&id)
		if err == nil {
			return id
		}
		if !errors.Is(err, sql.ErrNoRows) || time.Now().After(deadline) {
			t.Fatalf("no %s audit row for %s: %v\n%s", status, entity, err, w.auditDump(t))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// current reads the active value of an attribute from the emulator's output shape.
func current(values map[string][]map[string]any, slug string) any {
	for _, v := range values[slug] {
		if v["active_until"] != nil {
			continue
		}
		if x, ok := v["value"]; ok {
			return x
		}
	}
	return nil
}

func consoleLogin(t *testing.T, ctx context.Context, url string) {
	t.Helper()
	must(t, chromedp.Do(ctx,
		chromedp.Navigate(url+"/login"),
		chromedp.WaitVisible("#login-form"),
		chromedp.SendKeys("#password", password),
		chromedp.Submit("#login-form"),
		chromedp.WaitVisible("#logout"),
	))
}

// visit opens a console page and waits for an element on it.
func visit(t *testing.T, ctx context.Context, url, sel string) {
	t.Helper()
	must(t, chromedp.Do(ctx, chromedp.Navigate(url), chromedp.WaitVisible(sel)))
}

// evalJS evaluates an expression in the page.
func evalJS[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	must(t, err)
	return v
}

// noInjectedMarkup fails when markup from Toggl or Attio became elements of the page.
func noInjectedMarkup(t *testing.T, ctx context.Context, where string) {
	t.Helper()
	if n := evalJS[int](t, ctx, `document.querySelectorAll("main img, main script, #pwn").length`); n != 0 {
		t.Fatalf("%s: %d injected element(s) in the page", where, n)
	}
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

// waitText waits until the element's text contains want (across page loads and htmx swaps).
func waitText(t *testing.T, ctx context.Context, sel, want string) {
	t.Helper()
	js := fmt.Sprintf(`(() => { const e = document.querySelector(%q); return !!e && e.textContent.includes(%q); })()`, sel, want)
	if !waitJS(ctx, js) {
		got, _ := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`(document.querySelector(%q)||{}).textContent||"(absent)"`, sel)))
		t.Fatalf("waiting for %s to contain %q: it reads %q", sel, want, got)
	}
}

// waitLocation waits until the page at an address containing part has loaded.
func waitLocation(t *testing.T, ctx context.Context, part string) {
	t.Helper()
	if !waitJS(ctx, fmt.Sprintf(`location.href.includes(%q) && document.readyState === "complete"`, part)) {
		t.Fatalf("no page at *%s* loaded", part)
	}
}

// waitJS evaluates a predicate until it holds, for up to two minutes. Evaluation errors
// while a page is being replaced (its context is gone) count as "not yet".
func waitJS(ctx context.Context, js string) bool {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	for {
		if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js)); err == nil && ok {
			return true
		}
		select {
		case <-ctx.Done():
			return false
		case <-time.After(100 * time.Millisecond):
		}
	}
}
