package resync_test

import (
	"strings"
	"testing"
	"time"

	"toggl-attio-sync/internal/togglsim"
)

// A plan without the Reports API (402 "feature"): the run reads /me/time_entries instead,
// which holds only the token owner's entries, and says so.
func TestNoReportsFallsBackToOwnEntries(t *testing.T) {
	w := startWorld(t, options{toggl: togglsim.Config{
		PlanLimits: map[togglsim.Plan]togglsim.PlanLimits{togglsim.PlanPremium: {MaxWebhooks: 3, MaxEventFilters: 12, HourlyQuota: 600, NoReports: true}},
	}})
	now := time.Now()
	all := w.seedEntries(90, 30, 15, now) // a third each for Ada (the token owner), Ben, Chloe
	own := map[int64]int64{}
	for _, e := range w.Toggl.TimeEntries() {
		if p, ok := all[e.ID]; ok && e.UserID == togglsim.SeedAdaID {
			own[e.ID] = p
		}
	}

	p := w.wait(t, w.start(t, window(30, 15, now)))
	t.Log(p.Summary())
	if p.Status != "done" || p.Source != "me" || p.Counts.Created != len(own) || p.Counts.Failed != 0 {
		t.Fatalf("run: %s (source %s)", p.Summary(), p.Source)
	}
	if !strings.Contains(p.Note, "only the time entries of the connection's Toggl user") {
		t.Errorf("the limitation is not stated: %q", p.Note)
	}
	w.checkExactly(t, own)
	if got := len(w.attioEntries()); got != len(own) {
		t.Errorf("Attio holds %d entries, want the owner's %d", got, len(own))
	}
	if got := w.requests.get("reports 402"); got != 1 {
		t.Errorf("Reports asked %d times, want once", got)
	}
}
