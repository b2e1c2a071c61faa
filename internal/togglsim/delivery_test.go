package togglsim

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"toggl-attio-sync/internal/signature"
)

// TestPingMatchesOfficialSignatureVector rebuilds the PING of Toggl's signature docs byte for
// byte and checks the published signature (docs/api/toggl.md §3).
func TestPingMatchesOfficialSignatureVector(t *testing.T) {
	validated := time.Now()
	sub := &Subscription{ID: 6, UserID: 6, URLCallback: "https://callback-url.com", ValidatedAt: &validated}
	body := pingEnvelope(sub, time.Date(2022, 6, 25, 3, 58, 10, 207820267, time.UTC), "")
	const doc = `{"event_id":0,"created_at":"2022-06-25T03:58:10.207820267Z","creator_id":6,"metadata":{"request_type":"POST","event_user_id":6},"payload":"ping","subscription_id":6,"timestamp":"2022-06-25T03:58:10.207820267Z","url_callback":"https://callback-url.com"}`
	if string(body) != doc {
		t.Fatalf("ping body\n got %s\nwant %s", body, doc)
	}
	const sig = "sha256=bf829606cda0ca6923defb5ca70a43135adc7e8887486a201a19cb50ca6006b1"
	if got := signature.SignToggl("PGuRrhCFajIyEvFlreKL", body); got != sig {
		t.Fatalf("signature %s, want %s", got, sig)
	}
}

func TestUnvalidatedPingLayout(t *testing.T) {
	sub := &Subscription{ID: 10710, UserID: 9547721, URLCallback: "https://dark-red-mussel-hose.cyclic.app/new-entry",
		ValidationCode: "89627dd73f2044f2f73815d665bbce33"}
	body := pingEnvelope(sub, time.Date(2023, 7, 17, 10, 57, 40, 959597671, time.UTC),
		"https://track.toggl.com/webhooks/api/v1/validate/7435584/10710/89627dd73f2044f2f73815d665bbce33")
	// The 2023 capture of docs/api/toggl.md §2.1, compacted.
	const capture = `{"event_id":0,"created_at":"2023-07-17T10:57:40.959597671Z","creator_id":9547721,"metadata":{"request_type":"POST","event_user_id":9547721},"payload":"ping","subscription_id":10710,"timestamp":"2023-07-17T10:57:40.959597671Z","url_callback":"https://dark-red-mussel-hose.cyclic.app/new-entry","validation_code":"89627dd73f2044f2f73815d665bbce33","validation_code_url":"https://track.toggl.com/webhooks/api/v1/validate/7435584/10710/89627dd73f2044f2f73815d665bbce33"}`
	if string(body) != capture {
		t.Fatalf("ping body\n got %s\nwant %s", body, capture)
	}
}

// TestEntityEnvelopeExactBytes drives the captured "timer started" request of docs/api/toggl.md §2.2
// through the API and compares the delivery byte for byte.
func TestEntityEnvelopeExactBytes(t *testing.T) {
	e := newEnv(t)
	rc := newReceiver(t)
	sub := e.subscribe(ada, rc, "bytes")
	e.clock.Set(time.Date(2025, 3, 12, 12, 0, 0, 827443406, time.UTC))
	reqBody := `{"at":"2025-03-12T12:00:00.445Z","billable":false,"description":"test","duration":-1741780800,"start":"2025-03-12T12:00:00.445Z","tags":[],"workspace_id":7435584,"created_with":"TrackExtension/3.0.11"}`
	r := e.call(ada, "POST", "/api/v9/workspaces/7435584/time_entries", reqBody)
	want(t, r, http.StatusOK)
	var te apiEntry
	r.decode(t, &te)
	e.waitIdle()

	ds := deliveriesOf(e.sim, sub.SubscriptionID)
	if len(ds) != 1 {
		t.Fatalf("%d deliveries", len(ds))
	}
	d := ds[0]
	quotedBody, _ := json.Marshal(reqBody)
	wantBody := fmt.Sprintf(`{"event_id":%d,"created_at":"2025-03-12T12:00:00.827Z","creator_id":9547721,`+
		`"metadata":{"action":"created","event_user_id":"9547721","model":"time_entry","model_owner_id":"9547721",`+
		`"path":"/api/v9/workspaces/7435584/time_entries","request_body":%s,"request_type":"POST","time_entry_id":"%d","workspace_id":"7435584"},`+
		`"payload":{"at":"2025-03-12T12:00:00+00:00","billable":false,"description":"test","duration":-1741780800,"duronly":true,"id":%d,`+
		`"project_id":null,"server_deleted_at":null,"start":"2025-03-12T12:00:00Z","stop":null,"tag_ids":null,"tags":[],"task_id":null,`+
		`"uid":9547721,"user_id":9547721,"wid":7435584,"workspace_id":7435584},`+
		`"subscription_id":%d,"timestamp":"2025-03-12T12:00:00.827443406Z","url_callback":"%s"}`,
		d.EventID, quotedBody, te.ID, te.ID, sub.SubscriptionID, rc.srv.URL)
	if string(d.Body) != wantBody {
		t.Fatalf("delivery body\n got %s\nwant %s", d.Body, wantBody)
	}
	if d.EventID < 1e15 {
		t.Fatalf("event_id %d is not a large id", d.EventID)
	}
	got := rc.events(t)
	raw := rc.requests()[len(rc.requests())-1]
	if string(raw.body) != wantBody || !signature.VerifyToggl(sub.Secret, raw.body, raw.header.Get(signature.TogglHeader)) {
		t.Fatalf("receiver got %s (signature check failed or body differs)", raw.body)
	}
	if len(got) != 1 {
		t.Fatalf("%d events", len(got))
	}

	// Stop: "updated" with a positive duration and a Z stop.
	e.clock.Set(time.Date(2025, 3, 12, 12, 50, 1, 0, time.UTC))
	want(t, e.call(ada, "PATCH", fmt.Sprintf("/api/v9/workspaces/7435584/time_entries/%d/stop", te.ID), nil), http.StatusOK)
	e.waitIdle()
	upd := rc.events(t)[1]
	meta, payload := upd["metadata"].(map[string]any), upd["payload"].(map[string]any)
	if meta["action"] != "updated" || meta["request_type"] != "PATCH" || meta["request_body"] != "" ||
		meta["path"] != fmt.Sprintf("/api/v9/workspaces/7435584/time_entries/%d/stop", te.ID) {
		t.Fatalf("update metadata %v", meta)
	}
	if payload["duration"] != float64(3001) || payload["stop"] != "2025-03-12T12:50:01Z" || payload["at"] != "2025-03-12T12:50:01+00:00" {
		t.Fatalf("update payload %v", payload)
	}

	// Delete: "deleted" with server_deleted_at.
	want(t, e.callRaw(ada, "DELETE", fmt.Sprintf("/api/v9/workspaces/7435584/time_entries/%d", te.ID), nil), http.StatusOK)
	e.waitIdle()
	del := rc.events(t)[2]
	if del["metadata"].(map[string]any)["action"] != "deleted" || del["payload"].(map[string]any)["server_deleted_at"] != "2025-03-12T12:50:01+00:00" {
		t.Fatalf("delete event %v", del)
	}
}

func deliveriesOf(s *Sim, sid int64) []Delivery {
	var out []Delivery
	for _, d := range s.Deliveries() {
		if d.SubscriptionID == sid && !d.Ping {
			out = append(out, d)
		}
	}
	return out
}

func TestProjectAndClientEvents(t *testing.T) {
	e := newEnv(t)
	rc := newReceiver(t)
	e.subscribe(ada, rc, "catalog", EventFilter{"project", "*"}, EventFilter{"client", "created"})
	c, err := e.sim.CreateClient(SeedAdaToken, SeedWorkspaceID, map[string]any{"name": "Hooli"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.sim.UpdateClient(SeedAdaToken, SeedWorkspaceID, c.ID, map[string]any{"name": "Hooli XYZ"}); err != nil {
		t.Fatal(err)
	}
	p, err := e.sim.CreateProject(SeedBenToken, SeedWorkspaceID, map[string]any{"name": "Pied Piper", "client_id": c.ID})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.sim.StartTimer(SeedAdaToken, SeedWorkspaceID, p.ID, "not subscribed"); err != nil {
		t.Fatal(err)
	}
	e.waitIdle()
	evs := rc.events(t)
	if len(evs) != 2 {
		t.Fatalf("%d events, want client created and project created: %v", len(evs), evs)
	}
	cm, pm := evs[0]["metadata"].(map[string]any), evs[1]["metadata"].(map[string]any)
	if cm["model"] != "client" || cm["client_id"] != fmt.Sprint(c.ID) || cm["path"] != "/api/v9/workspaces/7435584/clients" {
		t.Fatalf("client metadata %v", cm)
	}
	if pm["model"] != "project" || pm["project_id"] != fmt.Sprint(p.ID) || pm["event_user_id"] != "9547722" || pm["model_owner_id"] != "9547722" {
		t.Fatalf("project metadata %v", pm)
	}
	if evs[1]["payload"].(map[string]any)["client_name"] != "Hooli XYZ" {
		t.Fatalf("project payload %v", evs[1]["payload"])
	}
	for _, ev := range evs {
		for k, v := range ev["metadata"].(map[string]any) {
			if _, ok := v.(string); !ok {
				t.Fatalf("metadata %s = %v is not a string", k, v)
			}
		}
	}
}

// TestEventVisibility: docs/api/toggl.md §1.4 — other users' time entries reach only admins; private
// projects reach only those who see them; disabled or unvalidated subscriptions get nothing.
func TestEventVisibility(t *testing.T) {
	e := newEnv(t)
	adaRC, benRC, offRC := newReceiver(t), newReceiver(t), newReceiver(t)
	e.subscribe(ada, adaRC, "ada")
	e.subscribe(ben, benRC, "ben")
	off := e.subscribe(chloe, offRC, "off")
	want(t, e.call(chloe, "PATCH", fmt.Sprintf("%s/%d", subsPath, off.SubscriptionID), map[string]any{"enabled": false}), http.StatusOK)

	chloeEntry, err := e.sim.StartTimer(SeedChloeToken, SeedWorkspaceID, 0, "chloe")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.sim.StopTimer(SeedBenToken, SeedWorkspaceID, e.seed.RunningEntryID); err != nil {
		t.Fatal(err)
	}
	if _, err := e.sim.CreateProject(SeedChloeToken, SeedWorkspaceID, map[string]any{"name": "Chloe private", "is_private": true}); err != nil {
		t.Fatal(err)
	}
	e.waitIdle()
	ids := func(rc *receiver) []string {
		var out []string
		for _, ev := range rc.events(t) {
			m := ev["metadata"].(map[string]any)
			out = append(out, fmt.Sprintf("%s:%s", m["model"], m["action"]))
		}
		return out
	}
	if got := ids(adaRC); fmt.Sprint(got) != "[time_entry:created time_entry:updated project:created]" {
		t.Fatalf("admin got %v", got)
	}
	if got := ids(benRC); fmt.Sprint(got) != "[time_entry:updated]" {
		t.Fatalf("member got %v", got)
	}
	if got := ids(offRC); len(got) != 0 {
		t.Fatalf("disabled subscription got %v", got)
	}
	_ = chloeEntry
}

func TestRetriesUntilSuccess(t *testing.T) {
	e := newEnv(t)
	rc := newReceiver(t)
	sub := e.subscribe(ada, rc, "retry")
	rc.set(func(rc *receiver) { rc.fail = 2 })
	if _, err := e.sim.StartTimer(SeedAdaToken, SeedWorkspaceID, 0, "x"); err != nil {
		t.Fatal(err)
	}
	e.waitIdle()
	ds := deliveriesOf(e.sim, sub.SubscriptionID)
	if len(ds) != 3 || ds[0].StatusCode != 500 || ds[1].StatusCode != 500 || ds[2].StatusCode != 200 {
		t.Fatalf("attempts %+v", ds)
	}
	if ds[0].EventID != ds[2].EventID {
		t.Fatal("a retry changed the event_id")
	}
	evs := e.sim.Events(sub.SubscriptionID)
	if len(evs) != 1 || !evs[0].Delivered || evs[0].FailedDeliveryAttempts != 2 || evs[0].LastDeliveryError != "" {
		t.Fatalf("event %+v", evs)
	}
}

func TestRetriesExhaustedAndAutoDisable(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.Delivery.AutoDisableAfter = 2 })
	rc := newReceiver(t)
	sub := e.subscribe(ada, rc, "dead")
	rc.set(func(rc *receiver) { rc.fail = 1000 })
	for i := range 2 {
		if _, err := e.sim.StartTimer(SeedAdaToken, SeedWorkspaceID, 0, fmt.Sprint(i)); err != nil {
			t.Fatal(err)
		}
		e.waitIdle()
	}
	// Two timers: created, then updated+created (the second stops the first).
	evs := e.sim.Events(sub.SubscriptionID)
	if len(evs) != 3 || evs[0].Delivered || evs[0].FailedDeliveryAttempts != 3 {
		t.Fatalf("events %+v", evs)
	}
	subs := e.sim.Subscriptions()
	if subs[0].Enabled {
		t.Fatal("subscription still enabled after 2 failed events")
	}
	// The third event was abandoned because the subscription got disabled.
	if evs[2].Delivered || evs[2].LastDeliveryError != "subscription disabled or deleted" {
		t.Fatalf("third event %+v", evs[2])
	}
}

func TestDeliveryFaultCopies(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.Delivery.Faults.Copies = 3 })
	rc := newReceiver(t)
	e.subscribe(ada, rc, "dup")
	if _, err := e.sim.StartTimer(SeedAdaToken, SeedWorkspaceID, 0, "x"); err != nil {
		t.Fatal(err)
	}
	e.waitIdle()
	evs := rc.events(t)
	if len(evs) != 3 || evs[0]["event_id"] != evs[1]["event_id"] || evs[1]["event_id"] != evs[2]["event_id"] {
		t.Fatalf("copies: %v", evs)
	}
}

func TestDeliveryFaultReorder(t *testing.T) {
	e := newEnv(t)
	rc := newReceiver(t)
	e.subscribe(ada, rc, "shuffle", EventFilter{"client", "created"})
	e.sim.SetDeliveryFaults(DeliveryFaults{Reorder: true})
	e.sim.PauseDeliveries()
	var names []string
	for i := range 8 {
		name := fmt.Sprintf("Client %d", i)
		names = append(names, name)
		if _, err := e.sim.CreateClient(SeedAdaToken, SeedWorkspaceID, map[string]any{"name": name}); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(rc.events(t)); n != 0 {
		t.Fatalf("%d events sent while paused", n)
	}
	e.sim.ResumeDeliveries()
	e.waitIdle()
	var got []string
	for _, ev := range rc.events(t) {
		got = append(got, ev["payload"].(map[string]any)["name"].(string))
	}
	if len(got) != 8 || slices.Equal(got, names) {
		t.Fatalf("order %v (created %v)", got, names)
	}
	slices.Sort(got)
	if !slices.Equal(got, names) {
		t.Fatalf("reordered set %v differs from %v", got, names)
	}
}

func TestDeliveryFaultDelayHoldsEvents(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.Delivery.Faults.Delay = time.Hour })
	rc := newReceiver(t)
	e.subscribe(ada, rc, "slow")
	if _, err := e.sim.StartTimer(SeedAdaToken, SeedWorkspaceID, 0, "x"); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if err := e.sim.WaitIdle(ctx); err != context.DeadlineExceeded {
		t.Fatalf("WaitIdle = %v while an event is delayed", err)
	}
	if n := len(rc.events(t)); n != 0 {
		t.Fatalf("delayed event arrived: %d", n)
	}
	e.sim.Close() // abandons the delayed event
	if err := e.sim.WaitIdle(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func TestDeliveryFaultDropEvery(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.Delivery.Faults.DropEvery = 2 })
	rc := newReceiver(t)
	sub := e.subscribe(ada, rc, "lossy", EventFilter{"client", "created"})
	for i := range 4 {
		if _, err := e.sim.CreateClient(SeedAdaToken, SeedWorkspaceID, map[string]any{"name": fmt.Sprint("C", i)}); err != nil {
			t.Fatal(err)
		}
	}
	e.waitIdle()
	if n := len(rc.events(t)); n != 2 {
		t.Fatalf("%d events delivered, want 2 of 4", n)
	}
	dropped := 0
	for _, ev := range e.sim.Events(sub.SubscriptionID) {
		if ev.Dropped {
			dropped++
		}
	}
	var page struct {
		Total int `json:"total"`
	}
	e.call(ada, "GET", fmt.Sprintf("%s/%d/events", subsPath, sub.SubscriptionID), nil).decode(t, &page)
	if dropped != 2 || page.Total != 2 {
		t.Fatalf("dropped %d, listed %d", dropped, page.Total)
	}
}

func TestDeliveryHeaders(t *testing.T) {
	e := newEnv(t)
	rc := newReceiver(t)
	sub := e.subscribe(ada, rc, "headers")
	if _, err := e.sim.StartTimer(SeedAdaToken, SeedWorkspaceID, 0, "x"); err != nil {
		t.Fatal(err)
	}
	e.waitIdle()
	r := rc.requests()[1]
	if r.header.Get("Content-Type") != "application/json" || !strings.HasPrefix(r.header.Get(signature.TogglHeader), "sha256=") {
		t.Fatalf("headers %v", r.header)
	}
	if signature.VerifyToggl("other", r.body, r.header.Get(signature.TogglHeader)) || !signature.VerifyToggl(sub.Secret, r.body, r.header.Get(signature.TogglHeader)) {
		t.Fatal("signature does not bind the secret")
	}
}

// DropShare loses about that share of events, the same ones for the same seed, and is switched
// at run time through the control surface (not a Toggl path, no credentials): 0 stops the loss.
func TestDeliveryFaultDropShareSwitchedAtRunTime(t *testing.T) {
	const events, share = 200, 0.3
	lossy := func() (*env, *receiver, subscriptionJSON) {
		e := newEnv(t, func(c *Config) { c.Delivery.Faults = DeliveryFaults{DropShare: share, DropSeed: 7} })
		rc := newReceiver(t)
		return e, rc, e.subscribe(ada, rc, "lossy", EventFilter{"client", "created"})
	}
	create := func(e *env, from, n int) {
		for i := range n {
			if _, err := e.sim.CreateClient(SeedAdaToken, SeedWorkspaceID, map[string]any{"name": fmt.Sprint("C", from+i)}); err != nil {
				t.Fatal(err)
			}
		}
		e.waitIdle()
	}
	dropped := func(e *env, sub subscriptionJSON) []int {
		var at []int
		for i, ev := range e.sim.Events(sub.SubscriptionID) {
			if ev.Dropped {
				at = append(at, i)
			}
		}
		return at
	}

	e, rc, sub := lossy()
	create(e, 0, events)
	lost := dropped(e, sub)
	// 0.3 of 200 is 60; the binomial's standard deviation is about 6.5.
	if len(lost) < 40 || len(lost) > 80 {
		t.Fatalf("dropped %d of %d events at share %.1f, want about %d", len(lost), events, share, int(share*events))
	}
	if got := len(rc.events(t)); got != events-len(lost) {
		t.Fatalf("%d events delivered, want the %d not dropped", got, events-len(lost))
	}
	t.Logf("share %.1f dropped %d of %d", share, len(lost), events)

	again, _, againSub := lossy()
	create(again, 0, events)
	if got := dropped(again, againSub); !slices.Equal(got, lost) {
		t.Fatalf("the same seed dropped other events:\n%v\n%v", got, lost)
	}

	r := e.callRaw(anon, "GET", DeliveryFaultsPath, nil)
	want(t, r, http.StatusOK)
	var cur map[string]any
	r.decode(t, &cur)
	if cur["drop_share"] != share || cur["drop_seed"] != 7.0 {
		t.Fatalf("control GET = %s", r.body)
	}
	want(t, e.callRaw(anon, "PATCH", DeliveryFaultsPath, map[string]any{"drop_share": 1.5}), http.StatusBadRequest)
	want(t, e.callRaw(anon, "PATCH", DeliveryFaultsPath, map[string]any{"drop_rate": 0}), http.StatusBadRequest)
	want(t, e.callRaw(anon, "PATCH", DeliveryFaultsPath, map[string]any{"drop_share": 0}), http.StatusOK)
	if f := e.sim.DeliveryFaults(); f.DropShare != 0 || f.DropSeed != 7 {
		t.Fatalf("after PATCH drop_share 0: %+v", f)
	}
	create(e, events, 100)
	if got := len(dropped(e, sub)); got != len(lost) {
		t.Fatalf("%d more events dropped after switching drop_share to 0", got-len(lost))
	}
	if got := len(rc.events(t)); got != events+100-len(lost) {
		t.Fatalf("%d events delivered, want %d", got, events+100-len(lost))
	}

	// And back on from Go: the share applies again.
	e.sim.SetDeliveryFaults(DeliveryFaults{DropShare: 1})
	create(e, events+100, 5)
	if got := len(dropped(e, sub)); got != len(lost)+5 {
		t.Fatalf("share 1 dropped %d of 5", got-len(lost))
	}
}
