package togglsim

import (
	"cmp"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// totalsQuery is totals.ReportPost (docs/api/toggl.md §4.5; SPEC-reports): the detailed search's
// filters, plus the graph switches.
type totalsQuery struct {
	reportsQuery
	WithGraph   bool      `json:"with_graph"`
	Granularity optString `json:"granularity"`
	Resolution  optString `json:"resolution"`
}

// searchTotals serves POST /reports/api/v3/workspace/{wid}/search/time_entries/totals
// (docs/api/toggl.md §4.5 "Totals: → {seconds, rates:[{billable_seconds,...}], ...}"; the fields are
// the spec's totals.ReportData). It sums exactly the entries the detailed search returns for
// the same filters: stopped, not deleted, visible to the caller (running entries are left out
// there, so here too). rates has one item per hourly rate and currency of billable entries on
// a project with a rate; graph, only with with_graph, has one item per day, week (from
// Monday) or month of the range. The 200 body is unconstrained in the spec; the resolution
// chosen without granularity or resolution (day up to 31 days, week up to 183, else month)
// is a guess (UNCONFIRMED). Labour cost needs cost rates the emulator does not keep, so it is
// left out.
func (s *Sim) searchTotals(w http.ResponseWriter, r *http.Request, c *call) {
	var q totalsQuery
	if !s.readReportQuery(w, c, &q) {
		return
	}
	resolution := q.requestedResolution()
	if resolution != "" && !slices.Contains([]string{"day", "week", "month"}, resolution) {
		s.writeErr(w, http.StatusBadRequest, "Invalid 'granularity' value, allowed values are: 'day, week, month'")
		return
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	start, end, msg := s.reportRange(q.reportsQuery)
	if msg != "" {
		s.writeErr(w, http.StatusBadRequest, msg)
		return
	}
	if resolution == "" {
		resolution = defaultResolution(start, end)
	}
	t := newTotals(start, end, resolution, q.WithGraph)
	for _, e := range s.st.entries {
		if e.WorkspaceID == c.wid && s.reportMatches(e, q.reportsQuery, c, start, end) {
			cents, currency, rated := s.billableRate(e)
			t.add(e, cents, currency, rated)
		}
	}
	w.Header().Set("X-Range-Start", start.Format(time.DateOnly))
	w.Header().Set("X-Range-End", end.Format(time.DateOnly))
	writeJSON(w, http.StatusOK, t.reportData())
}

// requestedResolution is the first of granularity and resolution that is set to a non-empty
// string, or "" for none.
func (q totalsQuery) requestedResolution() string {
	for _, o := range []optString{q.Granularity, q.Resolution} {
		if o.Set && !o.Null && o.V != "" {
			return o.V
		}
	}
	return ""
}

// defaultResolution is the graph resolution without granularity or resolution: day up to 31
// days, week up to 183, else month (UNCONFIRMED).
func defaultResolution(start, end time.Time) string {
	switch days := int(end.Sub(start).Hours()/24) + 1; {
	case days <= 31:
		return "day"
	case days <= 183:
		return "week"
	}
	return "month"
}

// billableRate is the hourly rate in cents and the currency a billable entry on a project with
// a rate is charged at (the project's currency, else the workspace's); rated is false for any
// other entry. Caller holds Sim.mu.
func (s *Sim) billableRate(e *TimeEntry) (cents int64, currency string, rated bool) {
	if p := s.st.projects[e.ProjectID]; e.Billable && p != nil && p.Rate > 0 {
		currency = s.workspaceCurrency(e.WorkspaceID)
		if p.Currency != "" {
			currency = p.Currency
		}
		return int64(p.Rate*100 + 0.5), currency, true
	}
	return 0, "", false
}

// rateKey is one item of rates: billable time is summed per hourly rate and currency.
type rateKey struct {
	cents    int64
	currency string
}

// totals accumulates totals.ReportData over the matching entries.
type totals struct {
	seconds, amount int64
	days            map[string]bool // tracked days, by UTC start date
	billable        map[rateKey]int64
	keys            []rateKey // of billable, in first-seen order
	withGraph       bool
	resolution      string
	graph           []map[string]any // one bucket per period of the range
	bucketOf        map[string]int   // graph index by the period's first day
}

// newTotals starts empty totals; with a graph, one zero bucket per period from start to end.
func newTotals(start, end time.Time, resolution string, withGraph bool) *totals {
	t := &totals{days: map[string]bool{}, billable: map[rateKey]int64{}, withGraph: withGraph,
		resolution: resolution, bucketOf: map[string]int{}}
	if withGraph {
		for b := periodStart(start, resolution); !b.After(end); b = nextPeriod(b, resolution) {
			t.bucketOf[b.Format(time.DateOnly)] = len(t.graph)
			t.graph = append(t.graph, map[string]any{"seconds": int64(0), "billable_amount_in_cents": int64(0), "by_rate": map[string]int64{}})
		}
	}
	return t
}

// add counts one entry; cents and currency are its billableRate when rated.
func (t *totals) add(e *TimeEntry, cents int64, currency string, rated bool) {
	d := e.Duration()
	t.seconds += d
	t.days[e.Start.UTC().Format(time.DateOnly)] = true
	var entryAmount int64
	if rated {
		k := rateKey{cents, currency}
		if _, ok := t.billable[k]; !ok {
			t.keys = append(t.keys, k)
		}
		t.billable[k] += d
		entryAmount = cents * d / 3600
		t.amount += entryAmount
	}
	if t.withGraph {
		g := t.graph[t.bucketOf[periodStart(e.Start.UTC(), t.resolution).Format(time.DateOnly)]]
		g["seconds"] = g["seconds"].(int64) + d
		g["billable_amount_in_cents"] = g["billable_amount_in_cents"].(int64) + entryAmount
		if cents > 0 {
			g["by_rate"].(map[string]int64)[strconv.FormatInt(cents, 10)] += d
		}
	}
}

// reportData renders the totals as totals.ReportData; rates are ordered by rate, then currency.
func (t *totals) reportData() map[string]any {
	slices.SortFunc(t.keys, func(a, b rateKey) int {
		return cmp.Or(cmp.Compare(a.cents, b.cents), strings.Compare(a.currency, b.currency))
	})
	rates := []map[string]any{}
	for _, k := range t.keys {
		rates = append(rates, map[string]any{"billable_seconds": t.billable[k], "hourly_rate_in_cents": k.cents, "currency": k.currency})
	}
	out := map[string]any{"seconds": t.seconds, "tracked_days": len(t.days), "billable_amount_in_cents": t.amount, "rates": rates, "graph": nil}
	if t.withGraph {
		out["graph"], out["resolution"] = t.graph, t.resolution
	}
	return out
}

// periodStart is the first day of t's day, week (Monday) or month, in UTC.
func periodStart(t time.Time, resolution string) time.Time {
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	switch resolution {
	case "week":
		return d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
	case "month":
		return d.AddDate(0, 0, 1-d.Day())
	}
	return d
}

func nextPeriod(t time.Time, resolution string) time.Time {
	switch resolution {
	case "week":
		return t.AddDate(0, 0, 7)
	case "month":
		return t.AddDate(0, 1, 0)
	}
	return t.AddDate(0, 0, 1)
}
