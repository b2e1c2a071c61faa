package resync_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"toggl-attio-sync/internal/backoff"
	"toggl-attio-sync/internal/contract"
	"toggl-attio-sync/internal/resync"
	"toggl-attio-sync/internal/testrig"
	"toggl-attio-sync/internal/toggl"
	"toggl-attio-sync/internal/togglsim"
)

// A service started while `resync -here` runs on the same database: webhook deliveries of
// the run's entries reach the service while the command's creates are in flight. The
// service holds them back (they wait, they do not fail) until the command's run ends, then
// applies them; every time entry ends with exactly one Attio entry, showing the delivered
// change. Without the lease the service creates the entries beside the command's in-flight
// creates, and each of those ends twice in Attio.
func TestServiceStartedDuringCommandRunHoldsDeliveriesBack(t *testing.T) {
	w := startWorld(t, options{})
	now := time.Now()
	want := w.seedEntries(24, 30, 6, now)
	win := window(30, 6, now)

	// The command runs where no service runs...
	w.Rig.Stop(t)
	hold := &holdCreates{next: contract.Transport(t, http.DefaultTransport), held: make(chan struct{}), release: make(chan struct{})}
	env := map[string]string{"DATA_DIR": w.DataDir, "TOGGL_API_URL": w.TogglURL, "ATTIO_API_URL": w.AttioURL}
	reg := toggl.NewRegistry(5*time.Millisecond, 1)
	var out testrig.SyncBuffer
	cliDone := make(chan error, 1)
	go func() {
		cliDone <- resync.RunCLI(context.Background(),
			[]string{"-here", "-from", win.Start.Format(time.DateOnly), "-to", win.End.Format(time.DateOnly)},
			env, &out, hold, func(o *toggl.Options) { o.Registry = reg },
			func(s *resync.Service) {
				s.Owner = "the command" // another process than the service
				// Far longer than the test: the deliveries must be woken by the run's end, not
				// by the lease running out.
				s.LockTTL = 30 * time.Minute
				s.Backoff = backoff.Exponential{Base: 10 * time.Millisecond, Max: 100 * time.Millisecond}
			})
	}()
	// ...and has entries half created in Attio (recorded as pending, their POST in flight)
	// when the service starts on the same database.
	select {
	case <-hold.held:
	case err := <-cliDone:
		t.Fatalf("the command ended before creating an entry: %v\n%s", err, out.String())
	}
	w.Restart(t)

	tokens := map[int64]string{togglsim.SeedAdaID: togglsim.SeedAdaToken, togglsim.SeedBenID: togglsim.SeedBenToken, togglsim.SeedChloeID: togglsim.SeedChloeToken}
	for id := range want {
		te, ok := w.Toggl.TimeEntry(id)
		if !ok {
			t.Fatalf("time entry %d is not in Toggl", id)
		}
		_, err := w.Toggl.UpdateTimeEntry(tokens[te.UserID], wid, id, map[string]any{"description": fmt.Sprintf("edited %d", id)})
		must(t, err)
	}
	// Every delivery has been taken by a worker once: it waits, or (without the lease) it
	// was applied.
	st := w.App.Store
	pollUntil(t, w, "every delivery handled once", func() bool {
		var arrived, untouched int
		must(t, st.QueryRowRaw(`SELECT count(*), coalesce(sum(status = 'running' OR (status = 'queued' AND wait_reason = '')), 0)
			FROM inbox WHERE source = 'toggl' AND entity_key LIKE 'time_entry:%'`).Scan(&arrived, &untouched))
		return arrived == len(want) && untouched == 0
	})
	written := 0
	for id, es := range w.attioEntries() {
		if _, ok := want[id]; ok {
			written += len(es)
		}
	}
	if written != 0 {
		t.Errorf("the service wrote %d entries while the command's run held the connection", written)
	}
	var waiting int
	must(t, st.QueryRowRaw(`SELECT count(*) FROM inbox WHERE source = 'toggl' AND status = 'queued' AND wait_reason LIKE 'a resync run in another process%'`).Scan(&waiting))
	if waiting != len(want) {
		t.Errorf("%d of %d deliveries wait for the command's run", waiting, len(want))
	}

	close(hold.release)
	if err := <-cliDone; err != nil {
		t.Fatalf("the command: %v\n%s", err, out.String())
	}
	t.Logf("the command:\n%s", out.String())
	pollUntil(t, w, "every delivery applied", func() bool {
		var open int
		must(t, st.QueryRowRaw(`SELECT count(*) FROM inbox WHERE source = 'toggl' AND status != 'done'`).Scan(&open))
		return open == 0
	})
	w.checkExactly(t, want)
	got := w.attioEntries()
	for id := range want {
		if es := got[id]; len(es) == 1 {
			if d := activeValue(es[0].Values, "description"); d != fmt.Sprintf("edited %d", id) {
				t.Errorf("time entry %d: Attio shows %q, not the delivered change", id, d)
			}
		}
	}
	var dead, waited int
	must(t, st.QueryRowRaw(`SELECT count(*) FROM audit WHERE source = 'toggl' AND status = 'dead'`).Scan(&dead))
	must(t, st.QueryRowRaw(`SELECT count(DISTINCT inbox_id) FROM audit WHERE source = 'toggl' AND status = 'waiting'`).Scan(&waited))
	if dead != 0 || waited != len(want) {
		t.Errorf("audit: %d dead letters, %d deliveries waited; want 0 and %d", dead, waited, len(want))
	}
}

// pollUntil polls cond (the deadline only keeps a broken test from hanging; nothing asserts
// on time).
func pollUntil(t *testing.T, w *world, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(3 * time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("never reached: %s\n%s", what, w.Logs.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// holdCreates holds every Attio entry create until release closes; held closes when the
// first one arrives.
type holdCreates struct {
	next          http.RoundTripper
	held, release chan struct{}
	once          sync.Once
}

func (h *holdCreates) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Method == http.MethodPost && strings.HasPrefix(r.URL.Path, "/v2/lists/") && strings.HasSuffix(r.URL.Path, "/entries") {
		h.once.Do(func() { close(h.held) })
		select {
		case <-h.release:
		case <-r.Context().Done():
			return nil, r.Context().Err()
		}
	}
	return h.next.RoundTrip(r)
}

// A service that starts between the command's look for one and its claim of the connection:
// the command looks again after the claim, so -here is refused and a plain run is handed to
// the service, instead of applying entries beside the service's workers.
func TestCommandBacksOffFromServiceStartedAtItsClaim(t *testing.T) {
	w := startWorld(t, options{})
	now := time.Now()
	want := w.seedEntries(30, 30, 5, now)
	win := window(30, 5, now)
	env := map[string]string{"DATA_DIR": w.DataDir, "TOGGL_API_URL": w.TogglURL, "ATTIO_API_URL": w.AttioURL}
	reg := toggl.NewRegistry(5*time.Millisecond, 1)
	run := func(args ...string) (string, error) {
		t.Helper()
		w.Rig.Stop(t)
		var out testrig.SyncBuffer
		args = append(args, "-from", win.Start.Format(time.DateOnly), "-to", win.End.Format(time.DateOnly))
		err := resync.RunCLIAfterLook(context.Background(), args, env, &out, contract.Transport(t, http.DefaultTransport),
			func(o *toggl.Options) { o.Registry = reg },
			func(s *resync.Service) { s.Owner = "the command" },
			func() {
				w.Restart(t)
				// The started service holds the service lock once its loop has run once.
				for {
					alive, err := resync.ServiceAlive(context.Background(), w.App.Store, time.Now())
					must(t, err)
					if alive {
						return
					}
					time.Sleep(10 * time.Millisecond)
				}
			})
		t.Logf("resync %v: %v\n%s", args, err, out.String())
		return out.String(), err
	}

	if _, err := run("-here"); err == nil || !strings.Contains(err.Error(), "without -here") {
		t.Fatalf("-here with a service started at the claim: %v", err)
	}
	if n := len(w.attioEntries()); n != 0 {
		t.Fatalf("the refused command wrote %d entries", n)
	}
	out, err := run()
	if err != nil || !strings.Contains(out, "The running service executes run") || !strings.Contains(out, "30 created") {
		t.Fatalf("handed to the service: %v\n%s", err, out)
	}
	w.checkExactly(t, want)
}
