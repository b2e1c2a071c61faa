package toggl_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"toggl-attio-sync/internal/toggl"
	"toggl-attio-sync/internal/togglsim"
)

func reportDates(env *simEnv) (string, string) {
	now := env.clock.Now()
	return now.AddDate(0, 0, -8).Format(time.DateOnly), now.Format(time.DateOnly)
}

func simReportPaging(t *testing.T) {
	env := newSimEnv(t, togglsim.Config{})
	c := env.client(t, toggl.Options{})
	from, to := reportDates(env)
	var rows []toggl.ReportRow
	var pages int
	err := c.SearchTimeEntries(context.Background(), wid, toggl.DetailedSearch{StartDate: from, EndDate: to, PageSize: 10, EnrichResponse: true},
		func(p toggl.ReportPage) error {
			pages++
			rows = append(rows, p.Rows...)
			if p.RangeStart == "" || p.RangeEnd == "" {
				t.Errorf("page without X-Range headers")
			}
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
	// The admin sees every stopped seeded entry; the running one is not reported.
	stopped := len(env.info.TimeEntries) - 1
	var entries int
	seen := map[int64]bool{}
	for i, r := range rows {
		if r.RowNumber != int64(i+1) {
			t.Errorf("row %d numbered %d", i, r.RowNumber)
		}
		for _, e := range r.TimeEntries {
			entries++
			seen[e.ID] = true
			if e.Seconds <= 0 || e.Stop.Sub(e.Start.Time) != time.Duration(e.Seconds)*time.Second {
				t.Errorf("entry %+v", e)
			}
		}
	}
	if entries != stopped || len(seen) != stopped || pages != (stopped+9)/10 {
		t.Errorf("%d entries (%d distinct) over %d pages, want %d", entries, len(seen), pages, stopped)
	}
}

// With the emulator reproducing the 3P quirk (first_id + first_row_number → empty page,
// docs/api/toggl.md §4.5), the walk still returns every row.
func simReportQuirk(t *testing.T) {
	env := newSimEnv(t, togglsim.Config{Quirks: togglsim.Quirks{ReportsFirstIDWithRowNumberIsEmpty: true}})
	c := env.client(t, toggl.Options{})
	from, to := reportDates(env)
	var entries int
	err := c.SearchTimeEntries(context.Background(), wid, toggl.DetailedSearch{StartDate: from, EndDate: to, PageSize: 10},
		func(p toggl.ReportPage) error {
			for _, r := range p.Rows {
				entries += len(r.TimeEntries)
			}
			return nil
		})
	if want := len(env.info.TimeEntries) - 1; err != nil || entries != want {
		t.Errorf("%d entries, want %d: %v", entries, want, err)
	}
}

func simPlan402(t *testing.T) {
	limits := togglsim.DefaultPlanLimits()
	premium := limits[togglsim.PlanPremium]
	premium.NoReports = true
	env := newSimEnv(t, togglsim.Config{PlanLimits: map[togglsim.Plan]togglsim.PlanLimits{togglsim.PlanPremium: premium}})
	c := env.client(t, toggl.Options{})
	from, to := reportDates(env)
	_, err := c.SearchTimeEntriesPage(context.Background(), wid, toggl.DetailedSearch{StartDate: from, EndDate: to})
	var pe *toggl.PlanError
	if !errors.As(err, &pe) || toggl.IsRetryable(err) || c.Quota().Blocked(env.clock.Now()) {
		t.Fatalf("err %T %v", err, err)
	}
}

// The totals of a search equal the sum of what the page walk returns for it, in one request;
// and a plan without Reports gets the same PlanError as the search.
func simReportTotals(t *testing.T) {
	env := newSimEnv(t, togglsim.Config{})
	c := env.client(t, toggl.Options{})
	from, to := reportDates(env)
	ctx := context.Background()
	for _, s := range []toggl.DetailedSearch{
		{StartDate: from, EndDate: to, PageSize: 10, OrderBy: "duration"},
		{StartDate: from, EndDate: to, UserIDs: []int64{togglsim.SeedBenID}},
	} {
		var seconds int64
		err := c.SearchTimeEntries(ctx, wid, s, func(p toggl.ReportPage) error {
			for _, r := range p.Rows {
				for _, e := range r.TimeEntries {
					seconds += e.Seconds
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		got, err := c.SearchTimeEntriesTotals(ctx, wid, s)
		if err != nil || got.Seconds != seconds || seconds == 0 || len(got.Rates) == 0 || got.RangeStart != from || got.RangeEnd != to {
			t.Fatalf("totals %+v %v, want %d s from the page walk", got, err, seconds)
		}
	}

	limits := togglsim.DefaultPlanLimits()
	premium := limits[togglsim.PlanPremium]
	premium.NoReports = true
	noReports := newSimEnv(t, togglsim.Config{PlanLimits: map[togglsim.Plan]togglsim.PlanLimits{togglsim.PlanPremium: premium}})
	_, err := noReports.client(t, toggl.Options{}).SearchTimeEntriesTotals(ctx, wid, toggl.DetailedSearch{StartDate: from, EndDate: to})
	var pe *toggl.PlanError
	if !errors.As(err, &pe) {
		t.Fatalf("totals without Reports: %T %v", err, err)
	}
}
