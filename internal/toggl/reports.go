package toggl

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// DetailedSearch is the body of the Reports v3 detailed search, POST
// /reports/api/v3/workspace/{wid}/search/time_entries (docs/api/toggl.md §4.5, detailed.Post).
// Zero fields are left out. The First* fields are the paging cursor; SearchTimeEntries sets
// them, and a resumable backfill may set them from a stored ReportCursor (After).
type DetailedSearch struct {
	StartDate          string  `json:"start_date,omitempty"` // YYYY-MM-DD
	EndDate            string  `json:"end_date,omitempty"`   // YYYY-MM-DD
	UserIDs            []int64 `json:"user_ids,omitempty"`
	ProjectIDs         []int64 `json:"project_ids,omitempty"`
	ClientIDs          []int64 `json:"client_ids,omitempty"`
	TaskIDs            []int64 `json:"task_ids,omitempty"`
	TagIDs             []int64 `json:"tag_ids,omitempty"`
	GroupIDs           []int64 `json:"group_ids,omitempty"`
	TimeEntryIDs       []int64 `json:"time_entry_ids,omitempty"`
	Description        string  `json:"description,omitempty"`
	Billable           *bool   `json:"billable,omitempty"`
	MinDurationSeconds int     `json:"min_duration_seconds,omitempty"`
	MaxDurationSeconds int     `json:"max_duration_seconds,omitempty"`
	Grouped            bool    `json:"grouped,omitempty"`
	EnrichResponse     bool    `json:"enrich_response,omitempty"`
	HideAmounts        bool    `json:"hide_amounts,omitempty"`
	OrderBy            string  `json:"order_by,omitempty"`  // date (default), user, duration, description, last_update
	OrderDir           string  `json:"order_dir,omitempty"` // ASC or DESC
	PageSize           int     `json:"page_size,omitempty"` // Toggl's default 50; the maximum is unconfirmed
	Rounding           *int    `json:"rounding,omitempty"`
	RoundingMinutes    *int    `json:"rounding_minutes,omitempty"`

	FirstID        int64 `json:"first_id,omitempty"`
	FirstRowNumber int64 `json:"first_row_number,omitempty"`
	FirstTimestamp int64 `json:"first_timestamp,omitempty"`
}

// ReportCursor points at the first row of the next page: the X-Next-* headers of a page.
type ReportCursor struct {
	NextID        int64
	NextRowNumber int64
	NextTimestamp int64 // X-Next-Timestamp, read by some 3P code (unconfirmed)
}

// After returns the search continued at cursor (the headers are sent back as first_id,
// first_row_number and first_timestamp, docs/api/toggl.md §4.5).
func (s DetailedSearch) After(cursor ReportCursor) DetailedSearch {
	s.FirstID, s.FirstRowNumber, s.FirstTimestamp = cursor.NextID, cursor.NextRowNumber, cursor.NextTimestamp
	return s
}

// ReportPage is one page of detailed-search rows.
type ReportPage struct {
	Rows       []ReportRow
	Next       *ReportCursor // nil on the last page
	RangeStart string        // X-Range-Start: the dates Toggl actually used
	RangeEnd   string        // X-Range-End
}

// ReportRow groups time entries that share user, project, task, description and tags; with
// grouped=false it usually holds one (docs/api/toggl.md §4.5, row shape from 3P clients). The enriched
// fields are filled only with EnrichResponse.
type ReportRow struct {
	UserID                int64
	Username              string
	ProjectID             *int64
	TaskID                *int64
	Billable              bool
	Description           string
	TagIDs                []int64
	BillableAmountInCents *int64
	HourlyRateInCents     *int64
	Currency              string
	RowNumber             int64
	TimeEntries           []ReportTimeEntry

	ClientName   string
	ProjectName  string
	ProjectColor string
	ProjectHex   string
	TagNames     []string
	Email        string
	TaskName     string
}

// ReportTimeEntry is one entry inside a row. Seconds is the duration; a running entry's
// stop is zero.
type ReportTimeEntry struct {
	ID      int64
	Seconds int64
	Start   Time
	Stop    Time
	At      Time
}

// reportRowJSON is the wire form. Every number is tolerant because the row shape is
// only confirmed by third-party clients (docs/api/toggl.md §4.5).
type reportRowJSON struct {
	UserID                flexInt               `json:"user_id"`
	Username              string                `json:"username"`
	ProjectID             flexIntPtr            `json:"project_id"`
	TaskID                flexIntPtr            `json:"task_id"`
	Billable              bool                  `json:"billable"`
	Description           string                `json:"description"`
	TagIDs                []flexInt             `json:"tag_ids"`
	BillableAmountInCents flexIntPtr            `json:"billable_amount_in_cents"`
	HourlyRateInCents     flexIntPtr            `json:"hourly_rate_in_cents"`
	Currency              string                `json:"currency"`
	RowNumber             flexInt               `json:"row_number"`
	TimeEntries           []reportTimeEntryJSON `json:"time_entries"`
	ClientName            string                `json:"client_name"`
	ProjectName           string                `json:"project_name"`
	ProjectColor          string                `json:"project_color"`
	ProjectHex            string                `json:"project_hex"`
	TagNames              []string              `json:"tag_names"`
	Email                 string                `json:"email"`
	TaskName              string                `json:"task_name"`
}

type reportTimeEntryJSON struct {
	ID      flexInt `json:"id"`
	Seconds flexInt `json:"seconds"`
	Start   Time    `json:"start"`
	Stop    Time    `json:"stop"`
	At      Time    `json:"at"`
}

func (r *ReportRow) UnmarshalJSON(data []byte) error {
	var w reportRowJSON
	if err := json.Unmarshal(data, &w); err != nil {
		return err
	}
	*r = ReportRow{
		UserID: int64(w.UserID), Username: w.Username, ProjectID: w.ProjectID.v, TaskID: w.TaskID.v,
		Billable: w.Billable, Description: w.Description, TagIDs: flexInts(w.TagIDs),
		BillableAmountInCents: w.BillableAmountInCents.v, HourlyRateInCents: w.HourlyRateInCents.v,
		Currency: w.Currency, RowNumber: int64(w.RowNumber),
		ClientName: w.ClientName, ProjectName: w.ProjectName, ProjectColor: w.ProjectColor,
		ProjectHex: w.ProjectHex, TagNames: w.TagNames, Email: w.Email, TaskName: w.TaskName,
	}
	for _, te := range w.TimeEntries {
		r.TimeEntries = append(r.TimeEntries, ReportTimeEntry{
			ID: int64(te.ID), Seconds: int64(te.Seconds), Start: te.Start, Stop: te.Stop, At: te.At,
		})
	}
	return nil
}

// SearchTimeEntriesPage fetches one page of the detailed search.
func (c *Client) SearchTimeEntriesPage(ctx context.Context, workspaceID int64, s DetailedSearch) (ReportPage, error) {
	var rows []ReportRow
	path := fmt.Sprintf("%s/workspace/%d/search/time_entries", reportsPrefix, workspaceID)
	// The search only reads, so resending it after a 5xx is safe.
	h, err := c.do(ctx, request{method: "POST", path: path, body: s, idempotent: true}, &rows)
	if err != nil {
		return ReportPage{}, err
	}
	page := ReportPage{Rows: rows, RangeStart: h.Get("X-Range-Start"), RangeEnd: h.Get("X-Range-End")}
	next, err := nextCursor(h)
	if err != nil {
		return ReportPage{}, fmt.Errorf("toggl: POST %s: %w", path, err)
	}
	page.Next = next
	return page, nil
}

// nextCursor reads X-Next-ID / X-Next-Row-Number (strings holding integers in the spec);
// neither header means the last page.
func nextCursor(h http.Header) (*ReportCursor, error) {
	var cur ReportCursor
	found := false
	for _, f := range []struct {
		name string
		dst  *int64
	}{
		{"X-Next-ID", &cur.NextID},
		{"X-Next-Row-Number", &cur.NextRowNumber},
		{"X-Next-Timestamp", &cur.NextTimestamp},
	} {
		v := strings.TrimSpace(h.Get(f.name))
		if v == "" {
			continue
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("paging header %s=%q is not an integer", f.name, v)
		}
		*f.dst = n
		found = true
	}
	if !found || (cur.NextID == 0 && cur.NextRowNumber == 0) {
		return nil, nil
	}
	return &cur, nil
}

// SearchTimeEntries walks every page of the detailed search from s's cursor, calling fn with
// each page (its Next tells a caller where to resume after a crash). fn's error stops the walk
// and is returned.
//
// One third-party client found that sending first_id together with first_row_number made
// Toggl answer an empty page (docs/api/toggl.md §4.5, §8). Both are sent, as the spec says; but when a
// continuation page comes back empty and final, it is asked once more with first_row_number
// alone before the walk ends.
func (c *Client) SearchTimeEntries(ctx context.Context, workspaceID int64, s DetailedSearch, fn func(ReportPage) error) error {
	seen := map[ReportCursor]bool{}
	for {
		page, err := c.SearchTimeEntriesPage(ctx, workspaceID, s)
		if err != nil {
			return err
		}
		continued := s.FirstID != 0 || s.FirstRowNumber != 0
		if continued && len(page.Rows) == 0 && page.Next == nil && s.FirstID != 0 && s.FirstRowNumber != 0 {
			retry := s
			retry.FirstID = 0
			if page, err = c.SearchTimeEntriesPage(ctx, workspaceID, retry); err != nil {
				return err
			}
		}
		if len(page.Rows) > 0 {
			if err := fn(page); err != nil {
				return err
			}
		}
		if page.Next == nil {
			return nil
		}
		if seen[*page.Next] {
			return errors.New("toggl: report paging returned the same cursor twice")
		}
		seen[*page.Next] = true
		s = s.After(*page.Next)
	}
}

// ReportTotals is the answer of the Reports v3 totals, POST
// /reports/api/v3/workspace/{wid}/search/time_entries/totals (docs/api/toggl.md §4.5 "Totals: →
// {seconds, rates:[{billable_seconds,...}], ...}"; fields as the spec's totals.ReportData):
// the sum over every entry the detailed search returns for the same filters, in one request
// instead of a page walk.
type ReportTotals struct {
	Seconds               int64
	TrackedDays           int64
	BillableAmountInCents int64
	Rates                 []ReportRate
	RangeStart, RangeEnd  string // X-Range-Start / X-Range-End: the dates Toggl actually used
}

// ReportRate is the billable time at one hourly rate.
type ReportRate struct {
	BillableSeconds   int64
	HourlyRateInCents int64
	Currency          string
}

// totalsPost is totals.ReportPost: the detailed search's filters without its paging, ordering
// and row options, which the totals do not take.
type totalsPost struct {
	StartDate          string  `json:"start_date,omitempty"`
	EndDate            string  `json:"end_date,omitempty"`
	UserIDs            []int64 `json:"user_ids,omitempty"`
	ProjectIDs         []int64 `json:"project_ids,omitempty"`
	ClientIDs          []int64 `json:"client_ids,omitempty"`
	TaskIDs            []int64 `json:"task_ids,omitempty"`
	TagIDs             []int64 `json:"tag_ids,omitempty"`
	GroupIDs           []int64 `json:"group_ids,omitempty"`
	TimeEntryIDs       []int64 `json:"time_entry_ids,omitempty"`
	Description        string  `json:"description,omitempty"`
	Billable           *bool   `json:"billable,omitempty"`
	MinDurationSeconds int     `json:"min_duration_seconds,omitempty"`
	MaxDurationSeconds int     `json:"max_duration_seconds,omitempty"`
	Grouped            bool    `json:"grouped,omitempty"`
	Rounding           *int    `json:"rounding,omitempty"`
	RoundingMinutes    *int    `json:"rounding_minutes,omitempty"`
}

// reportTotalsJSON is the wire form. Unlike the rows (only 3P-confirmed), this shape is the
// spec's, so it is decoded strictly: seconds must be there and a number.
type reportTotalsJSON struct {
	Seconds               *int64 `json:"seconds"`
	TrackedDays           int64  `json:"tracked_days"`
	BillableAmountInCents int64  `json:"billable_amount_in_cents"`
	Rates                 []struct {
		BillableSeconds   int64  `json:"billable_seconds"`
		HourlyRateInCents int64  `json:"hourly_rate_in_cents"`
		Currency          string `json:"currency"`
	} `json:"rates"`
}

// SearchTimeEntriesTotals sums the entries s selects (its paging, ordering and row options are
// not sent). An answer without a numeric seconds is an error, not zero time.
func (c *Client) SearchTimeEntriesTotals(ctx context.Context, workspaceID int64, s DetailedSearch) (ReportTotals, error) {
	body := totalsPost{
		StartDate: s.StartDate, EndDate: s.EndDate, UserIDs: s.UserIDs, ProjectIDs: s.ProjectIDs,
		ClientIDs: s.ClientIDs, TaskIDs: s.TaskIDs, TagIDs: s.TagIDs, GroupIDs: s.GroupIDs,
		TimeEntryIDs: s.TimeEntryIDs, Description: s.Description, Billable: s.Billable,
		MinDurationSeconds: s.MinDurationSeconds, MaxDurationSeconds: s.MaxDurationSeconds,
		Grouped: s.Grouped, Rounding: s.Rounding, RoundingMinutes: s.RoundingMinutes,
	}
	var w reportTotalsJSON
	path := fmt.Sprintf("%s/workspace/%d/search/time_entries/totals", reportsPrefix, workspaceID)
	// Like the search, the totals only read: resending after a 5xx is safe.
	h, err := c.do(ctx, request{method: "POST", path: path, body: body, idempotent: true}, &w)
	if err != nil {
		return ReportTotals{}, err
	}
	if w.Seconds == nil {
		return ReportTotals{}, fmt.Errorf("toggl: POST %s: the answer has no seconds", path)
	}
	t := ReportTotals{Seconds: *w.Seconds, TrackedDays: w.TrackedDays, BillableAmountInCents: w.BillableAmountInCents,
		RangeStart: h.Get("X-Range-Start"), RangeEnd: h.Get("X-Range-End")}
	for _, r := range w.Rates {
		t.Rates = append(t.Rates, ReportRate{BillableSeconds: r.BillableSeconds, HourlyRateInCents: r.HourlyRateInCents, Currency: r.Currency})
	}
	return t, nil
}
