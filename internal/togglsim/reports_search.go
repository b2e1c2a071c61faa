package togglsim

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// reportsQuery is detailed.Post (docs/api/toggl.md §4.5), the fields the emulator honours. The id
// filters take [null] to mean "none", hence optional elements.
type reportsQuery struct {
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
	EnrichResponse     bool      `json:"enrich_response"`
	OrderBy            optString `json:"order_by"`
	OrderDir           optString `json:"order_dir"`
	PageSize           optInt    `json:"page_size"`
	FirstID            optInt    `json:"first_id"`
	FirstRowNumber     optInt    `json:"first_row_number"`
}

// reportRow is one grouping row; time_entries holds one entry unless grouped.
type reportRow struct {
	entries []*TimeEntry
}

// searchTimeEntries serves POST /reports/api/v3/workspace/{wid}/search/time_entries.
// docs/api/toggl.md §4.5: 402 "Workspace needs to have this feature enabled" without the feature;
// 400s "At least one parameter must be set" and "Invalid '{parameter}' value, allowed values
// are: '{valid_values}'"; paging by page_size (default 50) with X-Next-ID / X-Next-Row-Number
// that the client sends back as first_id / first_row_number; X-Range-Start/End. Members see
// their own entries only (UNCONFIRMED); running and deleted entries are not reported.
func (s *Sim) searchTimeEntries(w http.ResponseWriter, r *http.Request, c *call) {
	var q reportsQuery
	if !s.readReportQuery(w, c, &q) {
		return
	}
	orderBy, orderDir := "date", "DESC"
	if q.OrderBy.Set {
		orderBy = q.OrderBy.V
	}
	if q.OrderDir.Set {
		orderDir = strings.ToUpper(q.OrderDir.V)
	}
	if !slices.Contains([]string{"date", "user", "duration", "description", "last_update"}, orderBy) {
		s.writeErr(w, http.StatusBadRequest, "Invalid 'order_by' value, allowed values are: 'date, user, duration, description, last_update'")
		return
	}
	if orderDir != "ASC" && orderDir != "DESC" {
		s.writeErr(w, http.StatusBadRequest, "Invalid 'order_dir' value, allowed values are: 'ASC, DESC'")
		return
	}
	pageSize := 50
	if q.PageSize.Set && !q.PageSize.Null {
		if q.PageSize.V < 1 {
			s.writeErr(w, http.StatusBadRequest, "Invalid 'page_size' value, allowed values are: 'positive integer'")
			return
		}
		pageSize = min(int(q.PageSize.V), s.cfg.Quirks.ReportsMaxPageSize)
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	start, end, msg := s.reportRange(q)
	if msg != "" {
		s.writeErr(w, http.StatusBadRequest, msg)
		return
	}
	var entries []*TimeEntry
	for _, e := range s.st.entries {
		if e.WorkspaceID == c.wid && s.reportMatches(e, q, c, start, end) {
			entries = append(entries, e)
		}
	}
	sortReportEntries(entries, orderBy, orderDir, s.st.users)
	rows := groupRows(entries, q.Grouped, s)

	first := 0
	switch {
	case q.FirstRowNumber.Set && q.FirstID.Set && s.cfg.Quirks.ReportsFirstIDWithRowNumberIsEmpty:
		first = len(rows)
	case q.FirstRowNumber.Set && !q.FirstRowNumber.Null:
		first = int(q.FirstRowNumber.V) - 1
	case q.FirstID.Set && !q.FirstID.Null:
		first = len(rows)
		for i, row := range rows {
			if row.entries[0].ID == q.FirstID.V {
				first = i
				break
			}
		}
	}
	first = max(0, min(first, len(rows)))
	last := min(first+pageSize, len(rows))
	out := []map[string]any{}
	for i := first; i < last; i++ {
		row := s.reportRowJSON(rows[i], i+1, q.EnrichResponse)
		if s.cfg.Quirks.ReportsFlatRows {
			row = flatRow(row)
		}
		out = append(out, row)
	}
	w.Header().Set("X-Range-Start", start.Format(time.DateOnly))
	w.Header().Set("X-Range-End", end.Format(time.DateOnly))
	if last < len(rows) {
		w.Header().Set("X-Next-ID", strconv.FormatInt(rows[last].entries[0].ID, 10))
		w.Header().Set("X-Next-Row-Number", strconv.Itoa(last+1))
	}
	writeJSON(w, http.StatusOK, out)
}

// readReportQuery answers what every Reports search refuses before looking at data (docs/api/toggl.md
// §4.5): 402 "Workspace needs to have this feature enabled" on a plan without Reports, 400 on a
// body that is not a JSON object or sets nothing. It decodes the body into q and reports
// whether to go on.
func (s *Sim) readReportQuery(w http.ResponseWriter, c *call, q any) bool {
	s.mu.Lock()
	plan := s.st.workspaces[c.wid].Plan
	s.mu.Unlock()
	if s.cfg.PlanLimits[plan].NoReports {
		s.writeErr(w, http.StatusPaymentRequired, msgFeatureNotInPlan)
		return false
	}
	if err := decodeObject(c.body, q); err != nil {
		s.writeErr(w, http.StatusBadRequest, err.Error())
		return false
	}
	var fields map[string]json.RawMessage
	json.Unmarshal(bytes.TrimSpace(c.body), &fields)
	if len(fields) == 0 {
		s.writeErr(w, http.StatusBadRequest, "At least one parameter must be set")
		return false
	}
	return true
}

// reportRange resolves start_date/end_date (YYYY-MM-DD, inclusive). Without them the range is
// the last week up to today (UNCONFIRMED default). Caller holds Sim.mu.
func (s *Sim) reportRange(q reportsQuery) (time.Time, time.Time, string) {
	today := s.now().Truncate(24 * time.Hour)
	end, start := today, today.AddDate(0, 0, -6)
	var err error
	if q.EndDate.Set && !q.EndDate.Null {
		if end, err = time.Parse(time.DateOnly, q.EndDate.V); err != nil {
			return start, end, "Invalid 'end_date' value, allowed values are: 'YYYY-MM-DD'"
		}
		if !q.StartDate.Set {
			start = end.AddDate(0, 0, -6)
		}
	}
	if q.StartDate.Set && !q.StartDate.Null {
		if start, err = time.Parse(time.DateOnly, q.StartDate.V); err != nil {
			return start, end, "Invalid 'start_date' value, allowed values are: 'YYYY-MM-DD'"
		}
		if !q.EndDate.Set && end.Before(start) {
			end = start
		}
	}
	if end.Before(start) {
		// docs/api/toggl.md §4.5: start_date/end_date "Should be less/greater than" each other.
		return start, end, "start_date should be less than end_date"
	}
	return start, end, ""
}

// reportMatches applies the filters. Caller holds Sim.mu.
func (s *Sim) reportMatches(e *TimeEntry, q reportsQuery, c *call, start, end time.Time) bool {
	if e.DeletedAt != nil || e.Stop == nil || !canSeeEntry(c.user.ID, c.admin, e) {
		return false
	}
	if e.Start.Before(start) || !e.Start.Before(end.AddDate(0, 0, 1)) {
		return false
	}
	if len(q.UserIDs) > 0 && !slices.Contains(q.UserIDs, e.UserID) {
		return false
	}
	if len(q.TimeEntryIDs) > 0 && !slices.Contains(q.TimeEntryIDs, e.ID) {
		return false
	}
	if q.ProjectIDs != nil && !nullableIDMatch(q.ProjectIDs, e.ProjectID) {
		return false
	}
	if q.ClientIDs != nil {
		var cid int64
		if p := s.st.projects[e.ProjectID]; p != nil {
			cid = p.ClientID
		}
		if !nullableIDMatch(q.ClientIDs, cid) {
			return false
		}
	}
	if q.TagIDs != nil {
		ids := s.tagIDs(e.WorkspaceID, e.Tags)
		match := false
		for _, want := range q.TagIDs {
			if want == nil && len(ids) == 0 || want != nil && slices.Contains(ids, *want) {
				match = true
			}
		}
		if !match {
			return false
		}
	}
	if q.Description.Set && !containsFold(e.Description, q.Description.V) {
		return false
	}
	if q.Billable.Set && e.Billable != q.Billable.V {
		return false
	}
	d := e.Duration()
	if q.MinDurationSeconds.Set && d < q.MinDurationSeconds.V || q.MaxDurationSeconds.Set && d > q.MaxDurationSeconds.V {
		return false
	}
	return true
}

// nullableIDMatch: a nil element (JSON null) matches "none" (docs/api/toggl.md §4.5: "use [null] to
// filter \"none\"").
func nullableIDMatch(want []*int64, id int64) bool {
	for _, w := range want {
		if w == nil && id == 0 || w != nil && *w == id {
			return true
		}
	}
	return false
}

func sortReportEntries(es []*TimeEntry, orderBy, dir string, users map[int64]*User) {
	sort.SliceStable(es, func(i, j int) bool {
		a, b := es[i], es[j]
		var less, equal bool
		switch orderBy {
		case "user":
			an, bn := users[a.UserID].FullName, users[b.UserID].FullName
			less, equal = an < bn, an == bn
		case "duration":
			less, equal = a.Duration() < b.Duration(), a.Duration() == b.Duration()
		case "description":
			less, equal = a.Description < b.Description, a.Description == b.Description
		case "last_update":
			less, equal = a.At.Before(b.At), a.At.Equal(b.At)
		default:
			less, equal = a.Start.Before(b.Start), a.Start.Equal(b.Start)
		}
		if equal {
			return a.ID < b.ID // a stable tie-break keeps paging consistent
		}
		if dir == "DESC" {
			return !less
		}
		return less
	})
}

// groupRows makes one row per entry, or with grouped=true one row per (user, project, task,
// billable, description, tags), in the order of each group's first entry.
func groupRows(es []*TimeEntry, grouped bool, s *Sim) []reportRow {
	var rows []reportRow
	index := map[string]int{}
	for _, e := range es {
		if !grouped {
			rows = append(rows, reportRow{entries: []*TimeEntry{e}})
			continue
		}
		key := fmt.Sprintf("%d|%d|%d|%t|%s|%v", e.UserID, e.ProjectID, e.TaskID, e.Billable, e.Description, s.tagIDs(e.WorkspaceID, e.Tags))
		if i, ok := index[key]; ok {
			rows[i].entries = append(rows[i].entries, e)
			continue
		}
		index[key] = len(rows)
		rows = append(rows, reportRow{entries: []*TimeEntry{e}})
	}
	return rows
}

// reportRowJSON renders a row in the 3P-documented shape (docs/api/toggl.md §4.5): user_id, username,
// project_id, task_id, billable, description, tag_ids, billable_amount_in_cents,
// hourly_rate_in_cents, currency, row_number, time_entries[{id, seconds, start, stop, at}];
// enrich_response adds client_name, project_name, project_color, project_hex, tag_names,
// email, task_name. Caller holds Sim.mu.
func (s *Sim) reportRowJSON(row reportRow, number int, enrich bool) map[string]any {
	e := row.entries[0]
	u := s.st.users[e.UserID]
	p := s.st.projects[e.ProjectID]
	var rate, amount any
	currency := s.workspaceCurrency(e.WorkspaceID)
	total := int64(0)
	items := []map[string]any{}
	for _, te := range row.entries {
		total += te.Duration()
		items = append(items, map[string]any{
			"id": te.ID, "seconds": te.Duration(), "start": apiTime(te.Start), "stop": apiTimePtr(te.Stop), "at": apiTime(te.At),
		})
	}
	if p != nil && p.Rate > 0 {
		cents := int64(p.Rate*100 + 0.5)
		rate = cents
		if p.Currency != "" {
			currency = p.Currency
		}
		if e.Billable {
			amount = cents * total / 3600
		}
	}
	m := map[string]any{
		"user_id": e.UserID, "username": u.FullName, "project_id": idOrNil(e.ProjectID), "task_id": idOrNil(e.TaskID),
		"billable": e.Billable, "description": e.Description, "tag_ids": s.tagIDs(e.WorkspaceID, e.Tags),
		"billable_amount_in_cents": amount, "hourly_rate_in_cents": rate, "currency": currency,
		"row_number": number, "time_entries": items,
	}
	if enrich {
		m["email"] = u.Email
		m["tag_names"] = nonNilTags(e.Tags)
		m["task_name"] = nil
		m["project_name"], m["project_color"], m["project_hex"], m["client_name"] = nil, nil, nil, nil
		if p != nil {
			m["project_name"], m["project_color"], m["project_hex"] = p.Name, p.Color, p.Color
			if cl := s.st.clients[p.ClientID]; cl != nil {
				m["client_name"] = cl.Name
			}
		}
	}
	return m
}

// flatRow is a row in the ReportsFlatRows shape: the first entry's fields moved to the row.
func flatRow(row map[string]any) map[string]any {
	items, _ := row["time_entries"].([]map[string]any)
	delete(row, "time_entries")
	if len(items) > 0 {
		row["id"], row["duration"], row["start"], row["stop"] = items[0]["id"], items[0]["seconds"], items[0]["start"], items[0]["stop"]
	}
	return row
}
