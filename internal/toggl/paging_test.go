package toggl

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"testing"
)

// projectServer serves total projects with Toggl's page/per_page semantics.
func projectServer(t *testing.T, total int) *recorder {
	return newRecorder(t, nil, func(w http.ResponseWriter, r *http.Request, n int) {
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		per, _ := strconv.Atoi(r.URL.Query().Get("per_page"))
		if page < 1 {
			page = 1
		}
		if per < 1 {
			per = 151 // docs/api/toggl.md §4.3 default
		}
		if per > 200 {
			writeRaw(w, 400, `"per_page is too large"`)
			return
		}
		out := []map[string]any{}
		for i := (page-1)*per + 1; i <= page*per && i <= total; i++ {
			out = append(out, map[string]any{"id": i, "workspace_id": 7, "name": fmt.Sprintf("P%d", i), "active": true})
		}
		writeJSON(w, 200, out)
	})
}

func TestAllProjectsWalksPages(t *testing.T) {
	for _, tc := range []struct {
		total, perPage, wantRequests int
	}{
		{450, 0, 3},   // default per_page is the maximum, 200: 200+200+50
		{400, 0, 3},   // a full last page needs one more (empty) request
		{0, 0, 1},     // nothing at all
		{5, 2, 3},     // small pages
		{199, 200, 1}, // one short page
	} {
		t.Run(fmt.Sprintf("%d_by_%d", tc.total, tc.perPage), func(t *testing.T) {
			rec := projectServer(t, tc.total)
			c := newTestClient(t, rec, Options{})
			ps, err := c.AllProjects(context.Background(), 7, ProjectsQuery{PerPage: tc.perPage, Active: ProjectsBoth})
			if err != nil {
				t.Fatal(err)
			}
			if len(ps) != tc.total {
				t.Fatalf("got %d projects, want %d", len(ps), tc.total)
			}
			for i, p := range ps {
				if p.ID != int64(i+1) {
					t.Fatalf("project %d has id %d", i, p.ID)
				}
			}
			reqs := rec.requests()
			if len(reqs) != tc.wantRequests {
				t.Fatalf("%d requests, want %d", len(reqs), tc.wantRequests)
			}
			wantPer := tc.perPage
			if wantPer == 0 {
				wantPer = 200
			}
			for i, r := range reqs {
				q := r.RawQuery
				if want := fmt.Sprintf("active=both&page=%d&per_page=%d", i+1, wantPer); q != want {
					t.Errorf("request %d query %q, want %q", i, q, want)
				}
			}
		})
	}
}

func TestProjectPagingStopsOnRepeatedPage(t *testing.T) {
	// A server that ignores `page` would otherwise be walked forever.
	rec := newRecorder(t, nil, func(w http.ResponseWriter, r *http.Request, n int) {
		out := []map[string]any{}
		for i := 1; i <= 3; i++ {
			out = append(out, map[string]any{"id": i})
		}
		writeJSON(w, 200, out)
	})
	c := newTestClient(t, rec, Options{})
	if _, err := c.AllProjects(context.Background(), 7, ProjectsQuery{PerPage: 3}); err == nil {
		t.Fatal("repeated page not detected")
	}
	if n := rec.count(); n != 2 {
		t.Errorf("%d requests", n)
	}
}

func TestEachProjectPageStopsOnCallbackError(t *testing.T) {
	rec := projectServer(t, 500)
	c := newTestClient(t, rec, Options{})
	stop := errors.New("enough")
	err := c.EachProjectPage(context.Background(), 7, ProjectsQuery{}, func([]Project) error { return stop })
	if !errors.Is(err, stop) || rec.count() != 1 {
		t.Errorf("err %v after %d requests", err, rec.count())
	}
}

// reportServer emulates the detailed search paging of docs/api/toggl.md §4.5: rows numbered 1..total,
// ids 1000+row, X-Next-ID / X-Next-Row-Number while more rows remain.
func reportServer(t *testing.T, total int, pageSize int) *recorder {
	return newRecorder(t, nil, func(w http.ResponseWriter, r *http.Request, n int) {
		var body DetailedSearch
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			writeRaw(w, 400, `"bad body"`)
			return
		}
		first := int(body.FirstRowNumber)
		if first == 0 {
			first = 1
		}
		if body.FirstRowNumber != 0 && body.FirstID != int64(1000+first) {
			writeRaw(w, 400, `"first_id does not match first_row_number"`)
			return
		}
		var rows []map[string]any
		last := min(first+pageSize-1, total)
		for row := first; row <= last; row++ {
			rows = append(rows, map[string]any{
				"user_id": 1, "username": "u", "project_id": nil, "row_number": row, "description": "d",
				"time_entries": []map[string]any{{"id": 1000 + row, "seconds": 60, "start": "2025-08-01T09:00:00Z", "stop": "2025-08-01T09:01:00Z", "at": "2025-08-01T09:01:00Z"}},
			})
		}
		if rows == nil {
			rows = []map[string]any{}
		}
		w.Header().Set("X-Range-Start", "2025-08-01")
		w.Header().Set("X-Range-End", "2025-08-31")
		if last < total {
			w.Header().Set("X-Next-ID", strconv.Itoa(1000+last+1))
			w.Header().Set("X-Next-Row-Number", strconv.Itoa(last+1))
		}
		writeJSON(w, 200, rows)
	})
}

func TestSearchTimeEntriesWalksCursor(t *testing.T) {
	rec := reportServer(t, 120, 50)
	c := newTestClient(t, rec, Options{})
	var rowNumbers []int64
	var pages []ReportPage
	err := c.SearchTimeEntries(context.Background(), 7435584, DetailedSearch{StartDate: "2025-08-01", EndDate: "2025-08-31", PageSize: 50},
		func(p ReportPage) error {
			pages = append(pages, p)
			for _, r := range p.Rows {
				rowNumbers = append(rowNumbers, r.RowNumber)
			}
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) != 3 || len(rowNumbers) != 120 {
		t.Fatalf("%d pages, %d rows", len(pages), len(rowNumbers))
	}
	for i, rn := range rowNumbers {
		if rn != int64(i+1) {
			t.Fatalf("row %d has number %d", i, rn)
		}
	}
	if pages[0].Next == nil || *pages[0].Next != (ReportCursor{NextID: 1051, NextRowNumber: 51}) || pages[2].Next != nil {
		t.Errorf("cursors %+v %+v", pages[0].Next, pages[2].Next)
	}
	if pages[0].RangeStart != "2025-08-01" || pages[0].RangeEnd != "2025-08-31" {
		t.Errorf("range %q..%q", pages[0].RangeStart, pages[0].RangeEnd)
	}
	reqs := rec.requests()
	if len(reqs) != 3 {
		t.Fatalf("%d requests", len(reqs))
	}
	jsonEqual(t, reqs[0].Body, `{"start_date":"2025-08-01","end_date":"2025-08-31","page_size":50}`)
	jsonEqual(t, reqs[1].Body, `{"start_date":"2025-08-01","end_date":"2025-08-31","page_size":50,"first_id":1051,"first_row_number":51}`)
	jsonEqual(t, reqs[2].Body, `{"start_date":"2025-08-01","end_date":"2025-08-31","page_size":50,"first_id":1101,"first_row_number":101}`)

	// Resuming from a stored cursor starts at that row.
	rec2 := reportServer(t, 120, 50)
	c2 := newTestClient(t, rec2, Options{})
	page, err := c2.SearchTimeEntriesPage(context.Background(), 7435584, DetailedSearch{PageSize: 50, StartDate: "2025-08-01", EndDate: "2025-08-31"}.After(*pages[1].Next))
	if err != nil || len(page.Rows) != 20 || page.Rows[0].RowNumber != 101 || page.Next != nil {
		t.Errorf("resumed page %+v %v", page, err)
	}
}

func TestSearchTimeEntriesRetriesEmptyPageWithRowNumberOnly(t *testing.T) {
	// The 3P quirk of docs/api/toggl.md §4.5: first_id + first_row_number → an empty 200 page.
	rec := newRecorder(t, nil, func(w http.ResponseWriter, r *http.Request, n int) {
		var body map[string]any
		_ = json.NewDecoder(r.Body).Decode(&body)
		_, hasID := body["first_id"]
		_, hasRow := body["first_row_number"]
		switch {
		case !hasRow:
			w.Header().Set("X-Next-ID", "11")
			w.Header().Set("X-Next-Row-Number", "2")
			writeRaw(w, 200, `[{"row_number":1,"time_entries":[{"id":10,"seconds":1}]}]`)
		case hasID:
			writeRaw(w, 200, `[]`)
		default:
			writeRaw(w, 200, `[{"row_number":2,"time_entries":[{"id":11,"seconds":1}]}]`)
		}
	})
	c := newTestClient(t, rec, Options{})
	var rows int
	err := c.SearchTimeEntries(context.Background(), 1, DetailedSearch{StartDate: "2025-08-01", EndDate: "2025-08-02"}, func(p ReportPage) error {
		rows += len(p.Rows)
		return nil
	})
	if err != nil || rows != 2 || rec.count() != 3 {
		t.Errorf("rows %d, requests %d, err %v", rows, rec.count(), err)
	}
}

func TestSearchTimeEntriesDetectsCursorLoop(t *testing.T) {
	rec := newRecorder(t, nil, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("X-Next-ID", "11")
		w.Header().Set("X-Next-Row-Number", "2")
		writeRaw(w, 200, `[{"row_number":1}]`)
	})
	c := newTestClient(t, rec, Options{})
	err := c.SearchTimeEntries(context.Background(), 1, DetailedSearch{}, func(ReportPage) error { return nil })
	if err == nil || rec.count() != 2 {
		t.Errorf("err %v after %d requests", err, rec.count())
	}
}

func TestSearchTimeEntriesRejectsBadCursorHeader(t *testing.T) {
	rec := newRecorder(t, nil, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("X-Next-ID", "abc")
		writeRaw(w, 200, `[]`)
	})
	c := newTestClient(t, rec, Options{})
	if _, err := c.SearchTimeEntriesPage(context.Background(), 1, DetailedSearch{}); err == nil {
		t.Error("non-numeric X-Next-ID accepted")
	}
}
