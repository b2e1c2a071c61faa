package attiosim

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"toggl-attio-sync/internal/signature"
)

// receiver is an HTTPS endpoint that records deliveries and answers scripted statuses.
type receiver struct {
	srv      *httptest.Server
	mu       sync.Mutex
	got      []delivered
	statuses []int // answered in order; 200 once used up
}

type delivered struct {
	header http.Header
	body   []byte
	env    struct {
		WebhookID string           `json:"webhook_id"`
		Events    []map[string]any `json:"events"`
	}
}

func newReceiver(t *testing.T, statuses ...int) *receiver {
	rc := &receiver{statuses: statuses}
	rc.srv = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		d := delivered{header: r.Header.Clone(), body: body}
		if err := json.Unmarshal(body, &d.env); err != nil {
			t.Errorf("delivery body is not the envelope: %s", body)
		}
		rc.mu.Lock()
		rc.got = append(rc.got, d)
		status := http.StatusOK
		if len(rc.statuses) > 0 {
			status, rc.statuses = rc.statuses[0], rc.statuses[1:]
		}
		rc.mu.Unlock()
		w.WriteHeader(status)
	}))
	t.Cleanup(rc.srv.Close)
	return rc
}

func (rc *receiver) deliveries() []delivered {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return slices.Clone(rc.got)
}

func (rc *receiver) setStatuses(s ...int) {
	rc.mu.Lock()
	rc.statuses = s
	rc.mu.Unlock()
}

// hookFixture is a fixture whose deliveries reach rc.
func hookFixture(t *testing.T, rc *receiver, cfg Config) *fixture {
	cfg.HTTPClient = rc.srv.Client()
	return newFixture(t, cfg)
}

func (f *fixture) webhook(url string, subs ...map[string]any) (id, secret string) {
	f.t.Helper()
	list := make([]any, len(subs))
	for i, s := range subs {
		list[i] = s
	}
	d := f.ok("POST", "/v2/webhooks", map[string]any{"data": map[string]any{"target_url": url, "subscriptions": list}}).data()
	return d["id"].(map[string]any)["webhook_id"].(string), d["secret"].(string)
}

func sub(eventType string, filter any) map[string]any {
	return map[string]any{"event_type": eventType, "filter": filter}
}

func (f *fixture) idle() {
	f.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := f.sim.WaitIdle(ctx); err != nil {
		f.t.Fatalf("WaitIdle: %v", err)
	}
}

func TestWebhookManagement(t *testing.T) {
	f := newFixture(t, Config{})
	f.projectsSchema()
	list, err := f.sim.CreateList("Time entries", "time_entries", "projects")
	if err != nil {
		t.Fatal(err)
	}
	body := map[string]any{"data": map[string]any{"target_url": "https://example.test/hook", "subscriptions": []any{
		sub("record.created", nil),
		sub("list-entry.updated", map[string]any{"$and": []any{map[string]any{"field": "id.list_id", "operator": "equals", "value": list.ID}}}),
	}}}
	created := f.ok("POST", "/v2/webhooks", body).data()
	id := created["id"].(map[string]any)["webhook_id"].(string)
	if created["secret"] == "" || created["status"] != "active" || created["target_url"] != "https://example.test/hook" {
		t.Errorf("created = %v", created)
	}
	subs := created["subscriptions"].([]any)
	if subs[0].(map[string]any)["filter"] != nil || subs[1].(map[string]any)["filter"].(map[string]any)["$and"] == nil {
		t.Errorf("subscriptions = %v", subs)
	}
	got := f.ok("GET", "/v2/webhooks/"+id, nil).data()
	if _, has := got["secret"]; has {
		t.Error("secret is only shown on create")
	}
	if n := len(f.ok("GET", "/v2/webhooks", nil).list()); n != 1 {
		t.Errorf("webhooks = %d", n)
	}
	wantError(t, f.bareDo("GET", "/v2/webhooks?limit=5", nil), 400, "invalid_request_error", "validation_type")
	patched := f.ok("PATCH", "/v2/webhooks/"+id, map[string]any{"data": map[string]any{"target_url": "https://example.test/v2",
		"subscriptions": []any{sub("record.deleted", nil)}}}).data()
	if patched["target_url"] != "https://example.test/v2" || len(patched["subscriptions"].([]any)) != 1 {
		t.Errorf("patched = %v", patched)
	}

	bad := func(name string, d map[string]any) {
		t.Run(name, func(t *testing.T) {
			wantError(t, f.bareDo("POST", "/v2/webhooks", map[string]any{"data": d}), 400, "invalid_request_error", "validation_type")
		})
	}
	bad("http target", map[string]any{"target_url": "http://example.test/hook", "subscriptions": []any{sub("record.created", nil)}})
	bad("unknown event", map[string]any{"target_url": "https://example.test/hook", "subscriptions": []any{sub("task.completed", nil)}})
	bad("filter missing", map[string]any{"target_url": "https://example.test/hook", "subscriptions": []any{map[string]any{"event_type": "record.created"}}})
	bad("bad operator", map[string]any{"target_url": "https://example.test/hook", "subscriptions": []any{sub("record.created",
		map[string]any{"$and": []any{map[string]any{"field": "id.object_id", "operator": "contains", "value": "x"}}})}})
	r := f.bareDo("POST", "/v2/webhooks", map[string]any{"data": map[string]any{"target_url": "https://example.test/hook",
		"subscriptions": []any{sub("list-entry.created", map[string]any{"$and": []any{map[string]any{"field": "id.list_id",
			"operator": "equals", "value": "5a0c3f5e-0000-4000-8000-000000000000"}}})}}})
	wantError(t, r, 400, "invalid_request_error", "validation_type")
	if r.body["message"] != "Related list not found" {
		t.Errorf("message = %v", r.body["message"])
	}

	f.ok("DELETE", "/v2/webhooks/"+id, nil)
	wantError(t, f.do("GET", "/v2/webhooks/"+id, nil), 404, "invalid_request_error", "not_found")

	g := newFixture(t, Config{Deliveries: Deliveries{AllowHTTP: true}})
	g.ok("POST", "/v2/webhooks", map[string]any{"data": map[string]any{"target_url": "https://example.test/hook",
		"subscriptions": []any{sub("record.created", nil)}}})
	if r := g.bareDo("POST", "/v2/webhooks", map[string]any{"data": map[string]any{"target_url": "http://127.0.0.1:9/hook",
		"subscriptions": []any{sub("record.created", nil)}}}); r.status != 200 {
		t.Errorf("AllowHTTP: %d %s", r.status, r.raw)
	}
}

func TestDeliveryEnvelopeSignatureAndActor(t *testing.T) {
	rc := newReceiver(t)
	f := hookFixture(t, rc, Config{})
	f.projectsSchema()
	hookID, secret := f.webhook(rc.srv.URL, sub("record.created", nil), sub("record.updated", nil), sub("record.deleted", nil))

	rec := f.ok("POST", "/v2/objects/projects/records", data(map[string]any{"name": []any{"P"}})).data()
	id := recordID(rec)
	f.idle()
	got := rc.deliveries()
	if len(got) != 1 {
		t.Fatalf("deliveries = %d", len(got))
	}
	d := got[0]
	if !signature.VerifyAttio(secret, d.body, d.header.Get("Attio-Signature")) {
		t.Error("Attio-Signature does not verify against the webhook secret")
	}
	if d.header.Get("X-Attio-Signature") != d.header.Get("Attio-Signature") {
		t.Error("X-Attio-Signature must duplicate Attio-Signature")
	}
	if d.header.Get("Idempotency-Key") == "" || d.header.Get("Content-Type") != "application/json" ||
		d.header.Get("User-Agent") != userAgent {
		t.Errorf("headers = %v", d.header)
	}
	if d.env.WebhookID != hookID || len(d.env.Events) != 1 {
		t.Fatalf("envelope = %s", d.body)
	}
	ev := d.env.Events[0]
	wantID := map[string]any{"workspace_id": f.sim.WorkspaceID(), "object_id": rec["id"].(map[string]any)["object_id"], "record_id": id}
	if ev["event_type"] != "record.created" || !mapsEqual(ev["id"].(map[string]any), wantID) {
		t.Errorf("event = %v", ev)
	}
	if a := ev["actor"].(map[string]any); a["type"] != "api-token" || a["id"] != f.token.ActorID {
		t.Errorf("actor = %v, want our token %s so the receiver can skip its own writes", a, f.token.ActorID)
	}
	if _, has := ev["values"]; has {
		t.Error("events carry ids only")
	}

	// one record.updated per changed attribute, each with attribute_id and its own key
	f.ok("PATCH", "/v2/objects/projects/records/"+id, data(map[string]any{"name": []any{"Q"}, "hours": []any{3}}))
	f.idle()
	got = rc.deliveries()[1:]
	if len(got) != 2 {
		t.Fatalf("update deliveries = %d", len(got))
	}
	attrIDs := map[string]bool{}
	for _, d := range got {
		ev := d.env.Events[0]
		if ev["event_type"] != "record.updated" {
			t.Errorf("event = %v", ev)
		}
		attrIDs[ev["id"].(map[string]any)["attribute_id"].(string)] = true
	}
	if len(attrIDs) != 2 || got[0].header.Get("Idempotency-Key") == got[1].header.Get("Idempotency-Key") {
		t.Errorf("attribute ids %v, keys %q %q", attrIDs, got[0].header.Get("Idempotency-Key"), got[1].header.Get("Idempotency-Key"))
	}
	// a write that changes nothing sends nothing
	f.ok("PATCH", "/v2/objects/projects/records/"+id, data(map[string]any{"name": []any{"Q"}}))
	// a person editing in Attio (helper) is a workspace-member actor
	if _, err := f.sim.UpdateRecord("projects", id, map[string]any{"name": []any{"R"}}); err != nil {
		t.Fatal(err)
	}
	f.ok("DELETE", "/v2/objects/projects/records/"+id, nil)
	f.idle()
	got = rc.deliveries()[3:]
	if len(got) != 2 {
		t.Fatalf("deliveries after no-op, helper edit and delete = %d", len(got))
	}
	if a := got[0].env.Events[0]["actor"].(map[string]any); a["type"] != "workspace-member" {
		t.Errorf("helper edit actor = %v", a)
	}
	if got[1].env.Events[0]["event_type"] != "record.deleted" {
		t.Errorf("last event = %v", got[1].env.Events[0])
	}

	h := newFixture(t, Config{Compat: Compat{UpdatedEventWithoutAttributeID: true}, HTTPClient: rc.srv.Client()})
	h.projectsSchema()
	h.webhook(rc.srv.URL, sub("record.updated", nil))
	hid := recordID(h.ok("POST", "/v2/objects/projects/records", data(map[string]any{"name": []any{"P"}})).data())
	before := len(rc.deliveries())
	h.ok("PATCH", "/v2/objects/projects/records/"+hid, data(map[string]any{"name": []any{"Q"}, "hours": []any{3}}))
	h.idle()
	after := rc.deliveries()[before:]
	if len(after) != 1 || after[0].env.Events[0]["id"].(map[string]any)["attribute_id"] != nil {
		t.Errorf("one update event without attribute_id expected, got %d", len(after))
	}
}

func mapsEqual(a, b map[string]any) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestListEntryEvents(t *testing.T) {
	rc := newReceiver(t)
	f := hookFixture(t, rc, Config{})
	project := f.timeEntries()
	f.webhook(rc.srv.URL, sub("list-entry.created", nil), sub("list-entry.updated", nil), sub("list-entry.deleted", nil))
	e := f.ok("POST", "/v2/lists/time_entries/entries", entryBody(project, map[string]any{"hours": []any{1}})).data()
	f.ok("PATCH", "/v2/lists/time_entries/entries/"+entryID(e), map[string]any{"data": map[string]any{"entry_values": map[string]any{"hours": []any{2}}}})
	f.ok("DELETE", "/v2/lists/time_entries/entries/"+entryID(e), nil)
	f.idle()
	got := rc.deliveries()
	if len(got) != 3 {
		t.Fatalf("deliveries = %d", len(got))
	}
	for i, want := range []string{"list-entry.created", "list-entry.updated", "list-entry.deleted"} {
		ev := got[i].env.Events[0]
		id := ev["id"].(map[string]any)
		if ev["event_type"] != want || ev["parent_record_id"] != project || id["entry_id"] != entryID(e) ||
			id["list_id"] != e["id"].(map[string]any)["list_id"] || ev["parent_object_id"] == nil {
			t.Errorf("event %d = %v", i, ev)
		}
		if _, has := id["attribute_id"]; has != (want == "list-entry.updated") {
			t.Errorf("event %d attribute_id presence wrong: %v", i, id)
		}
	}
}

func TestSubscriptionFilters(t *testing.T) {
	rcA, rcB, rcC := newReceiver(t), newReceiver(t), newReceiver(t)
	// one HTTP client reaches all three test servers: they share the httptest root CA
	f := hookFixture(t, rcA, Config{})
	f.projectsSchema()
	projects, _ := f.sim.Attributes("objects", "projects")
	projectsID := projects[0].ParentID
	f.webhook(rcA.srv.URL, sub("record.created", map[string]any{"$and": []any{
		map[string]any{"field": "id.object_id", "operator": "equals", "value": projectsID}}}))
	f.webhook(rcB.srv.URL, sub("record.created", map[string]any{"$or": []any{
		map[string]any{"field": "actor.type", "operator": "equals", "value": "workspace-member"},
		map[string]any{"field": "id.object_id", "operator": "not_equals", "value": projectsID}}}))
	f.webhook(rcC.srv.URL, sub("record.created", map[string]any{"$and": []any{
		map[string]any{"field": "actor.id", "operator": "not_equals", "value": f.token.ActorID}}}))

	f.company("Globex", "")                                                                  // API, companies
	f.ok("POST", "/v2/objects/projects/records", data(map[string]any{"name": []any{"API"}})) // API, projects
	if _, err := f.sim.CreateRecord("projects", map[string]any{"name": "UI"}); err != nil {  // person, projects
		t.Fatal(err)
	}
	f.idle()
	count := func(rc *receiver) int { return len(rc.deliveries()) }
	if count(rcA) != 2 || count(rcB) != 2 || count(rcC) != 1 {
		t.Errorf("deliveries A=%d (projects) B=%d (member or not projects) C=%d (not our token), want 2 2 1",
			count(rcA), count(rcB), count(rcC))
	}
}

func TestDeliveryRetriesWithStableKeyThenDegrades(t *testing.T) {
	rc := newReceiver(t, 500, 503, 200)
	backoff := []time.Duration{time.Minute, 10 * time.Minute, time.Hour}
	f := hookFixture(t, rc, Config{Deliveries: Deliveries{Backoff: backoff}})
	hookID, _ := f.webhook(rc.srv.URL, sub("record.created", nil))
	start := f.clock.Now()
	f.company("Globex", "")
	f.idle()
	got := rc.deliveries()
	if len(got) != 3 {
		t.Fatalf("attempts = %d, want 3 (500, 503, 200)", len(got))
	}
	key := got[0].header.Get("Idempotency-Key")
	for _, d := range got {
		if d.header.Get("Idempotency-Key") != key || string(d.body) != string(got[0].body) {
			t.Error("retries must repeat the body and Idempotency-Key")
		}
	}
	if waited := f.clock.Now().Sub(start); waited != 11*time.Minute {
		t.Errorf("back-off waited %v, want 11m (1m + 10m)", waited)
	}
	log := f.sim.Deliveries()
	if len(log) != 3 || log[0].StatusCode != 500 || log[2].Attempt != 3 || log[2].StatusCode != 200 {
		t.Errorf("delivery log = %+v", log)
	}

	// always failing: all retries used, then degraded; after 7 days inactive and skipped
	rc.setStatuses(500, 500, 500, 500)
	f.company("Initech", "")
	f.idle()
	if n := len(rc.deliveries()); n != 3+4 {
		t.Fatalf("attempts = %d, want 7", n)
	}
	if st := f.ok("GET", "/v2/webhooks/"+hookID, nil).data()["status"]; st != "degraded" {
		t.Errorf("status after exhausted retries = %v", st)
	}
	f.clock.Advance(7 * 24 * time.Hour)
	if st := f.ok("GET", "/v2/webhooks/"+hookID, nil).data()["status"]; st != "inactive" {
		t.Errorf("status after 7 days degraded = %v", st)
	}
	f.company("Umbrella", "")
	f.idle()
	if n := len(rc.deliveries()); n != 7 {
		t.Errorf("inactive webhook got a delivery (%d attempts)", n)
	}

	// degraded recovers on success
	g := hookFixture(t, rc, Config{Deliveries: Deliveries{Backoff: []time.Duration{time.Second}}})
	gid, _ := g.webhook(rc.srv.URL, sub("record.created", nil))
	rc.setStatuses(500, 500)
	g.company("A", "")
	g.idle()
	if st := g.ok("GET", "/v2/webhooks/"+gid, nil).data()["status"]; st != "degraded" {
		t.Fatalf("status = %v", st)
	}
	g.company("B", "")
	g.idle()
	if st := g.ok("GET", "/v2/webhooks/"+gid, nil).data()["status"]; st != "active" {
		t.Errorf("status after a delivered message = %v", st)
	}
}

func TestDefaultBackoffSpansAboutThreeDays(t *testing.T) {
	var total time.Duration
	b := defaultBackoff()
	for _, d := range b {
		total += d
	}
	if len(b) != 10 || total < 60*time.Hour || total > 80*time.Hour {
		t.Errorf("default back-off: %d retries over %v, want 10 over ≈3 days", len(b), total)
	}
}

func TestDeliveryFaults(t *testing.T) {
	t.Run("batching", func(t *testing.T) {
		rc := newReceiver(t)
		f := hookFixture(t, rc, Config{Deliveries: Deliveries{BatchSize: 3}})
		f.webhook(rc.srv.URL, sub("record.created", nil))
		f.sim.HoldDeliveries()
		for _, n := range []string{"A", "B", "C", "D", "E"} {
			f.company(n, "")
		}
		if len(rc.deliveries()) != 0 {
			t.Fatal("held events were sent")
		}
		f.idle()
		got := rc.deliveries()
		if len(got) != 2 || len(got[0].env.Events) != 3 || len(got[1].env.Events) != 2 {
			t.Fatalf("batches = %d", len(got))
		}
	})
	t.Run("duplicate", func(t *testing.T) {
		rc := newReceiver(t)
		f := hookFixture(t, rc, Config{Deliveries: Deliveries{DuplicateRate: 1}})
		f.webhook(rc.srv.URL, sub("record.created", nil))
		f.company("A", "")
		f.idle()
		got := rc.deliveries()
		if len(got) != 2 || got[0].header.Get("Idempotency-Key") != got[1].header.Get("Idempotency-Key") {
			t.Fatalf("duplicate deliveries = %d", len(got))
		}
		if log := f.sim.Deliveries(); !log[1].Duplicate {
			t.Error("second delivery should be marked Duplicate")
		}
	})
	t.Run("reorder", func(t *testing.T) {
		rc := newReceiver(t)
		f := hookFixture(t, rc, Config{Deliveries: Deliveries{ReorderRate: 1}})
		f.webhook(rc.srv.URL, sub("record.created", nil))
		f.sim.HoldDeliveries()
		first := f.company("First", "")
		second := f.company("Second", "")
		f.idle()
		got := rc.deliveries()
		if len(got) != 2 || got[0].env.Events[0]["id"].(map[string]any)["record_id"] != second ||
			got[1].env.Events[0]["id"].(map[string]any)["record_id"] != first {
			t.Errorf("messages were not swapped")
		}
	})
	t.Run("delay", func(t *testing.T) {
		rc := newReceiver(t)
		f := hookFixture(t, rc, Config{Deliveries: Deliveries{Delay: 5 * time.Minute}})
		f.webhook(rc.srv.URL, sub("record.created", nil))
		f.company("A", "")
		f.idle()
		log := f.sim.Deliveries()
		if len(log) != 1 || log[0].At.Sub(epoch) < 5*time.Minute {
			t.Errorf("delivery at %v, want ≥ 5m after the write", log[0].At.Sub(epoch))
		}
	})
}
