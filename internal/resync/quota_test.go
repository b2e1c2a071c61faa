package resync_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"toggl-attio-sync/internal/resync"
	"toggl-attio-sync/internal/toggl"
	"toggl-attio-sync/internal/togglsim"
)

// Toggl's hourly quota runs out mid-run (scaled: a 2-second window): the run pauses until
// the reset, shows it, resumes and finishes with every entry once and no request repeated.
// The test spends the quota itself once the run is under way, the way another integration on
// the same token would, so the run meets the 402 whatever the machine's speed.
func TestQuotaExhaustedPausesAndResumes(t *testing.T) {
	w := startWorld(t, options{toggl: togglsim.Config{
		Quota:      togglsim.Quota{Window: 2 * time.Second},
		PlanLimits: map[togglsim.Plan]togglsim.PlanLimits{togglsim.PlanPremium: {MaxWebhooks: 3, MaxEventFilters: 12, HourlyQuota: 40}},
	}})
	now := time.Now()
	want := w.seedEntries(400, 30, 20, now) // 8 report pages
	other, err := toggl.New(toggl.Options{BaseURL: w.TogglURL, APIToken: togglsim.SeedAdaToken,
		Registry: toggl.NewRegistry(10*time.Millisecond, 1), FailFastOnQuota: true, RetryBaseDelay: 10 * time.Millisecond})
	must(t, err)

	id := w.start(t, window(30, 20, now))
	w.waitFor(t, id, "its first page", func(p resync.Progress) bool { return p.Pages >= 1 })
	var paused resync.Progress
	for {
		spendQuota(t, other)
		p, err := resync.Load(context.Background(), w.App.Store, id, time.Now())
		must(t, err)
		if p.Status == resync.StatusPaused {
			paused = p
			break
		}
		if p.Finished() {
			t.Fatalf("the run finished without meeting the exhausted quota: %s", p.Summary())
		}
		time.Sleep(10 * time.Millisecond)
	}
	if paused.PausedUntil.IsZero() || !strings.Contains(paused.Line(), "paused for Toggl's quota until") {
		t.Errorf("a paused run should say until when: %s", paused.Line())
	}

	p := w.wait(t, id)
	t.Log(p.Summary())
	if p.Status != "done" || p.Counts.Created != 400 || p.Counts.Failed != 0 {
		t.Fatalf("run: %s", p.Summary())
	}
	w.checkExactly(t, want)
	// Each page was asked again after its 402 until it came, and none twice.
	refused := w.requests.get("reports 402")
	if got := w.requests.get("reports"); got != 8+refused {
		t.Errorf("%d report requests, want the 8 pages plus the %d refused", got, refused)
	}
	if p.TogglRequests != 3+8+1+1 {
		t.Errorf("run counted %d Toggl requests, want 13 (3 for names, 8 pages, 1 since=, 1 totals)", p.TogglRequests)
	}
	if !strings.Contains(w.Logs.String(), "resync paused: Toggl quota exhausted") {
		t.Errorf("no pause logged")
	}
}

// spendQuota uses up what is left of the token's workspace quota.
func spendQuota(t *testing.T, c *toggl.Client) {
	t.Helper()
	for range 1000 {
		_, err := c.ListClients(context.Background(), wid, toggl.ClientsQuery{})
		var quota *toggl.QuotaError
		if errors.As(err, &quota) {
			return
		}
		must(t, err)
	}
	t.Fatal("the quota never ran out")
}
