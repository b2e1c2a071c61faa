package toggl

import (
	"context"
	"encoding/json"
	"fmt"
)

// TotalsSearch is the body of POST /reports/api/v3/workspace/{wid}/search/time_entries/totals
// (totals.ReportPost in the Reports spec): the detailed search's filters without paging,
// ordering or enrichment, which the totals request does not take.
type TotalsSearch struct {
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
}

// Totals is the totals request for the same entries as s.
func (s DetailedSearch) Totals() TotalsSearch {
	return TotalsSearch{
		StartDate: s.StartDate, EndDate: s.EndDate, UserIDs: s.UserIDs, ProjectIDs: s.ProjectIDs, ClientIDs: s.ClientIDs,
		TaskIDs: s.TaskIDs, TagIDs: s.TagIDs, GroupIDs: s.GroupIDs, TimeEntryIDs: s.TimeEntryIDs, Description: s.Description,
		Billable: s.Billable, MinDurationSeconds: s.MinDurationSeconds, MaxDurationSeconds: s.MaxDurationSeconds,
	}
}

// ReportTotals is the answer of the totals request: the summed seconds of every entry the
// detailed search selects (toggl.md §4.5: {seconds, rates:[{billable_seconds,...}], ...}).
type ReportTotals struct {
	Seconds int64
}

// SearchTimeEntriesTotals asks Reports for the totals of s's entries: one request, whatever
// their number. An answer without a numeric seconds is an error, not zero: a caller proves a
// listing complete by comparing with it.
func (c *Client) SearchTimeEntriesTotals(ctx context.Context, workspaceID int64, s DetailedSearch) (ReportTotals, error) {
	path := fmt.Sprintf("%s/workspace/%d/search/time_entries/totals", reportsPrefix, workspaceID)
	var raw map[string]json.RawMessage
	if _, err := c.do(ctx, request{method: "POST", path: path, body: s.Totals(), idempotent: true}, &raw); err != nil {
		return ReportTotals{}, err
	}
	var secs flexInt
	v, ok := raw["seconds"]
	if !ok || string(v) == "null" || json.Unmarshal(v, &secs) != nil {
		return ReportTotals{}, fmt.Errorf("toggl: POST %s: the answer has no number of seconds", path)
	}
	return ReportTotals{Seconds: int64(secs)}, nil
}
