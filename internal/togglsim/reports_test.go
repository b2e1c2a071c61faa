package togglsim

import (
	"fmt"
	"net/http"
	"strconv"
	"testing"
	"time"
)

const searchPath = "/reports/api/v3/workspace/7435584/search/time_entries"

type reportRowOut struct {
	UserID                int64   `json:"user_id"`
	Username              string  `json:"username"`
	ProjectID             *int64  `json:"project_id"`
	Description           string  `json:"description"`
	Billable              bool    `json:"billable"`
	TagIDs                []int64 `json:"tag_ids"`
	BillableAmountInCents *int64  `json:"billable_amount_in_cents"`
	HourlyRateInCents     *int64  `json:"hourly_rate_in_cents"`
	RowNumber             int     `json:"row_number"`
	ProjectName           *string `json:"project_name"`
	ClientName            *string `json:"client_name"`
	TimeEntries           []struct {
		ID      int64  `json:"id"`
		Seconds int64  `json:"seconds"`
		Start   string `json:"start"`
		Stop    string `json:"stop"`
	} `json:"time_entries"`
}

func (e *env) search(a auth, body map[string]any) ([]reportRowOut, resp) {
	e.t.Helper()
	r := e.call(a, "POST", searchPath, body)
	want(e.t, r, http.StatusOK)
	var rows []reportRowOut
	r.decode(e.t, &rows)
	return rows, r
}

func TestReportsPagingWithHeaders(t *testing.T) {
	for _, by := range []string{"row_number", "first_id"} {
		t.Run(by, func(t *testing.T) {
			e := newEnv(t)
			body := map[string]any{"start_date": "2025-03-05", "end_date": "2025-03-12", "page_size": 10}
			seen := map[int64]bool{}
			var sizes []int
			for page := 0; ; page++ {
				rows, r := e.search(ada, body)
				sizes = append(sizes, len(rows))
				for i, row := range rows {
					if row.RowNumber != page*10+i+1 || len(row.TimeEntries) != 1 {
						t.Fatalf("page %d row %d: %+v", page, i, row)
					}
					seen[row.TimeEntries[0].ID] = true
				}
				if r.header.Get("X-Range-Start") != "2025-03-05" || r.header.Get("X-Range-End") != "2025-03-12" {
					t.Fatalf("range headers %v", r.header)
				}
				next, nextRow := r.header.Get("X-Next-ID"), r.header.Get("X-Next-Row-Number")
				if next == "" {
					if nextRow != "" {
						t.Fatal("X-Next-Row-Number without X-Next-ID")
					}
					break
				}
				if n, _ := strconv.Atoi(nextRow); n != (page+1)*10+1 {
					t.Fatalf("X-Next-Row-Number %s", nextRow)
				}
				delete(body, "first_id")
				delete(body, "first_row_number")
				if by == "first_id" {
					body["first_id"], _ = strconv.ParseInt(next, 10, 64)
				} else {
					body["first_row_number"], _ = strconv.Atoi(nextRow)
				}
			}
			// 24 stopped seed entries; Ben's running timer is not reported.
			if fmt.Sprint(sizes) != "[10 10 4]" || len(seen) != 24 || seen[e.seed.RunningEntryID] {
				t.Fatalf("pages %v, %d distinct entries", sizes, len(seen))
			}
		})
	}
}

func TestReportsRowsGroupingAndFilters(t *testing.T) {
	e := newEnv(t)
	rows, _ := e.search(ada, map[string]any{"start_date": "2025-03-05", "end_date": "2025-03-12", "order_dir": "ASC"})
	first := rows[0]
	// Ada's 2h kick-off on Website Redesign at 120/h.
	if first.Description != "Kick-off workshop" || first.Username != "Ada Admin" || first.TimeEntries[0].Seconds != 7200 ||
		*first.HourlyRateInCents != 12000 || *first.BillableAmountInCents != 24000 || first.TimeEntries[0].Start != "2025-03-05T09:00:00+00:00" {
		t.Fatalf("first row %+v", first)
	}
	grouped, _ := e.search(ada, map[string]any{"start_date": "2025-03-05", "end_date": "2025-03-12", "grouped": true, "description": "support tickets"})
	if len(grouped) != 1 || len(grouped[0].TimeEntries) != 2 {
		t.Fatalf("grouped %+v", grouped)
	}
	noProject, _ := e.search(ada, map[string]any{"start_date": "2025-03-05", "end_date": "2025-03-12", "project_ids": []any{nil}})
	if len(noProject) != 1 || noProject[0].Description != "Inbox zero" || noProject[0].ProjectID != nil {
		t.Fatalf("project_ids [null]: %+v", noProject)
	}
	initech, _ := e.search(ada, map[string]any{"start_date": "2025-03-05", "end_date": "2025-03-12", "client_ids": []int64{61000002}, "enrich_response": true})
	if len(initech) != 5 || *initech[0].ClientName != "Initech" || *initech[0].ProjectName != "Data Migration" {
		t.Fatalf("client filter: %d rows %+v", len(initech), initech)
	}
	short, _ := e.search(ada, map[string]any{"start_date": "2025-03-05", "end_date": "2025-03-12", "max_duration_seconds": 1800, "billable": false})
	if len(short) != 2 {
		t.Fatalf("short non-billable: %+v", short)
	}
	// Members see their own entries only.
	bens, _ := e.search(ben, map[string]any{"start_date": "2025-03-01", "end_date": "2025-03-12", "page_size": 50})
	if len(bens) != 7 {
		t.Fatalf("Ben sees %d rows", len(bens))
	}
	for _, row := range bens {
		if row.UserID != SeedBenID {
			t.Fatalf("Ben sees %+v", row)
		}
	}
}

func TestReportsErrors(t *testing.T) {
	e := newEnv(t)
	wantErr(t, e.call(ada, "POST", searchPath, map[string]any{}), http.StatusBadRequest, "At least one parameter must be set")
	wantErr(t, e.call(ada, "POST", searchPath, map[string]any{"start_date": "2025-03-05", "order_by": "price"}), http.StatusBadRequest,
		"Invalid 'order_by' value, allowed values are: 'date, user, duration, description, last_update'")
	wantErr(t, e.call(ada, "POST", searchPath, map[string]any{"start_date": "2025-03-05", "end_date": "2025-03-01"}), http.StatusBadRequest,
		"start_date should be less than end_date")
	wantErr(t, e.call(ada, "POST", searchPath, map[string]any{"start_date": "05/03/2025"}), http.StatusBadRequest,
		"Invalid 'start_date' value, allowed values are: 'YYYY-MM-DD'")

	noReports := newEnv(t, func(c *Config) {
		c.PlanLimits = map[Plan]PlanLimits{PlanPremium: {MaxWebhooks: 3, MaxEventFilters: 12, HourlyQuota: 600, NoReports: true}}
	})
	wantErr(t, noReports.call(ada, "POST", searchPath, map[string]any{"start_date": "2025-03-05"}), http.StatusPaymentRequired,
		"Workspace needs to have this feature enabled")
}

func TestReportsPageSizeCapAndQuirk(t *testing.T) {
	e := newEnv(t)
	for i := range 60 {
		start := t0.Add(-time.Duration(i+1) * time.Hour)
		e.sim.AddTimeEntry(TimeEntry{WorkspaceID: SeedWorkspaceID, UserID: SeedAdaID, Start: start, Stop: ptr(start.Add(time.Minute))})
	}
	rows, r := e.search(ada, map[string]any{"start_date": "2025-03-01", "end_date": "2025-03-12", "page_size": 500})
	if len(rows) != 50 || r.header.Get("X-Next-Row-Number") != "51" {
		t.Fatalf("page_size 500 gave %d rows, next %q", len(rows), r.header.Get("X-Next-Row-Number"))
	}
	quirky := newEnv(t, func(c *Config) { c.Quirks.ReportsFirstIDWithRowNumberIsEmpty = true })
	_, r = quirky.search(ada, map[string]any{"start_date": "2025-03-05", "end_date": "2025-03-12", "page_size": 5})
	next, _ := strconv.ParseInt(r.header.Get("X-Next-ID"), 10, 64)
	rows, _ = quirky.search(ada, map[string]any{"start_date": "2025-03-05", "end_date": "2025-03-12", "page_size": 5, "first_id": next, "first_row_number": 6})
	if len(rows) != 0 {
		t.Fatalf("quirk gave %d rows", len(rows))
	}
	rows, _ = quirky.search(ada, map[string]any{"start_date": "2025-03-05", "end_date": "2025-03-12", "page_size": 5, "first_row_number": 6})
	if len(rows) != 5 || rows[0].TimeEntries[0].ID != next {
		t.Fatalf("row number alone gave %+v", rows)
	}
}

const totalsPath = searchPath + "/totals"

type totalsOut struct {
	Seconds               int64  `json:"seconds"`
	TrackedDays           int    `json:"tracked_days"`
	BillableAmountInCents int64  `json:"billable_amount_in_cents"`
	Resolution            string `json:"resolution"`
	Rates                 []struct {
		BillableSeconds   int64  `json:"billable_seconds"`
		HourlyRateInCents int64  `json:"hourly_rate_in_cents"`
		Currency          string `json:"currency"`
	} `json:"rates"`
	Graph []struct {
		Seconds int64            `json:"seconds"`
		ByRate  map[string]int64 `json:"by_rate"`
	} `json:"graph"`
}

func (e *env) totals(a auth, body map[string]any) (totalsOut, resp) {
	e.t.Helper()
	r := e.call(a, "POST", totalsPath, body)
	want(e.t, r, http.StatusOK)
	var out totalsOut
	r.decode(e.t, &out)
	return out, r
}

// The totals sum exactly what the detailed search returns for the same filters (stopped,
// visible entries; the running one left out), billable seconds per rate, and with with_graph
// one bucket per day of the range.
func TestReportsTotalsMatchDetailedSearch(t *testing.T) {
	e := newEnv(t)
	week := map[string]any{"start_date": "2025-03-05", "end_date": "2025-03-12"}
	with := func(extra map[string]any) map[string]any {
		m := map[string]any{"page_size": 50}
		for k, v := range week {
			m[k] = v
		}
		for k, v := range extra {
			m[k] = v
		}
		return m
	}
	for _, tc := range []struct {
		name   string
		who    auth
		filter map[string]any
	}{
		{"whole week", ada, nil},
		{"one user", ada, map[string]any{"user_ids": []int64{SeedBenID}}},
		{"no project", ada, map[string]any{"project_ids": []any{nil}}},
		{"one client", ada, map[string]any{"client_ids": []int64{61000002}}},
		{"description", ada, map[string]any{"description": "support tickets"}},
		{"short non-billable", ada, map[string]any{"max_duration_seconds": 1800, "billable": false}},
		{"a member sees their own", ben, map[string]any{"start_date": "2025-03-01"}},
		{"one day", ada, map[string]any{"start_date": "2025-03-05", "end_date": "2025-03-05"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rows, _ := e.search(tc.who, with(tc.filter))
			if len(rows) == 50 {
				t.Fatal("more than one page: the sum below would be partial")
			}
			var seconds int64
			byRate := map[int64]int64{}
			for _, row := range rows {
				for _, te := range row.TimeEntries {
					seconds += te.Seconds
					if row.Billable && row.HourlyRateInCents != nil {
						byRate[*row.HourlyRateInCents] += te.Seconds
					}
				}
			}
			body := with(tc.filter)
			delete(body, "page_size") // not a totals.ReportPost field
			got, r := e.totals(tc.who, body)
			t.Logf("%d rows, %d s, %d rates", len(rows), got.Seconds, len(got.Rates))
			if got.Seconds != seconds || seconds == 0 && len(rows) > 0 {
				t.Fatalf("totals %d s, detailed search %d s over %d rows", got.Seconds, seconds, len(rows))
			}
			if len(got.Rates) != len(byRate) {
				t.Fatalf("rates %+v, want %v", got.Rates, byRate)
			}
			for _, rt := range got.Rates {
				if rt.BillableSeconds != byRate[rt.HourlyRateInCents] || rt.Currency == "" {
					t.Fatalf("rate %+v, want %d billable seconds", rt, byRate[rt.HourlyRateInCents])
				}
			}
			if r.header.Get("X-Range-Start") == "" || r.header.Get("X-Range-End") == "" || got.Graph != nil {
				t.Fatalf("headers %v, graph without with_graph %+v", r.header, got.Graph)
			}
		})
	}

	all, _ := e.totals(ada, week)
	if all.Seconds == 0 || all.BillableAmountInCents == 0 || all.TrackedDays == 0 {
		t.Fatalf("week totals %+v", all)
	}
	graphed, _ := e.totals(ada, with(map[string]any{"with_graph": true}))
	var sum int64
	for _, g := range graphed.Graph {
		sum += g.Seconds
	}
	if graphed.Resolution != "day" || len(graphed.Graph) != 8 || sum != all.Seconds {
		t.Fatalf("graph: resolution %q, %d buckets summing to %d s; want day, 8, %d", graphed.Resolution, len(graphed.Graph), sum, all.Seconds)
	}
	weekly, _ := e.totals(ada, with(map[string]any{"with_graph": true, "granularity": "week"}))
	if weekly.Resolution != "week" || len(weekly.Graph) != 2 { // Wed 5 to Wed 12 March 2025 spans two Monday weeks
		t.Fatalf("weekly graph %+v", weekly)
	}

	// A running timer counts in neither.
	if _, err := e.sim.StartTimer(SeedAdaToken, SeedWorkspaceID, 0, "still running"); err != nil {
		t.Fatal(err)
	}
	if again, _ := e.totals(ada, map[string]any{"start_date": "2025-03-05", "end_date": e.clock.Now().Format(time.DateOnly)}); again.Seconds != all.Seconds {
		t.Fatalf("with a running timer: %d s, want %d", again.Seconds, all.Seconds)
	}
}

// Totals refuse what the detailed search refuses, and count against the hourly quota.
func TestReportsTotalsErrorsAndQuota(t *testing.T) {
	e := newEnv(t)
	wantErr(t, e.call(ada, "POST", totalsPath, map[string]any{}), http.StatusBadRequest, "At least one parameter must be set")
	wantErr(t, e.call(ada, "POST", totalsPath, map[string]any{"start_date": "2025-03-05", "end_date": "2025-03-01"}), http.StatusBadRequest,
		"start_date should be less than end_date")
	wantErr(t, e.call(ada, "POST", totalsPath, map[string]any{"start_date": "2025-03-05", "granularity": "hour"}), http.StatusBadRequest,
		"Invalid 'granularity' value, allowed values are: 'day, week, month'")
	noReports := newEnv(t, func(c *Config) {
		c.PlanLimits = map[Plan]PlanLimits{PlanPremium: {MaxWebhooks: 3, MaxEventFilters: 12, HourlyQuota: 600, NoReports: true}}
	})
	wantErr(t, noReports.call(ada, "POST", totalsPath, map[string]any{"start_date": "2025-03-05"}), http.StatusPaymentRequired,
		"Workspace needs to have this feature enabled")

	q := newEnv(t, limited, func(c *Config) {
		c.RateLimit.PerSecond, c.RateLimit.Burst = 1000, 1000
		c.PlanLimits = map[Plan]PlanLimits{PlanPremium: {MaxWebhooks: 3, MaxEventFilters: 12, HourlyQuota: 2}}
	})
	for _, left := range []string{"1", "0"} {
		r := q.call(ada, "POST", totalsPath, map[string]any{"start_date": "2025-03-05"})
		want(t, r, http.StatusOK)
		if got := r.header.Get("X-Toggl-Quota-Remaining"); got != left {
			t.Fatalf("quota remaining %q, want %s", got, left)
		}
	}
	wantErr(t, q.call(ada, "POST", totalsPath, map[string]any{"start_date": "2025-03-05"}), http.StatusPaymentRequired, "Quota exceeded")
}
