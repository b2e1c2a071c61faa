package outbound_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"toggl-attio-sync/internal/app"
	"toggl-attio-sync/internal/backoff"
	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/signature"
	"toggl-attio-sync/internal/testrig"
	"toggl-attio-sync/internal/toggl"
	"toggl-attio-sync/internal/togglsim"
)

const wid = togglsim.SeedWorkspaceID

// fixture is the service and both emulators, connected the way the console's wizard does
// (testrig Connect: Attio schema, Toggl subscriptions, the Attio webhook to the service).
type fixture struct {
	*testrig.World
	conn *connection.Connection
}

// newFixture starts a World with time scaled for tests: Toggl's leaky bucket and the
// client's pacing both 100× faster (docs/api/toggl.md §5: 1 request/second), short delivery retries,
// and Attio events batched as Attio does (docs/api/attio.md §5 "Envelope (batched)").
func newFixture(t *testing.T, edit func(*testrig.WorldOptions)) *fixture {
	t.Helper()
	var o testrig.WorldOptions
	o.Toggl.RateLimit = togglsim.RateLimit{PerSecond: 100, Burst: 2}
	o.Toggl.Delivery.RetrySchedule = []time.Duration{50 * time.Millisecond, 200 * time.Millisecond, time.Second, 2 * time.Second, 5 * time.Second}
	// Whether Toggl refuses a second client of the same name is UNCONFIRMED (docs/api/toggl.md §4.4);
	// the emulator accepting it leaves only the service's own Company lock against duplicates.
	o.Toggl.Quirks.AllowDuplicateClientNames = true
	o.HTTPS = true // Attio delivers only to https targets (docs/api/attio.md §5)
	o.Attio.Deliveries.BatchSize = 20
	o.Attio.Deliveries.BatchWindow = 10 * time.Millisecond
	o.Attio.Deliveries.Backoff = []time.Duration{50 * time.Millisecond, 100 * time.Millisecond, 200 * time.Millisecond,
		400 * time.Millisecond, 800 * time.Millisecond, 2 * time.Second, 2 * time.Second, 3 * time.Second, 3 * time.Second, 3 * time.Second}
	if edit != nil {
		edit(&o)
	}
	registry := toggl.NewRegistry(10*time.Millisecond, 1) // one per World: every client of the token shares it
	f := &fixture{}
	o.App = append(o.App,
		app.WithTogglOptions(func(to *toggl.Options) {
			to.Registry, to.RetryBaseDelay, to.RetryMaxDelay = registry, 20*time.Millisecond, 200*time.Millisecond
		}),
		app.WithBackoff(backoff.Exponential{Base: 50 * time.Millisecond, Max: 500 * time.Millisecond}))
	f.World = testrig.StartWorld(t, o)
	f.conn = f.Connect(t)
	if len(f.Attio.Webhooks()) != 1 {
		t.Fatalf("Connect made %d Attio webhooks, want 1", len(f.Attio.Webhooks()))
	}
	return f
}

// restart stops the service, runs between while it is down, and starts it again on the same
// database and address (so the emulators keep delivering to it).
func (f *fixture) restart(t *testing.T, between func(dbPath string)) {
	t.Helper()
	dbPath := f.App.Config.DatabasePath()
	f.Rig.Stop(t)
	if between != nil {
		between(dbPath)
	}
	f.Restart(t)
}

// settle waits until both emulators delivered everything (including the echoes of the
// service's own writes) and the service's queue is empty, twice in a row.
func (f *fixture) settle(t *testing.T) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	prevA, prevT := -1, -1
	for {
		must(t, f.Attio.WaitIdle(ctx))
		must(t, f.Toggl.WaitIdle(ctx))
		for {
			n, err := f.App.Store.CountUnfinishedInbox(ctx)
			must(t, err)
			if n == 0 {
				break
			}
			f.App.Pool.Notify()
			select {
			case <-ctx.Done():
				t.Fatalf("queue not drained: %d jobs left\n%s\n%s\nlogs:\n%s", n, f.audit(t), f.inbox(t), f.Logs.String())
			case <-time.After(20 * time.Millisecond):
			}
		}
		a, tg := len(f.Attio.Deliveries()), len(f.Toggl.Deliveries())
		if a == prevA && tg == prevT {
			return
		}
		prevA, prevT = a, tg
	}
}

// waitFor polls cond until it holds.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (f *fixture) company(t *testing.T, name string) string {
	t.Helper()
	r, err := f.Attio.CreateRecord("companies", map[string]any{"name": name})
	must(t, err)
	return r.ID
}

// project creates an Attio Project as a person would in the web app; companyID "" leaves
// the Company empty.
func (f *fixture) project(t *testing.T, name, companyID string) string {
	t.Helper()
	values := map[string]any{"name": name}
	if companyID != "" {
		values["company"] = []map[string]any{{"target_object": "companies", "target_record_id": companyID}}
	}
	r, err := f.Attio.CreateRecord("projects", values)
	must(t, err)
	return r.ID
}

// togglClients lists the live Toggl clients named name.
func (f *fixture) togglClients(name string) []togglsim.Client {
	var out []togglsim.Client
	for _, c := range f.Toggl.Clients() {
		if c.WorkspaceID == wid && c.DeletedAt == nil && c.Name == name {
			out = append(out, c)
		}
	}
	return out
}

// togglProjects lists the live Toggl projects of a client, by name.
func (f *fixture) togglProjects(clientID int64) map[string][]togglsim.Project {
	out := map[string][]togglsim.Project{}
	for _, p := range f.Toggl.Projects() {
		if p.WorkspaceID == wid && p.DeletedAt == nil && p.ClientID == clientID {
			out[p.Name] = append(out[p.Name], p)
		}
	}
	return out
}

// attioText is a record's current text value of slug ("" when none).
func (f *fixture) attioText(t *testing.T, object, recordID, slug string) string {
	t.Helper()
	r, ok := f.Attio.Record(object, recordID)
	if !ok {
		t.Fatalf("%s %s not found", object, recordID)
	}
	for _, v := range r.Values[slug] {
		if v["active_until"] == nil {
			s, _ := v["value"].(string)
			return s
		}
	}
	return ""
}

// checkLinked asserts that every Project is linked to exactly one live Toggl project of the
// Company's single Toggl client, with its name, and returns the client.
func (f *fixture) checkLinked(t *testing.T, companyName, companyID string, projects map[string]string) togglsim.Client {
	t.Helper()
	clients := f.togglClients(companyName)
	if len(clients) != 1 {
		t.Fatalf("Toggl clients named %q: %d, want 1\n%s", companyName, len(clients), f.audit(t))
	}
	client := clients[0]
	if got := f.attioText(t, "companies", companyID, "toggl_client_id"); got != fmt.Sprint(client.ID) {
		t.Errorf("Company toggl_client_id = %q, want %d", got, client.ID)
	}
	byName := f.togglProjects(client.ID)
	if len(byName) != len(projects) {
		t.Errorf("Toggl projects of client %d: %d names, want %d", client.ID, len(byName), len(projects))
	}
	for name, rid := range projects {
		ps := byName[name]
		if len(ps) != 1 {
			t.Errorf("Toggl projects named %q: %d, want 1", name, len(ps))
			continue
		}
		if got := f.attioText(t, "projects", rid, "toggl_project_id"); got != fmt.Sprint(ps[0].ID) {
			t.Errorf("Project %q toggl_project_id = %q, want %d", name, got, ps[0].ID)
		}
	}
	return client
}

// delivery is one Attio webhook message the test sends itself.
type delivery struct {
	body []byte
	key  string
}

// recordEvent builds a delivery of one record event of a Project, as Attio sends it
// (docs/api/attio.md §5 "Delivery body").
func (f *fixture) recordEvent(t *testing.T, eventType string, recordIDs ...string) delivery {
	t.Helper()
	hooks := f.Attio.Webhooks()
	events := make([]any, len(recordIDs))
	for i, id := range recordIDs {
		events[i] = map[string]any{"event_type": eventType,
			"id":    map[string]any{"workspace_id": f.Attio.WorkspaceID(), "object_id": f.AttioSeed.ProjectsObjectID, "record_id": id},
			"actor": map[string]any{"type": "workspace-member", "id": uuid.NewString()}}
	}
	body, err := json.Marshal(map[string]any{"webhook_id": hooks[0].ID, "events": events})
	must(t, err)
	return delivery{body: body, key: uuid.NewString()}
}

// post sends a delivery signed with secret ("" = the webhook's secret) and returns the status.
func (f *fixture) post(t *testing.T, d delivery, secret string) int {
	t.Helper()
	if secret == "" {
		secret = f.Attio.Webhooks()[0].Secret
	}
	req, err := http.NewRequest(http.MethodPost, f.URL+"/webhooks/attio/"+f.conn.Slug, bytes.NewReader(d.body))
	must(t, err)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(signature.AttioHeader, signature.SignAttio(secret, d.body))
	req.Header.Set("Idempotency-Key", d.key)
	resp, err := http.DefaultClient.Do(req)
	must(t, err)
	resp.Body.Close()
	return resp.StatusCode
}

// jobs counts the service's attio jobs by status.
func (f *fixture) jobs(t *testing.T) map[string]int {
	t.Helper()
	rows, err := f.App.Store.QueryRaw("SELECT status, count(*) FROM inbox WHERE source = 'attio' GROUP BY status")
	must(t, err)
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var s string
		var n int
		must(t, rows.Scan(&s, &n))
		out[s] = n
	}
	return out
}

// auditCount counts audit rows of the outbound flow with status and a message containing sub.
func (f *fixture) auditCount(t *testing.T, status, sub string) int {
	t.Helper()
	var n int
	must(t, f.App.Store.QueryRowRaw("SELECT count(*) FROM audit WHERE source = 'attio' AND status = ? AND instr(message, ?) > 0", status, sub).Scan(&n))
	return n
}

func (f *fixture) inbox(t *testing.T) string {
	rows, err := f.App.Store.QueryRaw("SELECT id, source, status, attempts, kind, entity_key, last_error, wait_reason FROM inbox WHERE status NOT IN ('done', 'skipped') ORDER BY id")
	must(t, err)
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var id, attempts int64
		var src, st, kind, ent, last, wait string
		rows.Scan(&id, &src, &st, &attempts, &kind, &ent, &last, &wait)
		fmt.Fprintf(&b, "  job %d %s %s attempts=%d %s %s err=%q wait=%q\n", id, src, st, attempts, kind, ent, last, wait)
	}
	return b.String()
}

// entityAudit counts the outbound audit rows of one Attio record with status and a message
// containing sub.
func (f *fixture) entityAudit(t *testing.T, recordID, status, sub string) int {
	t.Helper()
	var n int
	must(t, f.App.Store.QueryRowRaw("SELECT count(*) FROM audit WHERE source = 'attio' AND entity = ? AND status = ? AND instr(message, ?) > 0",
		"record:"+recordID, status, sub).Scan(&n))
	return n
}

func (f *fixture) audit(t *testing.T) string {
	rows, err := f.App.Store.QueryRaw("SELECT status, entity, message FROM audit WHERE source = 'attio' ORDER BY id")
	must(t, err)
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var s, e, m string
		rows.Scan(&s, &e, &m)
		fmt.Fprintf(&b, "  %-10s %-30s %s\n", s, e, m)
	}
	return b.String()
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
