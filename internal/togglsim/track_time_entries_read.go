package togglsim

import (
	"net/http"
	"sort"
	"time"
)

// sortedEntries returns all entries, newest start first (Toggl lists latest first). Caller
// holds Sim.mu.
func (s *Sim) sortedEntries() []*TimeEntry {
	out := make([]*TimeEntry, 0, len(s.st.entries))
	for _, e := range s.st.entries {
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].Start.Equal(out[j].Start) {
			return out[i].Start.After(out[j].Start)
		}
		return out[i].ID > out[j].ID
	})
	return out
}

// getMyTimeEntries serves GET /api/v9/me/time_entries (docs/api/toggl.md §4.2): the caller's entries
// only; `since` (UNIX) returns entries modified since then "including deleted ones"; `before`
// filters on start; `start_date`/`end_date` are "used together" and filter on start (a bare
// end date is exclusive); `meta` adds meta fields. Without parameters the last
// Quirks.TimeEntriesDefaultWindow is returned, and nothing older than
// Quirks.TimeEntriesLookback ever is.
func (s *Sim) getMyTimeEntries(w http.ResponseWriter, r *http.Request, c *call) {
	q := r.URL.Query()
	meta, err := queryBool(q, "meta", false)
	if err != nil {
		s.writeErr(w, http.StatusBadRequest, "Invalid meta")
		return
	}
	since, err := optionalUnix(q.Get("since"))
	if err != nil {
		s.writeErr(w, http.StatusBadRequest, "Invalid since")
		return
	}
	var before, from, until time.Time
	if v := q.Get("before"); v != "" {
		if before, _, err = parseDateOrTime(v); err != nil {
			s.writeErr(w, http.StatusBadRequest, "Invalid before")
			return
		}
	}
	sd, ed := q.Get("start_date"), q.Get("end_date")
	if (sd == "") != (ed == "") {
		s.writeErr(w, http.StatusBadRequest, "start_date and end_date must be used together") // UNCONFIRMED wording
		return
	}
	if sd != "" {
		if from, _, err = parseDateOrTime(sd); err != nil {
			s.writeErr(w, http.StatusBadRequest, "Invalid start_date")
			return
		}
		if until, _, err = parseDateOrTime(ed); err != nil {
			s.writeErr(w, http.StatusBadRequest, "Invalid end_date")
			return
		}
		if until.Before(from) {
			s.writeErr(w, http.StatusBadRequest, "end_date must not be earlier than start_date") // UNCONFIRMED wording
			return
		}
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	if since == 0 && before.IsZero() && from.IsZero() {
		from, until = now.Add(-s.cfg.Quirks.TimeEntriesDefaultWindow), now.Add(24*time.Hour)
	}
	var oldest time.Time
	if s.cfg.Quirks.TimeEntriesLookback > 0 {
		oldest = now.Add(-s.cfg.Quirks.TimeEntriesLookback)
	}
	out := []map[string]any{}
	for _, e := range s.sortedEntries() {
		if e.UserID != c.user.ID || e.Start.Before(oldest) {
			continue
		}
		if since > 0 {
			if e.At.Unix() < since {
				continue
			}
		} else if e.DeletedAt != nil {
			continue
		}
		if !before.IsZero() && !e.Start.Before(before) {
			continue
		}
		if !from.IsZero() && (e.Start.Before(from) || !e.Start.Before(until)) {
			continue
		}
		out = append(out, s.timeEntryJSON(e, meta))
	}
	writeJSON(w, http.StatusOK, out)
}

// getCurrentTimeEntry serves GET /api/v9/me/time_entries/current: the running entry, else the
// spec's 404 "Resource can not be found" (or 200 null with Quirks.CurrentEntryNull).
func (s *Sim) getCurrentTimeEntry(w http.ResponseWriter, r *http.Request, c *call) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if e := s.runningEntry(c.user.ID); e != nil {
		writeJSON(w, http.StatusOK, s.timeEntryJSON(e, false))
		return
	}
	if s.cfg.Quirks.CurrentEntryNull {
		writeJSON(w, http.StatusOK, nil)
		return
	}
	s.writeErr(w, http.StatusNotFound, "Resource can not be found")
}

// getMyTimeEntry serves GET /api/v9/me/time_entries/{id} (`meta`).
func (s *Sim) getMyTimeEntry(w http.ResponseWriter, r *http.Request, c *call) {
	meta, _ := queryBool(r.URL.Query(), "meta", false)
	id, ok := pathID(r.PathValue("id"))
	s.mu.Lock()
	defer s.mu.Unlock()
	e := s.st.entries[id]
	if !ok || e == nil || e.UserID != c.user.ID || e.DeletedAt != nil {
		s.writeErr(w, http.StatusNotFound, "Time entry not found")
		return
	}
	writeJSON(w, http.StatusOK, s.timeEntryJSON(e, meta))
}

// runningEntry returns the user's running entry. Caller holds Sim.mu.
func (s *Sim) runningEntry(uid int64) *TimeEntry {
	for _, e := range s.st.entries {
		if e.UserID == uid && e.Stop == nil && e.DeletedAt == nil {
			return e
		}
	}
	return nil
}
