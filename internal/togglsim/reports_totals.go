package togglsim

import (
	"bytes"
	"encoding/json"
	"net/http"
	"time"
)

// totalsQuery is totals.ReportPost (the Reports spec): the detailed search's filters, no
// paging or ordering.
type totalsQuery struct {
	StartDate          optString `json:"start_date"`
	EndDate            optString `json:"end_date"`
	UserIDs            []int64   `json:"user_ids"`
	ProjectIDs         []*int64  `json:"project_ids"`
	ClientIDs          []*int64  `json:"client_ids"`
	TagIDs             []*int64  `json:"tag_ids"`
	TimeEntryIDs       []int64   `json:"time_entry_ids"`
	Description        optString `json:"description"`
	Billable           optBool   `json:"billable"`
	MinDurationSeconds optInt    `json:"min_duration_seconds"`
	MaxDurationSeconds optInt    `json:"max_duration_seconds"`
	Grouped            bool      `json:"grouped"`
	WithGraph          bool      `json:"with_graph"`
}

// searchTotals serves POST /reports/api/v3/workspace/{wid}/search/time_entries/totals: the sums
// of exactly the entries the detailed search selects with the same filters (toggl.md §4.5:
// {seconds, rates:[{billable_seconds, ...}], ...}; the spec types the body as a string, the
// shape is third-party). The same plan feature, errors and visibility as the detailed search.
func (s *Sim) searchTotals(w http.ResponseWriter, r *http.Request, c *call) {
	s.mu.Lock()
	plan := s.st.workspaces[c.wid].Plan
	s.mu.Unlock()
	if s.cfg.PlanLimits[plan].NoReports {
		s.writeErr(w, http.StatusPaymentRequired, msgFeatureNotInPlan)
		return
	}
	var t totalsQuery
	if err := decodeObject(c.body, &t); err != nil {
		s.writeErr(w, http.StatusBadRequest, err.Error())
		return
	}
	var fields map[string]json.RawMessage
	json.Unmarshal(bytes.TrimSpace(c.body), &fields)
	if len(fields) == 0 {
		s.writeErr(w, http.StatusBadRequest, "At least one parameter must be set")
		return
	}
	q := reportsQuery{StartDate: t.StartDate, EndDate: t.EndDate, UserIDs: t.UserIDs, ProjectIDs: t.ProjectIDs,
		ClientIDs: t.ClientIDs, TagIDs: t.TagIDs, TimeEntryIDs: t.TimeEntryIDs, Description: t.Description,
		Billable: t.Billable, MinDurationSeconds: t.MinDurationSeconds, MaxDurationSeconds: t.MaxDurationSeconds}

	s.mu.Lock()
	defer s.mu.Unlock()
	start, end, msg := s.reportRange(q)
	if msg != "" {
		s.writeErr(w, http.StatusBadRequest, msg)
		return
	}
	var seconds, billable int64
	for _, e := range s.st.entries {
		if e.WorkspaceID == c.wid && s.reportMatches(e, q, c, start, end) {
			seconds += e.Duration()
			if e.Billable {
				billable += e.Duration()
			}
		}
	}
	rates := []map[string]any{}
	if billable > 0 {
		rates = append(rates, map[string]any{"billable_seconds": billable, "hourly_rate_in_cents": nil, "currency": s.workspaceCurrency(c.wid)})
	}
	w.Header().Set("X-Range-Start", start.Format(time.DateOnly))
	w.Header().Set("X-Range-End", end.Format(time.DateOnly))
	writeJSON(w, http.StatusOK, map[string]any{"seconds": seconds, "rates": rates, "graph": nil, "resolution": "day"})
}
