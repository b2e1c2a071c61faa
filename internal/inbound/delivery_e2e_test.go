package inbound_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"toggl-attio-sync/internal/app"
	"toggl-attio-sync/internal/attiosim"
	"toggl-attio-sync/internal/backoff"
	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/testrig"
	"toggl-attio-sync/internal/togglsim"
)

var fastRetry = app.WithBackoff(backoff.Exponential{Base: 20 * time.Millisecond, Max: 200 * time.Millisecond})

// The same event delivered three times → one Attio entry, one write.
func TestTripleDeliveryWritesOnce(t *testing.T) {
	o := testrig.WorldOptions{}
	o.Toggl.Delivery.Faults.Copies = 3
	f := newFixture(t, o)
	before := writes(f)
	te, err := f.Toggl.CreateTimeEntry(togglToken, wid, stoppedEntry(20300001, "once"))
	must(t, err)
	f.settle(t)
	if n := len(f.entries()[te.ID]); n != 1 {
		t.Fatalf("%d entries for one event delivered 3 times", n)
	}
	if w := writes(f) - before; w != 1 {
		t.Fatalf("%d Attio writes for one event, want 1", w)
	}
	var dups int
	f.App.Store.QueryRowRaw("SELECT count(*) FROM audit WHERE status = 'duplicate'").Scan(&dups)
	if dups != 2 {
		t.Fatalf("duplicate audit rows: %d, want 2", dups)
	}
}

// Updates delivered in shuffled order → Attio ends where Toggl ends.
func TestShuffledUpdatesConverge(t *testing.T) {
	o := testrig.WorldOptions{}
	o.Toggl.Delivery.Faults.Reorder = true
	f := newFixture(t, o)
	rng := rand.New(rand.NewPCG(1, 2))
	var ids []int64
	for i := range 4 {
		te, err := f.Toggl.CreateTimeEntry(togglToken, wid, stoppedEntry(20300001, fmt.Sprint("entry ", i)))
		must(t, err)
		ids = append(ids, te.ID)
	}
	f.settle(t)
	f.Toggl.PauseDeliveries()
	for round := range 5 {
		for _, id := range ids {
			// Toggl's "at" has second precision; the service breaks ties by event time.
			_, err := f.Toggl.UpdateTimeEntry(togglToken, wid, id, map[string]any{
				"description": fmt.Sprintf("round %d of %d", round, id), "billable": rng.IntN(2) == 0,
			})
			must(t, err)
		}
		time.Sleep(1100 * time.Millisecond) // let "at" advance for some rounds
	}
	f.Toggl.ResumeDeliveries()
	f.settle(t)
	got := f.entries()
	for _, id := range ids {
		want, _ := f.Toggl.TimeEntry(id)
		es := got[id]
		if len(es) != 1 {
			t.Fatalf("entry %d: %d Attio entries", id, len(es))
		}
		if d := active(es[0].Values, "description"); d != want.Description {
			t.Errorf("entry %d: Attio %q, Toggl %q\n%s", id, d, want.Description, f.audit(t))
		}
		if b := active(es[0].Values, "billable"); b != want.Billable {
			t.Errorf("entry %d: billable Attio %v, Toggl %v", id, b, want.Billable)
		}
	}
}

// Attio answering 5xx and 429 in bursts → every event applied in the end, none lost, none doubled.
func TestAttioFaultBurstsLoseNothing(t *testing.T) {
	o := testrig.WorldOptions{Options: testrig.Options{App: []app.Option{fastRetry}}}
	o.Attio.Faults = []attiosim.Fault{
		{Kind: attiosim.FaultStatus, Status: 503, PathPrefix: "/v2/lists", Rate: 0.3},
		{Kind: attiosim.FaultRateLimit, PathPrefix: "/v2/lists", Rate: 0.1},
		{Kind: attiosim.FaultStatus, Status: 500, PathPrefix: "/v2/lists", Method: "POST", Rate: 0.2, AfterWrite: true},
	}
	o.Attio.Rand = rand.New(rand.NewPCG(3, 4)) // the same bursts every run
	f := newFixture(t, o)
	// Bursts this dense would dead-letter an unlucky job after the default 12 attempts; the
	// point here is that waiting and retrying lose nothing, so allow enough attempts.
	f.settings(t, func(s *connection.Settings) { s.MaxAttempts = 200 })
	var ids []int64
	for i := range 20 {
		te, err := f.Toggl.CreateTimeEntry(togglToken, wid, stoppedEntry(20300001, fmt.Sprint("burst ", i)))
		must(t, err)
		ids = append(ids, te.ID)
	}
	f.settle(t)
	got := f.entries()
	for _, id := range ids {
		if len(got[id]) != 1 {
			t.Errorf("time entry %d has %d Attio entries\n", id, len(got[id]))
		}
	}
	var dead int
	f.App.Store.QueryRowRaw("SELECT count(*) FROM inbox WHERE status = 'dead'").Scan(&dead)
	if dead != 0 || t.Failed() {
		t.Fatalf("%d dead letters\n%s", dead, f.audit(t))
	}
	st := f.Attio.Stats()
	if st.Statuses[503]+st.Statuses[500]+st.Statuses[429] == 0 {
		t.Fatal("no fault was injected: the test proves nothing")
	}
}

// Restart with jobs in the queue → nothing lost, nothing doubled.
func TestRestartWithQueuedJobs(t *testing.T) {
	f := newFixture(t, testrig.WorldOptions{}) // default backoff: failed jobs wait seconds

	f.Attio.SetFaults([]attiosim.Fault{{Kind: attiosim.FaultStatus, Status: 503, PathPrefix: "/v2/lists"}})
	var ids []int64
	for i := range 10 {
		te, err := f.Toggl.CreateTimeEntry(togglToken, wid, stoppedEntry(20300001, fmt.Sprint("queued ", i)))
		must(t, err)
		ids = append(ids, te.ID)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	must(t, f.Toggl.WaitIdle(ctx)) // all acknowledged by the service
	var unfinished int
	f.App.Store.QueryRowRaw("SELECT count(*) FROM inbox WHERE status IN ('queued', 'running')").Scan(&unfinished)
	if unfinished != len(ids) {
		t.Fatalf("%d jobs unfinished before the restart, want %d", unfinished, len(ids))
	}
	f.Attio.SetFaults(nil)
	f.Restart(t, fastRetry)
	f.settle(t)
	got := f.entries()
	for _, id := range ids {
		if len(got[id]) != 1 {
			t.Errorf("time entry %d: %d Attio entries after restart", id, len(got[id]))
		}
	}
}

var _ = togglsim.SeedAdaID
