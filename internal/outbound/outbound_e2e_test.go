package outbound_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"toggl-attio-sync/internal/attiosim"
	"toggl-attio-sync/internal/store"
	"toggl-attio-sync/internal/testrig"
	"toggl-attio-sync/internal/togglsim"
)

// TestOutbound runs every outbound scenario against one World (the service, both emulators
// and a connection made as the console's wizard makes it), one after another: each uses its
// own Company and Projects, so they do not see each other. The quota scenario changes the
// Toggl plan and the crash scenario restarts the service, so they come last.
func TestOutbound(t *testing.T) {
	f := newFixture(t, func(o *testrig.WorldOptions) {
		o.Attio.Deliveries.BatchSize = 50 // Attio may batch a burst of events into one message
		// The Free plan's quota scaled down: 3 requests in a 3-second window (docs/api/toggl.md §5: Free
		// 30 per hour). The seed workspace is on Premium (600 per window) until the quota
		// scenario moves it to Free.
		o.Toggl.Quota.Window = 3 * time.Second
		o.Toggl.PlanLimits = map[togglsim.Plan]togglsim.PlanLimits{togglsim.PlanFree: {MaxWebhooks: 3, MaxEventFilters: 12, HourlyQuota: 3}}
	})
	for _, sc := range []struct {
		name string
		run  func(*testing.T, *fixture)
	}{
		{"FiftyProjectsInOneBatch", fiftyProjectsInOneBatch},
		{"FiftyConcurrentDeliveries", fiftyConcurrentDeliveries},
		{"SameDeliveryThreeTimes", sameDeliveryThreeTimes},
		{"ProjectGainsCompanyLater", projectGainsCompanyLater},
		{"ExistingTogglClientIsLinked", existingTogglClientIsLinked},
		{"BadSignatureCreatesNothing", badSignatureCreatesNothing},
		{"BadEventRefusesTheWholeBatch", badEventRefusesTheWholeBatch},
		{"RenameAfterNameConflict", renameAfterNameConflict},
		{"MemberTokenChangeIsNotAnEcho", memberTokenChangeIsNotAnEcho},
		{"FreshHandlerKnowsOwnActor", freshHandlerKnowsOwnActor},
		{"QuotaExhaustedMidFlowResumes", quotaExhaustedMidFlowResumes},
		// Last: it restarts the service, and the restarted one is stopped when this subtest ends.
		{"CrashBetweenTogglCreateAndAttioWriteBack", crashBetweenTogglCreateAndAttioWriteBack},
	} {
		if !t.Run(sc.name, func(t *testing.T) { sc.run(t, f) }) {
			return // later scenarios would only report the same broken state
		}
	}
}

// 50 Projects of one new Company, created at once and delivered by Attio in one batched
// message: one Toggl client, 50 Toggl projects, every id written back.
func fiftyProjectsInOneBatch(t *testing.T, f *fixture) {
	company := f.company(t, "Hooli")
	f.Attio.HoldDeliveries()
	projects := map[string]string{}
	for i := range 50 {
		name := fmt.Sprintf("Hooli project %02d", i+1)
		projects[name] = f.project(t, name, company)
	}
	before := len(f.Attio.Deliveries())
	f.settle(t)
	first := f.Attio.Deliveries()[before]
	if len(first.EventTypes) != 50 {
		t.Fatalf("first delivery after the hold carried %d events, want the batch of 50", len(first.EventTypes))
	}
	f.checkLinked(t, "Hooli", company, projects)
	// The record.updated events that the service's own writes cause (toggl_project_id here,
	// the Toggl fields the inbound flow writes) come back and are recognised by their actor.
	if n := f.auditCount(t, "skipped", "own Attio token"); n < 50 {
		t.Errorf("%d echoes of the service's own Attio writes recognised, want at least 50\n%s", n, f.audit(t))
	}
	if dead := f.jobs(t)[store.StatusDead]; dead != 0 {
		t.Fatalf("%d dead jobs\n%s", dead, f.audit(t))
	}
}

// The same 50 Projects delivered as 50 separate messages, all at the same moment; then Attio's
// own deliveries of the same events arrive as well (other Idempotency-Keys): still one client
// and 50 projects.
func fiftyConcurrentDeliveries(t *testing.T, f *fixture) {
	company := f.company(t, "Pied Piper")
	f.Attio.HoldDeliveries()
	projects := map[string]string{}
	var ids []string
	for i := range 50 {
		name := fmt.Sprintf("Piper project %02d", i+1)
		projects[name] = f.project(t, name, company)
		ids = append(ids, projects[name])
	}
	start := make(chan struct{})
	codes := make([]int, len(ids))
	var wg sync.WaitGroup
	for i, id := range ids {
		d := f.recordEvent(t, "record.created", id)
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			codes[i] = f.post(t, d, "")
		}()
	}
	close(start)
	wg.Wait()
	for i, c := range codes {
		if c != http.StatusOK {
			t.Fatalf("delivery %d answered %d", i, c)
		}
	}
	f.settle(t) // also releases Attio's own 50 deliveries
	f.checkLinked(t, "Pied Piper", company, projects)
	if dead := f.jobs(t)[store.StatusDead]; dead != 0 {
		t.Fatalf("%d dead jobs\n%s", dead, f.audit(t))
	}
	// Every Toggl project is mapped as this service's own creation, so its Toggl event is
	// recognised when it comes back.
	for _, id := range ids {
		var origin string
		must(t, f.App.Store.QueryRowRaw("SELECT origin FROM project_map WHERE attio_record_id = ?", id).Scan(&origin))
		if origin != "outbound" {
			t.Errorf("Project %s mapped with origin %q, want outbound", id, origin)
		}
	}
}

// One delivery arriving three times (Attio retries with the same Idempotency-Key), plus the
// same event under a new key: one job does the work, one Toggl project exists.
func sameDeliveryThreeTimes(t *testing.T, f *fixture) {
	company := f.company(t, "Initrode")
	f.Attio.HoldDeliveries()
	rid := f.project(t, "TPS reports", company)
	d := f.recordEvent(t, "record.created", rid)
	var wg sync.WaitGroup
	for range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if c := f.post(t, d, ""); c != http.StatusOK {
				t.Errorf("delivery answered %d", c)
			}
		}()
	}
	wg.Wait()
	var jobs int
	must(t, f.App.Store.QueryRowRaw("SELECT count(*) FROM inbox WHERE source = 'attio' AND entity_key = ?", "record:"+rid).Scan(&jobs))
	if jobs != 1 {
		t.Fatalf("%d jobs for three copies of one delivery, want 1", jobs)
	}
	f.settle(t)
	// A redelivery that escapes the dedupe (a new key) finds the work done.
	if c := f.post(t, f.recordEvent(t, "record.created", rid), ""); c != http.StatusOK {
		t.Fatalf("redelivery answered %d", c)
	}
	f.settle(t)
	f.checkLinked(t, "Initrode", company, map[string]string{"TPS reports": rid})
	if n := f.entityAudit(t, rid, "skipped", "already carries toggl_project_id"); n < 1 {
		t.Errorf("the redelivery was not skipped as done\n%s", f.audit(t))
	}
}

// A Project without a Company is audited as waiting; once a Company is linked (record.updated),
// its Toggl client and project are made.
func projectGainsCompanyLater(t *testing.T, f *fixture) {
	rid := f.project(t, "Skunkworks", "")
	f.settle(t)
	if n := f.entityAudit(t, rid, "no_company", "waiting for a Company"); n != 1 {
		t.Fatalf("audit rows waiting for a Company: %d, want 1\n%s", n, f.audit(t))
	}
	for _, p := range f.Toggl.Projects() {
		if p.Name == "Skunkworks" {
			t.Fatalf("Toggl project made without a Company: %+v", p)
		}
	}
	company := f.company(t, "Lumon")
	_, err := f.Attio.UpdateRecord("projects", rid, map[string]any{
		"company": []map[string]any{{"target_object": "companies", "target_record_id": company}}})
	must(t, err)
	f.settle(t)
	f.checkLinked(t, "Lumon", company, map[string]string{"Skunkworks": rid})
}

// A Company whose name matches an existing Toggl client is linked to it, not given a second one.
func existingTogglClientIsLinked(t *testing.T, f *fixture) {
	stark := ""
	for _, c := range f.AttioSeed.Companies {
		if c.Name == "Stark Industries" {
			stark = c.RecordID
		}
	}
	rid := f.project(t, "Arc Reactor", stark)
	f.settle(t)
	client := f.checkLinked(t, "Stark Industries", stark, map[string]string{"Arc Reactor": rid})
	if client.ID != 61000004 {
		t.Fatalf("linked Toggl client %d, want the seeded 61000004", client.ID)
	}
}

// Toggl's hourly quota runs out between the client and the project: the job waits in the
// queue until the quota window resets (the wait and its reason are recorded), then completes.
func quotaExhaustedMidFlowResumes(t *testing.T, f *fixture) {
	f.Toggl.SetPlan(wid, togglsim.PlanFree)
	f.Toggl.ResetLimits()
	defer f.Toggl.SetPlan(wid, togglsim.PlanPremium)
	company := f.company(t, "Vandelay Industries")
	// Three calls: find the client by name, create it, look for the project by name; the
	// project's create is the fourth and meets the 402.
	rid := f.project(t, "Latex imports", company)
	f.settle(t)
	f.checkLinked(t, "Vandelay Industries", company, map[string]string{"Latex imports": rid})
	if n := f.entityAudit(t, rid, "waiting", "Toggl hourly API quota exhausted"); n < 1 {
		t.Fatalf("no quota wait recorded\n%s", f.audit(t))
	}
	var status, reason string
	var attempts int
	must(t, f.App.Store.QueryRowRaw("SELECT status, wait_reason, attempts FROM inbox WHERE source = 'attio' AND entity_key = ? ORDER BY id LIMIT 1", "record:"+rid).Scan(&status, &reason, &attempts))
	if status != store.StatusDone || attempts != 1 {
		t.Fatalf("job after the quota wait: status %s, attempts %d (waits must not count), wait reason %q", status, attempts, reason)
	}
}

// A delivery with a bad signature is refused with 401 and changes nothing; the same body
// correctly signed does the work, which shows the refused one would have.
func badSignatureCreatesNothing(t *testing.T, f *fixture) {
	company := f.company(t, "Soylent")
	f.Attio.HoldDeliveries()
	rid := f.project(t, "Green", company)
	d := f.recordEvent(t, "record.created", rid)
	rejected := f.auditCount(t, "rejected", "signature")
	if c := f.post(t, d, "not-the-secret"); c != http.StatusUnauthorized {
		t.Fatalf("bad signature answered %d, want 401", c)
	}
	if n := f.auditCount(t, "rejected", "signature") - rejected; n != 1 {
		t.Fatalf("rejected audit rows: %d\n%s", n, f.audit(t))
	}
	var jobs int
	must(t, f.App.Store.QueryRowRaw("SELECT count(*) FROM inbox WHERE entity_key = ?", "record:"+rid).Scan(&jobs))
	if jobs != 0 {
		t.Fatalf("%d jobs after a refused delivery", jobs)
	}
	if len(f.togglClients("Soylent")) != 0 {
		t.Fatal("a Toggl client was made from a refused delivery")
	}
	if c := f.post(t, d, ""); c != http.StatusOK {
		t.Fatalf("signed delivery answered %d", c)
	}
	f.settle(t)
	f.checkLinked(t, "Soylent", company, map[string]string{"Green": rid})
}

// The Attio write-back fails after the Toggl project was created; the service stops while
// the job waits to retry. For one Project the crash is moved further back, to right after the
// Toggl create (its stored mapping removed, as if never written) and the Project is renamed
// meanwhile. After a restart on the same database both recover: no second Toggl project.
func crashBetweenTogglCreateAndAttioWriteBack(t *testing.T, f *fixture) {
	company := f.company(t, "Massive Dynamic")
	f.Attio.SetFaults([]attiosim.Fault{{Kind: attiosim.FaultStatus, Status: 503, Method: http.MethodPatch, PathPrefix: "/v2/objects/projects/records"}})
	kept := f.project(t, "Pattern analysis", company)
	lost := f.project(t, "Cortexiphan", company)
	waitFor(t, "both Toggl projects and failed write-backs", func() bool {
		var n int
		must(t, f.App.Store.QueryRowRaw("SELECT count(*) FROM inbox WHERE source = 'attio' AND kind = 'record.created' AND status = 'queued' AND attempts >= 1 AND instr(last_error, '503') > 0").Scan(&n))
		return n == 2
	})
	clients := f.togglClients("Massive Dynamic")
	if len(clients) != 1 || len(f.togglProjects(clients[0].ID)) != 2 {
		t.Fatalf("before the restart: clients %v, projects %v", clients, f.togglProjects(clients[0].ID))
	}
	f.restart(t, func(dbPath string) {
		st, err := store.Open(context.Background(), dbPath)
		must(t, err)
		defer st.Close()
		// The intent was recorded before the create and is still there: the write-back failed.
		var intents int
		must(t, st.QueryRowRaw("SELECT count(*) FROM outbound_intents WHERE kind = 'project' AND record_id = ?", lost).Scan(&intents))
		if intents != 1 {
			t.Fatalf("recorded intents for the interrupted Project: %d, want 1", intents)
		}
		// The state a crash right after Toggl's answer leaves: the intent, no mapping.
		res, err := st.ExecRaw(context.Background(), "DELETE FROM project_map WHERE attio_record_id = ?", lost)
		must(t, err)
		if n, _ := res.RowsAffected(); n != 1 {
			t.Fatalf("removed %d mappings", n)
		}
		f.Attio.SetFaults(nil)
		_, err = f.Attio.UpdateRecord("projects", lost, map[string]any{"name": "Cortexiphan trial"})
		must(t, err)
	})
	f.settle(t)
	client := f.checkLinked(t, "Massive Dynamic", company, map[string]string{"Pattern analysis": kept, "Cortexiphan": lost})
	if n := len(f.togglProjects(client.ID)); n != 2 {
		t.Fatalf("Toggl projects after recovery: %d, want 2", n)
	}
	// The Project whose mapping was lost is found by the name the interrupted attempt used,
	// not its new one.
	var recovered int
	must(t, f.App.Store.QueryRowRaw("SELECT count(*) FROM audit WHERE source = 'attio' AND entity = ? AND instr(message, 'linked (found by name)') > 0", "record:"+lost).Scan(&recovered))
	if recovered != 1 {
		t.Errorf("the lost mapping was not recovered through the intent\n%s", f.audit(t))
	}
	var left int
	must(t, f.App.Store.QueryRowRaw("SELECT count(*) FROM outbound_intents").Scan(&left))
	if left != 0 {
		t.Errorf("%d intents left after every write-back finished", left)
	}
}

// A delivery with one unreadable event is refused whole: the good events before it are not
// stored either, so Attio's retry (or a fixed sender) delivers them once, not twice.
func badEventRefusesTheWholeBatch(t *testing.T, f *fixture) {
	company := f.company(t, "Penetrode")
	f.Attio.HoldDeliveries()
	a, b := f.project(t, "Jump to Conclusions mat", company), f.project(t, "Flair", company)
	good := f.recordEvent(t, "record.created", a, b)
	var env map[string]any
	must(t, json.Unmarshal(good.body, &env))
	events := env["events"].([]any)
	for _, tail := range []any{map[string]any{"id": map[string]any{"record_id": b}}, 5} {
		env["events"] = append(append([]any{}, events...), tail)
		body, err := json.Marshal(env)
		must(t, err)
		if c := f.post(t, delivery{body: body, key: good.key + "-bad"}, ""); c != http.StatusBadRequest {
			t.Fatalf("a batch ending in %v answered %d, want 400", tail, c)
		}
		var jobs int
		must(t, f.App.Store.QueryRowRaw("SELECT count(*) FROM inbox WHERE entity_key IN (?, ?)", "record:"+a, "record:"+b).Scan(&jobs))
		if jobs != 0 {
			t.Fatalf("%d jobs stored from a refused batch ending in %v\n%s", jobs, tail, f.inbox(t))
		}
	}
	if len(f.togglClients("Penetrode")) != 0 {
		t.Fatal("a Toggl client was made from a refused delivery")
	}
	if c := f.post(t, good, ""); c != http.StatusOK {
		t.Fatalf("the good delivery answered %d", c)
	}
	f.settle(t)
	f.checkLinked(t, "Penetrode", company, map[string]string{"Jump to Conclusions mat": a, "Flair": b})
}
