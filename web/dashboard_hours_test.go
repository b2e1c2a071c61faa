package web_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"toggl-attio-sync/internal/app"
	"toggl-attio-sync/internal/resync"
	"toggl-attio-sync/internal/store"
	"toggl-attio-sync/internal/testrig"
	"toggl-attio-sync/internal/toggl"
	"toggl-attio-sync/internal/togglsim"
)

// The hours chart shows what Attio holds, per day the time was tracked: entries a resync
// wrote 13 days ago..today (which no delivery body ever described), and a webhook's entry
// whose delivery the dedupe window has since pruned. Each day's total is the sum of the
// Toggl durations of the entries Attio holds for it, and equals the sum of the
// duration_seconds Attio shows (what a drift check compares).
func TestHoursChartCountsResyncedAndPrunedEntries(t *testing.T) {
	o := testrig.WorldOptions{}
	o.Env = map[string]string{"ADMIN_PASSWORD": goodPassword}
	o.Toggl.DisableLimits = true
	o.App = []app.Option{
		app.WithTogglOptions(func(opts *toggl.Options) { opts.Registry = toggl.NewRegistry(0, 1) }),
		app.WithResync(func(s *resync.Service) { s.PollInterval = 100 * time.Millisecond }),
	}
	w := testrig.StartWorld(t, o)
	conn := w.Connect(t)
	ctx := context.Background()
	wid := int64(togglsim.SeedWorkspaceID)

	// The seed's running timer would be written with the seconds elapsed when it is applied,
	// which this test cannot know: stop it (in the emulator's state, so no webhook fires).
	if run, ok := w.Toggl.TimeEntry(w.TogglSeed.RunningEntryID); ok {
		stop := run.Start.Add(20 * time.Minute)
		run.Stop, run.At = &stop, stop
		w.Toggl.AddTimeEntry(run)
	}
	// History no webhook delivered, on the two Toggl projects Attio links: every day from 13
	// days ago to today, one entry crossing midnight (it counts on the day it started).
	today := time.Now().UTC().Truncate(24 * time.Hour)
	projects := []int64{20300001, 20300003}
	var added []int64
	for k := range 14 {
		for i := range 2 {
			start := today.AddDate(0, 0, -k).Add(time.Duration(1+5*i)*time.Hour + time.Duration(3*k)*time.Minute)
			stop := start.Add(time.Duration(20+7*k+31*i) * time.Minute)
			e := w.Toggl.AddTimeEntry(togglsim.TimeEntry{WorkspaceID: wid, UserID: togglsim.SeedAdaID, ProjectID: projects[i],
				Description: fmt.Sprintf("history %d/%d", k, i), Start: start, Stop: &stop, At: stop})
			added = append(added, e.ID)
		}
	}
	late := today.AddDate(0, 0, -5).Add(-40 * time.Minute)
	lateStop := late.Add(90 * time.Minute)
	e := w.Toggl.AddTimeEntry(togglsim.TimeEntry{WorkspaceID: wid, UserID: togglsim.SeedBenID, ProjectID: 20300001,
		Description: "across midnight", Start: late, Stop: &lateStop, At: lateStop})
	added = append(added, e.ID)

	id, err := resync.Enqueue(ctx, w.App.Store, conn.ID, resync.Window{Start: today.AddDate(0, 0, -13), End: today}, "test", resync.Estimate{}, time.Now())
	must(t, err)
	if p := waitRun(t, w, id); p.Status != "done" || p.Counts.Failed != 0 {
		t.Fatalf("resync: %s", p.Summary())
	}

	// A webhook's entry, then the dedupe window passes: its delivery body is pruned.
	hook, err := w.Toggl.CreateTimeEntry(togglsim.SeedChloeToken, wid, map[string]any{
		"created_with": "test", "workspace_id": wid, "project_id": 20300003, "description": "by webhook",
		"start": today.AddDate(0, 0, -3).Add(10 * time.Hour).Format(time.RFC3339), "duration": 2700,
	})
	must(t, err)
	added = append(added, hook.ID)
	waitHeld(t, w, hook.ID)
	waitDrained(t, w) // the job is finished after its Attio write: only then can it be pruned
	pruned, err := w.App.Store.Prune(ctx, time.Now().Add(store.DedupeWindow+time.Hour))
	must(t, err)
	if pruned == 0 {
		t.Fatal("no delivery was pruned")
	}

	held := heldEntries(w)
	for _, id := range added {
		if held[id] == nil {
			t.Fatalf("Attio holds no entry for time entry %d", id)
		}
	}
	// Expected per UTC day: Toggl's durations of the entries Attio holds, and Attio's own
	// duration_seconds of them.
	wantSecs, wantEntries, attioSecs := map[string]int64{}, map[string]int{}, map[string]float64{}
	for _, te := range w.Toggl.TimeEntries() {
		values := held[te.ID]
		if values == nil {
			continue // unroutable in Attio (a project it does not link)
		}
		day := te.Start.UTC().Format(time.DateOnly)
		wantSecs[day] += te.Duration()
		wantEntries[day]++
		secs, _ := activeValue(values, "duration_seconds").(float64)
		attioSecs[day] += secs
	}

	c := login(t, w.Rig)
	days := hoursBars(t, dashboard(t, w.Rig, c))
	if len(days) != 14 {
		t.Fatalf("chart has %d days, want 14: %v", len(days), days)
	}
	old := 0
	for day, got := range days {
		want := fmt.Sprintf("%.2f hours in Attio (%s)", float64(wantSecs[day])/3600, entries(wantEntries[day]))
		if got != want {
			t.Errorf("%s: chart says %q, want %q", day, got, want)
		}
		if a := fmt.Sprintf("%.2f", attioSecs[day]/3600); !strings.HasPrefix(got, a+" hours") {
			t.Errorf("%s: chart says %q, Attio holds %s hours", day, got, a)
		}
		if d, _ := time.Parse(time.DateOnly, day); wantEntries[day] > 0 && today.Sub(d) > store.DedupeWindow {
			old++
		}
	}
	if old < 4 {
		t.Errorf("only %d charted days are older than the dedupe window", old)
	}

	// A row written before the map kept starts is left out, and the caption says so.
	res, err := w.App.Store.ExecRaw(ctx, "UPDATE entry_map SET start_at = 0, seconds = 0 WHERE time_entry_id = ?", hook.ID)
	must(t, err)
	if n, _ := res.RowsAffected(); n != 1 {
		t.Fatalf("updated %d rows", n)
	}
	page := dashboard(t, w.Rig, c)
	if !strings.Contains(page, "1 entry written before this version is counted after the next resync.") {
		t.Errorf("no caption for the undated entry:\n%s", chartHTML(t, page))
	}
	hookDay := today.AddDate(0, 0, -3).Format(time.DateOnly)
	want := fmt.Sprintf("%.2f hours in Attio (%s)", float64(wantSecs[hookDay]-2700)/3600, entries(wantEntries[hookDay]-1))
	if got, ok := hoursBars(t, page)[hookDay]; ok && got != want {
		t.Errorf("%s after undating: %q, want %q", hookDay, got, want)
	}
}

func entries(n int) string {
	if n == 1 {
		return "1 entry"
	}
	return fmt.Sprintf("%d entries", n)
}

// waitRun polls the run until it finishes (the deadline only keeps a broken run from
// hanging the test).
func waitRun(t *testing.T, w *testrig.World, id int64) resync.Progress {
	t.Helper()
	deadline := time.Now().Add(3 * time.Minute)
	for {
		p, err := resync.Load(context.Background(), w.App.Store, id, time.Now())
		must(t, err)
		if p.Finished() {
			return p
		}
		if time.Now().After(deadline) {
			t.Fatalf("run did not finish: %s", p.Line())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// waitHeld polls Attio until it holds an entry for the time entry.
func waitHeld(t *testing.T, w *testrig.World, id int64) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for heldEntries(w)[id] == nil {
		if time.Now().After(deadline) {
			t.Fatalf("time entry %d never reached Attio\n%s", id, w.Logs.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// waitDrained waits until the service has finished every delivery it took.
func waitDrained(t *testing.T, w *testrig.World) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		n, err := w.App.Store.CountUnfinishedInbox(context.Background())
		must(t, err)
		if n == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d deliveries never finished\n%s", n, w.Logs.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// heldEntries are the values of Attio's time entries by Toggl time entry id.
func heldEntries(w *testrig.World) map[int64]map[string][]map[string]any {
	out := map[int64]map[string][]map[string]any{}
	for _, e := range w.Attio.Entries("toggl_time_entries") {
		if v, ok := activeValue(e.Values, "toggl_time_entry_id").(float64); ok {
			out[int64(v)] = e.Values
		}
	}
	return out
}

func activeValue(values map[string][]map[string]any, slug string) any {
	for _, v := range values[slug] {
		if v["active_until"] == nil {
			return v["value"]
		}
	}
	return nil
}

func login(t *testing.T, rig *testrig.Rig) *http.Client {
	t.Helper()
	c := rig.Browser()
	resp := rig.PostForm(t, c, "/login", form("password", goodPassword))
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("login: %d", resp.StatusCode)
	}
	return c
}

func dashboard(t *testing.T, rig *testrig.Rig, c *http.Client) string {
	t.Helper()
	resp, err := c.Get(rig.URL + "/")
	must(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	must(t, err)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("dashboard: %d\n%s", resp.StatusCode, b)
	}
	return string(b)
}

func chartHTML(t *testing.T, page string) string {
	t.Helper()
	i := strings.Index(page, `id="chart-hours"`)
	if i < 0 {
		t.Fatalf("no hours chart:\n%s", page)
	}
	j := strings.Index(page[i:], "</figure>")
	return page[i : i+j]
}

var hourTitle = regexp.MustCompile(`<title>(\d{4}-\d{2}-\d{2}): ([^<]*)</title>`)

// hoursBars reads each bar's tooltip of the hours chart: day → "2.50 hours in Attio (3 entries)".
func hoursBars(t *testing.T, page string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, m := range hourTitle.FindAllStringSubmatch(chartHTML(t, page), -1) {
		out[m[1]] = m[2]
	}
	return out
}
