package resync

import (
	"context"
	"time"

	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/store"
	"toggl-attio-sync/internal/toggl"
)

// DefaultPageSize is Reports' documented default page_size (docs/api/toggl.md §4.5); the maximum is
// unconfirmed, so a run never asks for more.
const DefaultPageSize = 50

// Estimate is what a run will cost before it starts: Toggl requests against the hourly quota
// (docs/api/toggl.md §5: workspace requests count per user per organization; /me requests have their
// own 30 an hour) and the time Attio's write limit needs.
type Estimate struct {
	Window Window

	// Workspace requests: clients, users, project pages (per_page 200), report pages and the
	// one Reports totals request that proves the listing complete.
	NameRequests int
	ReportPages  int
	Requests     int // NameRequests + ReportPages + 1
	// AttioReads are the list queries reading the window's entries from Attio (500 a read).
	AttioReads int
	// UserRequests go to the /me quota: one since= listing for deletions.
	UserRequests int

	// Entries is the expected number of time entries and Basis says where it comes from;
	// EntriesKnown is false when nothing is known about the window yet.
	Entries      int
	EntriesKnown bool
	Basis        string

	// Quota as Toggl reported it just now (GET /me/quota, which does not count itself).
	QuotaKnown     bool
	QuotaRemaining int
	QuotaTotal     int
	QuotaResetAt   time.Time

	// Pauses is how many quota resets the run will wait for; Duration the time it will take
	// at one Toggl request a second, Attio's write limit and those waits.
	Pauses   int
	Duration time.Duration
}

// Fits reports whether the remaining quota covers the run without a pause.
func (e Estimate) Fits() bool { return !e.QuotaKnown || e.Pauses == 0 }

// attioReadPage is how many entries one Attio list query returns (docs/api/attio.md §3: limit 500).
const attioReadPage = 500

// EstimateOptions are the rates an estimate assumes.
type EstimateOptions struct {
	PageSize        int     // default DefaultPageSize
	WritesPerSecond float64 // Attio's write limit; default 25 (docs/api/attio.md §6)
	QuotaWindow     time.Duration
}

// EstimateRun estimates a run of conn over w. tc may be nil (quota then unknown); reading
// the quota costs no quota (GET /me/quota). The entry count comes from earlier resyncs of the
// same days, else from how fast webhooks brought entries in since the first one.
func EstimateRun(ctx context.Context, st *store.Store, conn *connection.Connection, tc *toggl.Client, w Window, o EstimateOptions, now time.Time) (Estimate, error) {
	if o.PageSize <= 0 {
		o.PageSize = DefaultPageSize
	}
	if o.WritesPerSecond <= 0 {
		o.WritesPerSecond = 25
	}
	if o.QuotaWindow <= 0 {
		o.QuotaWindow = time.Hour
	}
	e := Estimate{Window: w, UserRequests: 1}
	projects, err := st.CountTogglCacheKind(ctx, store.CountTogglCacheKindParams{ConnectionID: conn.ID, Kind: "project"})
	if err != nil {
		return e, err
	}
	// clients + users + project pages; a page that comes back full needs one more.
	e.NameRequests = 2 + int(projects)/toggl.MaxProjectsPerPage + 1

	seen, err := st.CountResyncEntriesBetween(ctx, store.CountResyncEntriesBetweenParams{
		ConnectionID: conn.ID, WindowStart: w.Start.UnixMilli(), WindowEnd: w.Limit().UnixMilli()})
	if err != nil {
		return e, err
	}
	span, err := st.ResyncEntryMapSpan(ctx, conn.ID)
	if err != nil {
		return e, err
	}
	switch {
	case seen > 0:
		e.Entries, e.EntriesKnown, e.Basis = int(seen), true, "entries an earlier resync saw in these days"
	case span.N > 0:
		days := max(now.Sub(time.UnixMilli(span.FirstAt)).Hours()/24, 1)
		perDay := float64(span.N) / days
		e.Entries, e.EntriesKnown, e.Basis = int(perDay*float64(w.Days())+0.5), true, "the rate webhooks brought entries in"
	default:
		e.Basis = "nothing known about these days yet: each request reads up to 50 entries"
	}
	// The last page is the one without a next cursor: at least one request even for none.
	e.ReportPages = max(1, (e.Entries+o.PageSize-1)/o.PageSize)
	e.Requests = e.NameRequests + e.ReportPages + 1
	e.AttioReads = e.Entries/attioReadPage + 1

	if tc != nil {
		if readings, err := tc.MyQuota(ctx); err == nil {
			e.readQuota(readings, now)
		}
	}
	// Toggl pages and Attio writes overlap, so the slower of the two sets the time.
	togglTime := time.Duration(e.Requests+e.UserRequests) * time.Second // 1 request a second
	attioTime := time.Duration(float64(e.Entries) / o.WritesPerSecond * float64(time.Second))
	e.Duration = max(togglTime, attioTime)
	if e.QuotaKnown && e.Requests > e.QuotaRemaining {
		total := max(e.QuotaTotal, 1)
		e.Pauses = 1 + (e.Requests-e.QuotaRemaining-1)/total
		e.Duration += max(e.QuotaResetAt.Sub(now), 0) + time.Duration(e.Pauses-1)*o.QuotaWindow
	}
	return e, nil
}

// readQuota picks the organization bucket (workspace requests). With several organizations
// the smallest remainder is the safe reading: which one the workspace belongs to would cost
// a request to ask.
func (e *Estimate) readQuota(readings []toggl.QuotaReading, now time.Time) {
	for _, r := range readings {
		if r.OrganizationID == nil {
			continue
		}
		if !e.QuotaKnown || r.Remaining < e.QuotaRemaining {
			e.QuotaKnown = true
			e.QuotaRemaining, e.QuotaTotal = r.Remaining, r.Total
			e.QuotaResetAt = now.Add(time.Duration(r.ResetsInSecs) * time.Second)
		}
	}
}
