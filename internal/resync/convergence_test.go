package resync_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"
	"time"

	"toggl-attio-sync/internal/attiosim"
	"toggl-attio-sync/internal/resync"
	"toggl-attio-sync/internal/togglsim"
)

// convergenceSeeds is how many random histories TestReconciliationConverges plays:
// TAS_CONVERGENCE_SEEDS, else 200, or 40 under the race detector (make test plays the 200 in
// a run of its own without it, make convergence as many as asked; docs/RECONCILE.md).
func convergenceSeeds() int {
	if n, err := strconv.Atoi(os.Getenv("TAS_CONVERGENCE_SEEDS")); err == nil && n > 0 {
		return n
	}
	if raceEnabled {
		return 40
	}
	return 200
}

// convergenceFigures add up what the seeds did, for docs/RECONCILE.md.
type convergenceFigures struct {
	seeds, entries, togglOps, attioOps, dropped int
	repairs                                     map[string]int
	writes, attioReads, togglRequests           int64
}

// Seeded random histories of Toggl creates, edits, moves between projects and
// deletes, with a share of webhooks lost, and Attio-side deletions, edits and duplicates;
// after one reconciliation Attio equals what the field map makes of Toggl for every entry of
// the day (field by field, parents included, nothing else left), and a second one writes
// nothing. Each seed plays on a day of its own.
func TestReconciliationConverges(t *testing.T) {
	// An hour's quota that 200 seeds of two reconciliations each fit in (Enterprise plans
	// are custom, docs/api/toggl.md §5); quota pauses have their own test.
	limits := togglsim.DefaultPlanLimits()
	for plan, l := range limits {
		l.HourlyQuota = 100_000
		limits[plan] = l
	}
	w := startWorld(t, options{writesPerSecond: 500, poll: 10 * time.Millisecond, toggl: togglsim.Config{PlanLimits: limits, Quota: togglsim.Quota{UserRequests: 100_000}}})
	w.conn.Settings.Reconcile.DeletionShare, w.conn.Settings.Reconcile.Set = 1, true
	must(t, w.App.Conns.SaveSettings(context.Background(), w.conn, w.conn.Settings))
	figs := convergenceFigures{repairs: map[string]int{}}
	seeds := convergenceSeeds()
	// Seeds play in batches of ten, each on a day of its own, and one reconciliation covers a
	// batch's ten days: every seed's history is independent, and the reconciliation's work
	// per entry is the same as over one day, at a tenth of the runs.
	const batch = 10
	for first := 0; first < seeds; first += batch {
		w.playBatch(t, first, min(batch, seeds-first), &figs)
		if t.Failed() {
			t.Fatalf("seeds %d..%d did not converge", first, first+batch-1)
		}
	}
	subs, err := w.App.Store.ListActiveTogglSubscriptions(context.Background(), w.conn.ID)
	must(t, err)
	for _, s := range subs {
		for _, ev := range w.Toggl.Events(s.SubscriptionID) {
			if ev.Dropped {
				figs.dropped++
			}
		}
	}
	t.Logf("%d seeds, %d time entries, %d Toggl changes (%d webhooks lost), %d Attio-side changes; repairs %v; %d Attio writes, %d Attio reads, %d Toggl requests by the reconciliations",
		figs.seeds, figs.entries, figs.togglOps, figs.dropped, figs.attioOps, figs.repairs, figs.writes, figs.attioReads, figs.togglRequests)
	if out := os.Getenv("TAS_CONVERGENCE_OUT"); out != "" {
		must(t, os.WriteFile(out, fmt.Appendf(nil, "seeds=%d entries=%d toggl_changes=%d webhooks_lost=%d attio_changes=%d repairs=%v attio_writes=%d attio_reads=%d toggl_requests=%d\n",
			figs.seeds, figs.entries, figs.togglOps, figs.dropped, figs.attioOps, figs.repairs, figs.writes, figs.attioReads, figs.togglRequests), 0o644))
	}
}

var seedTokens = map[int64]string{togglsim.SeedAdaID: togglsim.SeedAdaToken, togglsim.SeedBenID: togglsim.SeedBenToken, togglsim.SeedChloeID: togglsim.SeedChloeToken}

// seedDay is the day seed n plays on: days 40 to 40+seeds before today.
func seedDay(n int) time.Time {
	return time.Now().UTC().Truncate(24*time.Hour).AddDate(0, 0, -(40 + n))
}

// playBatch plays seeds first..first+n-1, each on its own day, reconciles their days once and
// checks every seed's day against Toggl; a second reconciliation must write nothing.
func (w *world) playBatch(t *testing.T, first, n int, figs *convergenceFigures) {
	t.Helper()
	shares := map[int]float64{}
	for i := range n {
		shares[first+i] = w.playTogglHistory(t, first+i, figs)
	}
	w.drain(t)
	for i := range n {
		w.playAttioHistory(t, first+i, figs)
	}
	win := resync.Window{Start: seedDay(first + n - 1), End: seedDay(first)}
	stats := w.Attio.Stats()
	p := w.wait(t, w.start(t, win))
	if p.Status != "done" || p.Counts.Failed != 0 {
		t.Fatalf("seeds %d..%d: %s", first, first+n-1, p.Summary())
	}
	figs.writes += w.Attio.Stats().Writes - stats.Writes
	figs.attioReads += p.AttioReads
	figs.togglRequests += p.TogglRequests
	for k, c := range p.Findings {
		figs.repairs[k] += c
	}
	t.Logf("seeds %d..%d: %s", first, first+n-1, p.Line())
	for i := range n {
		w.checkSeed(t, first+i, shares[first+i], figs)
	}
	writes := w.Attio.Stats().Writes
	again := w.wait(t, w.start(t, win))
	if again.Differences() != 0 || again.Counts.Writes() != 0 || w.Attio.Stats().Writes != writes {
		t.Errorf("seeds %d..%d: a second reconciliation wrote: %s", first, first+n-1, again.Summary())
	}
}

// playTogglHistory creates, edits, moves and deletes a seed's time entries on its day with
// a share of the webhooks lost; it returns that share.
func (w *world) playTogglHistory(t *testing.T, seed int, figs *convergenceFigures) float64 {
	t.Helper()
	rng := rand.New(rand.NewPCG(uint64(seed), 0x7a5))
	day := seedDay(seed)
	projects := []int64{websiteRedesign, dataMigration}
	users := []int64{togglsim.SeedAdaID, togglsim.SeedBenID, togglsim.SeedChloeID}
	share := []float64{0, 0.2, 0.5, 1}[rng.IntN(4)]
	w.Toggl.SetDeliveryFaults(togglsim.DeliveryFaults{DropShare: share, DropSeed: uint64(seed)})
	type live struct {
		id    int64
		token string
	}
	var alive []live
	n := 3 + rng.IntN(6)
	for i := range n {
		u := users[rng.IntN(len(users))]
		start := day.Add(time.Duration(7*3600+i*1800+rng.IntN(900)) * time.Second)
		e, err := w.Toggl.CreateTimeEntry(seedTokens[u], wid, map[string]any{
			"created_with": "convergence", "workspace_id": wid, "project_id": projects[rng.IntN(2)],
			"description": fmt.Sprintf("seed %d entry %d", seed, i), "billable": rng.IntN(2) == 0,
			"start": start.Format(time.RFC3339), "duration": 300 + rng.IntN(5400),
		})
		must(t, err)
		alive = append(alive, live{e.ID, seedTokens[u]})
		figs.togglOps++
	}
	for range rng.IntN(8) {
		if len(alive) == 0 {
			break
		}
		i := rng.IntN(len(alive))
		e := alive[i]
		var err error
		switch rng.IntN(5) {
		case 0:
			_, err = w.Toggl.UpdateTimeEntry(e.token, wid, e.id, map[string]any{"description": fmt.Sprintf("edited %d", rng.IntN(1000))})
		case 1:
			_, err = w.Toggl.UpdateTimeEntry(e.token, wid, e.id, map[string]any{"project_id": projects[rng.IntN(2)]})
		case 2:
			_, err = w.Toggl.UpdateTimeEntry(e.token, wid, e.id, map[string]any{"duration": 60 + rng.IntN(7200), "billable": rng.IntN(2) == 0})
		default:
			err = w.Toggl.DeleteTimeEntry(e.token, wid, e.id)
			alive = append(alive[:i], alive[i+1:]...)
		}
		must(t, err)
		figs.togglOps++
	}
	return share
}

// inDay lists the Attio entries whose start falls on day.
func (w *world) inDay(day time.Time) []attiosim.Entry {
	win := resync.Window{Start: day, End: day}
	var out []attiosim.Entry
	for _, e := range w.Attio.Entries("toggl_time_entries") {
		s, _ := activeValue(e.Values, "start").(string)
		if ts, err := time.Parse(time.RFC3339Nano, s); err == nil && win.Contains(ts) {
			out = append(out, e)
		}
	}
	return out
}

// playAttioHistory is what people do in Attio to a seed's day: delete, edit and duplicate
// entries.
func (w *world) playAttioHistory(t *testing.T, seed int, figs *convergenceFigures) {
	t.Helper()
	rng := rand.New(rand.NewPCG(uint64(seed), 0xa771))
	for range rng.IntN(4) {
		es := w.inDay(seedDay(seed))
		if len(es) == 0 {
			break
		}
		e := es[rng.IntN(len(es))]
		switch rng.IntN(3) {
		case 0:
			must(t, w.Attio.DeleteEntry("toggl_time_entries", e.ID))
		case 1:
			_, err := w.Attio.UpdateEntry("toggl_time_entries", e.ID, map[string]any{"description": "a person's edit", "duration_seconds": 1})
			must(t, err)
		default:
			_, err := w.Attio.CreateEntry("toggl_time_entries", "projects", e.ParentRecordID, plainValues(e.Values))
			must(t, err)
		}
		figs.attioOps++
	}
}

// checkSeed compares a seed's day in Attio with Toggl: one entry per time entry under its
// Project, the fields equal, nothing else.
func (w *world) checkSeed(t *testing.T, seed int, share float64, figs *convergenceFigures) {
	t.Helper()
	day := seedDay(seed)
	win := resync.Window{Start: day, End: day}
	want := map[int64]int64{}
	for _, e := range w.Toggl.TimeEntries() {
		if win.Contains(e.Start) && e.DeletedAt == nil {
			want[e.ID] = e.ProjectID
		}
	}
	figs.seeds++
	figs.entries += len(want)
	w.checkExactly(t, want)
	w.checkFields(t, want)
	got := map[int64]bool{}
	for _, e := range w.inDay(day) {
		id, _ := activeValue(e.Values, "toggl_time_entry_id").(float64)
		if _, ok := want[int64(id)]; !ok {
			t.Errorf("seed %d: Attio still holds entry %s of time entry %v, which Toggl does not have", seed, e.ID, id)
		}
		got[int64(id)] = true
	}
	if len(got) != len(want) {
		t.Errorf("seed %d (webhooks lost %.0f%%): Attio holds %d of the day's %d time entries", seed, share*100, len(got), len(want))
	}
}

// drain waits until the Toggl emulator has sent every delivery and the service applied them.
func (w *world) drain(t *testing.T) {
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
		if ctx.Err() != nil {
			t.Fatalf("%d deliveries still unfinished", n)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
