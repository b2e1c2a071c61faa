package attio

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// pagedServer serves total records from records/query and entries/query honouring limit and
// offset (default 500), and failOffset (if > 0) answers 500 for that offset.
func pagedServer(t *testing.T, total, failOffset int) *recorder {
	return newRecorder(t, func(w http.ResponseWriter, r *http.Request, body []byte) {
		var q struct{ Limit, Offset *int }
		if err := json.Unmarshal(body, &q); err != nil {
			writeJSON(w, 400, `{"status_code":400,"type":"invalid_request_error","code":"validation_type","message":"bad"}`)
			return
		}
		limit, offset := 500, 0
		if q.Limit != nil {
			limit = *q.Limit
		}
		if q.Offset != nil {
			offset = *q.Offset
		}
		if failOffset > 0 && offset == failOffset {
			writeJSON(w, 500, `{"status_code":500,"type":"api_error","code":"internal","message":"boom"}`)
			return
		}
		var items []string
		for i := offset; i < min(offset+limit, total); i++ {
			if strings.HasSuffix(r.URL.Path, "/entries/query") {
				items = append(items, fmt.Sprintf(`{"id":{"entry_id":"%d"},"parent_record_id":"p","parent_object":"projects","entry_values":{}}`, i))
			} else {
				items = append(items, fmt.Sprintf(`{"id":{"record_id":"%d"},"values":{}}`, i))
			}
		}
		writeJSON(w, 200, `{"data":[`+strings.Join(items, ",")+`]}`)
	})
}

func TestAllRecordsPages(t *testing.T) {
	cases := []struct {
		total, limit int
		wantOffsets  []int
	}{
		{1234, 0, []int{0, 500, 1000}},       // default page size 500
		{1000, 0, []int{0, 500, 1000}},       // full last page: one more (empty) request
		{7, 3, []int{0, 3, 6}},               // custom page size
		{0, 0, []int{0}},                     // empty
		{5, 10, []int{0}},                    // one short page
		{10, 5, []int{0, 5, 10}},             // exact multiple
		{2, 1, []int{0, 1, 2}},               // page size 1
		{501, 0, []int{0, 500}},              // one beyond a page
		{999, 500, []int{0, 500}},            // limit given explicitly
		{3, 2, []int{0, 2}},                  // odd
		{6, 2, []int{0, 2, 4, 6}},            // even
		{100, 100, []int{0, 100}},            // exact single page
		{499, 0, []int{0}},                   // just under default
		{500, 0, []int{0, 500}},              // exactly default
		{1500, 0, []int{0, 500, 1000, 1500}}, // three full pages
	}
	for _, tc := range cases {
		t.Run(fmt.Sprintf("%d by %d", tc.total, tc.limit), func(t *testing.T) {
			rec := pagedServer(t, tc.total, 0)
			c := newTestClient(t, rec.srv.URL, newFakeClock())
			n := 0
			for r, err := range c.AllRecords(context.Background(), "projects", Query{Filter: Filter{"x": "y"}, Limit: tc.limit}) {
				if err != nil {
					t.Fatal(err)
				}
				if r.ID.RecordID != strconv.Itoa(n) {
					t.Fatalf("record %d has id %s", n, r.ID.RecordID)
				}
				n++
			}
			if n != tc.total {
				t.Errorf("iterated %d, want %d", n, tc.total)
			}
			var offsets []int
			for _, req := range rec.requests() {
				var q struct {
					Filter Filter
					Limit  int
					Offset int
				}
				_ = json.Unmarshal(req.Body, &q)
				if q.Filter["x"] != "y" {
					t.Errorf("filter lost on page at %d", q.Offset)
				}
				offsets = append(offsets, q.Offset)
			}
			if fmt.Sprint(offsets) != fmt.Sprint(tc.wantOffsets) {
				t.Errorf("offsets %v, want %v", offsets, tc.wantOffsets)
			}
		})
	}
}

func TestAllEntriesStartOffsetAndBreak(t *testing.T) {
	rec := pagedServer(t, 50, 0)
	c := newTestClient(t, rec.srv.URL, newFakeClock())
	var ids []string
	for e, err := range c.AllEntries(context.Background(), "time_entries", Query{Limit: 10, Offset: 20}) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, e.ID.EntryID)
		if len(ids) == 12 {
			break
		}
	}
	if ids[0] != "20" || ids[11] != "31" {
		t.Errorf("ids %v", ids)
	}
	if got := len(rec.requests()); got != 2 {
		t.Errorf("%d requests after break, want 2", got)
	}
}

func TestAllRecordsStopsOnError(t *testing.T) {
	rec := pagedServer(t, 30, 20)
	c := newTestClient(t, rec.srv.URL, newFakeClock())
	n := 0
	var got error
	for _, err := range c.AllRecords(context.Background(), "projects", Query{Limit: 10}) {
		if err != nil {
			got = err
			continue // the iterator must end by itself after yielding the error
		}
		n++
	}
	var e *APIError
	if !errors.As(got, &e) || e.HTTPStatus != 500 || !IsRetryable(got) {
		t.Fatalf("err %v", got)
	}
	if n != 20 {
		t.Errorf("iterated %d before the error, want 20", n)
	}
}

func TestAllWebhooksPages(t *testing.T) {
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, _ []byte) {
		offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
		limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
		var items []string
		for i := offset; i < min(offset+limit, 130); i++ {
			items = append(items, fmt.Sprintf(`{"id":{"webhook_id":"%d"},"target_url":"https://x","subscriptions":[],"status":"active"}`, i))
		}
		writeJSON(w, 200, `{"data":[`+strings.Join(items, ",")+`]}`)
	})
	c := newTestClient(t, rec.srv.URL, newFakeClock())
	n := 0
	for _, err := range c.AllWebhooks(context.Background()) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	reqs := rec.requests()
	if n != 130 || len(reqs) != 2 || reqs[0].RawQuery != "limit=100" || reqs[1].RawQuery != "limit=100&offset=100" {
		t.Errorf("n=%d requests %+v", n, reqs)
	}
}
