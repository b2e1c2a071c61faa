package resync_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"toggl-attio-sync/internal/app"
	"toggl-attio-sync/internal/attio"
	"toggl-attio-sync/internal/attiosim"
	"toggl-attio-sync/internal/backoff"
	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/contract"
	"toggl-attio-sync/internal/resync"
	"toggl-attio-sync/internal/testrig"
	"toggl-attio-sync/internal/toggl"
	"toggl-attio-sync/internal/togglsim"
)

const wid = togglsim.SeedWorkspaceID

// Toggl projects the Attio seed maps to Attio Projects by toggl_project_id.
const (
	websiteRedesign = 20300001
	dataMigration   = 20300003
)

// options scale the world for a test.
type options struct {
	// writesPerSecond is Attio's write limit, enforced by the emulator. The client's pacer is
	// configured at clientShare of it: the emulator counts whole clock seconds, and requests
	// paced at exactly the limit can still land limit+1 in one second when the scheduler
	// delays a few of them (a 2 ms spacing at 500/s is within ordinary jitter).
	writesPerSecond int
	toggl           togglsim.Config
	workers         int
	// poll is how often the service looks for runs and a test for their end; default 100 ms
	// and 200 ms.
	poll time.Duration
}

// clientShare is the client's write pace as a share of Attio's limit (see writesPerSecond).
const clientShare = 0.95

func (o options) clientLimit() float64 { return clientShare * float64(o.writesPerSecond) }

// world is the service with both emulators and a provisioned connection.
type world struct {
	*testrig.World
	conn     *connection.Connection
	requests *requestCounter
	project  map[int64]string // Toggl project id → Attio Project record id
	opts     options
	browser  *http.Client // logged in to the console, once asked for
}

func startWorld(t testing.TB, o options) *world {
	t.Helper()
	if o.writesPerSecond == 0 {
		o.writesPerSecond = 100
	}
	if o.workers == 0 {
		o.workers = 8
	}
	// Toggl's pace is scaled up on both sides: the emulator's leaky bucket and the client's
	// registry (one per test, so tests do not share a token budget).
	if o.toggl.RateLimit.PerSecond == 0 {
		o.toggl.RateLimit = togglsim.RateLimit{PerSecond: 400, Burst: 100}
	}
	reg := toggl.NewRegistry(5*time.Millisecond, 1)
	counter := &requestCounter{checked: contract.Transport(t, http.DefaultTransport), plain: http.DefaultTransport,
		counts: map[string]int{}, shapes: map[string]int{}}
	w := testrig.StartWorld(t, testrig.WorldOptions{
		Toggl: o.toggl,
		Attio: attiosim.Config{Limits: attiosim.Limits{WritesPerSecond: o.writesPerSecond}},
		Options: testrig.Options{Env: map[string]string{"ADMIN_PASSWORD": consolePassword}, App: []app.Option{
			app.WithTransport(counter),
			app.WithTogglOptions(func(to *toggl.Options) { to.Registry = reg }),
			app.WithBackoff(backoff.Exponential{Base: 10 * time.Millisecond, Max: 200 * time.Millisecond}),
			app.WithResync(func(s *resync.Service) {
				s.Workers = o.workers
				s.PollInterval = 100 * time.Millisecond
				if o.poll > 0 {
					s.PollInterval = o.poll
				}
				s.Backoff = backoff.Exponential{Base: 10 * time.Millisecond, Max: 200 * time.Millisecond}
			}),
		}},
	})
	// The client paces writes to the same limit the emulator enforces.
	attio.SharedPacer(strings.TrimRight(w.App.Config.AttioAPIURL.String(), "/"), attiosim.SeedToken,
		attio.Limits{WritesPerSecond: o.clientLimit()}, nil)
	f := &world{World: w, requests: counter, project: map[int64]string{}, opts: o}
	f.conn = w.Connect(t)
	for _, p := range w.AttioSeed.Projects {
		var id int64
		if _, err := fmt.Sscan(p.TogglProjectID, &id); err == nil {
			f.project[id] = p.RecordID
		}
	}
	return f
}

// seedEntries stores n stopped time entries directly in the Toggl emulator (no webhooks),
// spread over days [firstDaysAgo-span+1 .. firstDaysAgo] before now, alternating the two mapped
// projects and the three users. It returns each entry's Toggl project.
func (w *world) seedEntries(n, daysAgo, span int, now time.Time) map[int64]int64 {
	users := []int64{togglsim.SeedAdaID, togglsim.SeedBenID, togglsim.SeedChloeID}
	projects := []int64{websiteRedesign, dataMigration}
	out := make(map[int64]int64, n)
	base := now.UTC().Truncate(24*time.Hour).AddDate(0, 0, -daysAgo)
	for i := range n {
		start := base.AddDate(0, 0, i%span).Add(time.Duration(8*3600+(i/span)*97) * time.Second)
		stop := start.Add(time.Duration(15+i%45) * time.Minute)
		e := w.Toggl.AddTimeEntry(togglsim.TimeEntry{
			WorkspaceID: wid, UserID: users[i%3], ProjectID: projects[i%2], Description: fmt.Sprintf("backfill %d", i),
			Billable: i%2 == 0, Tags: []string{"resync"}, Start: start, Stop: &stop, At: stop, CreatedWith: "resync test",
		})
		out[e.ID] = e.ProjectID
	}
	return out
}

// window covers the days seedEntries used (the demo seed's own entries are in the last week).
func window(daysAgo, span int, now time.Time) resync.Window {
	start := now.UTC().Truncate(24*time.Hour).AddDate(0, 0, -daysAgo)
	return resync.Window{Start: start, End: start.AddDate(0, 0, span-1)}
}

// start queues a run for the service to execute.
func (w *world) start(t testing.TB, win resync.Window) int64 {
	t.Helper()
	id, err := resync.Enqueue(context.Background(), w.App.Store, w.conn.ID, win, "test", resync.Estimate{}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// wait polls the run until it finishes (the deadline only keeps a broken run from hanging
// the test; nothing asserts on time).
func (w *world) wait(t testing.TB, id int64) resync.Progress {
	t.Helper()
	deadline := time.Now().Add(8 * time.Minute)
	for {
		p, err := resync.Load(context.Background(), w.App.Store, id, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if p.Finished() {
			return p
		}
		if time.Now().After(deadline) {
			t.Fatalf("run did not finish: %s\n%s", p.Line(), w.Logs.String())
		}
		if w.opts.poll > 0 {
			time.Sleep(w.opts.poll)
		} else {
			time.Sleep(200 * time.Millisecond) // each look counts the run's outcomes
		}
	}
}

// waitFor polls the run until cond holds.
func (w *world) waitFor(t testing.TB, id int64, what string, cond func(resync.Progress) bool) resync.Progress {
	t.Helper()
	deadline := time.Now().Add(8 * time.Minute)
	for {
		p, err := resync.Load(context.Background(), w.App.Store, id, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if cond(p) {
			return p
		}
		if p.Finished() || time.Now().After(deadline) {
			t.Fatalf("run never reached %s: %s", what, p.Line())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// attioEntries groups the toggl_time_entries entries by Toggl time entry id.
func (w *world) attioEntries() map[int64][]attiosim.Entry {
	out := map[int64][]attiosim.Entry{}
	for _, e := range w.Attio.Entries("toggl_time_entries") {
		if v, ok := activeValue(e.Values, "toggl_time_entry_id").(float64); ok {
			out[int64(v)] = append(out[int64(v)], e)
		}
	}
	return out
}

// checkExactly asserts Attio holds exactly one entry per wanted time entry, under the Attio
// Project its Toggl project maps to, and nothing else of the wanted days.
func (w *world) checkExactly(t testing.TB, want map[int64]int64) {
	t.Helper()
	got := w.attioEntries()
	bad := 0
	for id, project := range want {
		es := got[id]
		switch {
		case len(es) != 1:
			t.Errorf("time entry %d: %d Attio entries, want 1", id, len(es))
			bad++
		case es[0].ParentRecordID != w.project[project]:
			t.Errorf("time entry %d: parent %s, want %s (Toggl project %d)", id, es[0].ParentRecordID, w.project[project], project)
			bad++
		}
		if bad > 10 {
			t.Fatal("too many mismatches")
		}
	}
}

func activeValue(values map[string][]map[string]any, slug string) any {
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

// requestCounter counts the service's outbound requests (by "METHOD path", "reports" for the
// Reports search, and "<key> <status>" for error answers) and checks them against the
// official specs (contract.Transport). A backfill repeats a handful of call shapes thousands
// of times, so each shape (method and path with ids blanked) is checked the first
// checkedPerShape times and then only counted: the checks are a quarter of the CPU otherwise.
type requestCounter struct {
	checked, plain http.RoundTripper
	mu             sync.Mutex
	counts         map[string]int
	shapes         map[string]int
	reportRows     []int64 // first_row_number of each Reports search, in order (0: first page)
}

const checkedPerShape = 30

func (c *requestCounter) RoundTrip(r *http.Request) (*http.Response, error) {
	key := r.Method + " " + r.URL.Path
	switch {
	case strings.HasSuffix(r.URL.Path, "/search/time_entries/totals"):
		key = "reports totals"
	case strings.Contains(r.URL.Path, "/search/time_entries"):
		key = "reports"
	}
	shape := r.Method + " " + idSegments.ReplaceAllString(r.URL.Path, "/{id}")
	c.mu.Lock()
	c.counts[key]++
	c.shapes[shape]++
	check := c.shapes[shape] <= checkedPerShape
	c.mu.Unlock()
	if key == "reports" && r.Body != nil {
		body, err := io.ReadAll(r.Body)
		r.Body.Close()
		if err != nil {
			return nil, err
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		var search struct {
			FirstRowNumber int64 `json:"first_row_number"`
		}
		json.Unmarshal(body, &search)
		c.mu.Lock()
		c.reportRows = append(c.reportRows, search.FirstRowNumber)
		c.mu.Unlock()
	}
	rt := c.plain
	if check {
		rt = c.checked
	}
	resp, err := rt.RoundTrip(r)
	if err == nil && resp.StatusCode >= 400 {
		c.mu.Lock()
		c.counts[fmt.Sprintf("%s %d", key, resp.StatusCode)]++
		c.mu.Unlock()
	}
	return resp, err
}

// idSegments are path segments holding an id (Toggl numbers, Attio UUIDs).
var idSegments = regexp.MustCompile(`/[^/]*[0-9][^/]*`)

func (c *requestCounter) snapshot() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return maps.Clone(c.counts)
}

func (c *requestCounter) firstRows() []int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.reportRows)
}

func (c *requestCounter) get(key string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.counts[key]
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
