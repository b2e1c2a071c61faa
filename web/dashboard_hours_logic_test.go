package web

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/store"
	"toggl-attio-sync/views"
)

// Each map row lands on the UTC day its entry started, whole, inside the chart's days only;
// rows Attio holds nothing for are not counted, and undated rows only in the caption.
func TestHoursChartBucketsByStartDay(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "h.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	conn := newConnection(t, st, "a")
	other := newConnection(t, st, "b")

	now := time.Date(2030, 3, 14, 9, 30, 0, 0, time.UTC)
	days := chartDays(now, hourDays)
	first, last := days[0], days[len(days)-1]
	next := last.AddDate(0, 0, 1)
	ms := time.Millisecond
	type row struct {
		conn      int64
		start     time.Time
		zeroStart bool // written before the map kept starts
		seconds   int64
		attioID   string
		deleted   bool
	}
	for _, c := range []struct {
		name    string
		rows    []row
		want    map[time.Time]string // day → tooltip after the date; other days "0.00 hours in Attio (0 entries)"
		undated int64
	}{
		{name: "first instant of the first day", rows: []row{{start: first, seconds: 3600}},
			want: map[time.Time]string{first: "1.00 hours in Attio (1 entry)"}},
		{name: "last instant of the last day, all of it on that day", rows: []row{{start: next.Add(-ms), seconds: 7200}},
			want: map[time.Time]string{last: "2.00 hours in Attio (1 entry)"}},
		{name: "before the first day", rows: []row{{start: first.Add(-ms), seconds: 3600}}},
		{name: "after the last day", rows: []row{{start: next, seconds: 3600}}},
		{name: "a day's entries add up", rows: []row{{start: first.AddDate(0, 0, 5).Add(23*time.Hour + 59*time.Minute), seconds: 5400},
			{start: first.AddDate(0, 0, 5).Add(time.Hour), seconds: 1800}, {start: first.AddDate(0, 0, 6), seconds: 900}},
			want: map[time.Time]string{first.AddDate(0, 0, 5): "2.00 hours in Attio (2 entries)", first.AddDate(0, 0, 6): "0.25 hours in Attio (1 entry)"}},
		{name: "deleted, unroutable and another connection's", rows: []row{{start: last, seconds: 3600, deleted: true},
			{start: last, seconds: 3600, attioID: "-"}, {conn: other, start: last, seconds: 3600}}},
		{name: "undated rows are counted for the caption only", rows: []row{{zeroStart: true, seconds: 3600}, {zeroStart: true},
			{zeroStart: true, deleted: true}, {conn: other, zeroStart: true}}, undated: 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			if _, err := st.ExecRaw(ctx, "DELETE FROM entry_map"); err != nil {
				t.Fatal(err)
			}
			for i, r := range c.rows {
				p := store.UpsertEntryMapParams{ConnectionID: conn, TimeEntryID: int64(i + 1), AttioEntryID: "entry", Seconds: r.seconds, UpdatedAt: 1}
				if r.conn != 0 {
					p.ConnectionID = r.conn
				}
				if !r.zeroStart {
					p.StartAt = r.start.UnixMilli()
				}
				if r.attioID == "-" {
					p.AttioEntryID = ""
				}
				if r.deleted {
					p.Deleted = 1
				}
				if err := st.UpsertEntryMap(ctx, p); err != nil {
					t.Fatal(err)
				}
			}
			h := &console{Handler: &Handler{Deps: Deps{Store: st}}}
			var d views.DashboardPage
			if err := h.fillHours(ctx, &connection.Connection{ID: conn}, now, &d); err != nil {
				t.Fatal(err)
			}
			ch := d.Hours
			if len(ch.Bars) != hourDays || ch.Bars[0].Label != first.Format("01-02") || ch.Bars[hourDays-1].Label != last.Format("01-02") {
				t.Fatalf("bars %+v", ch.Bars)
			}
			for i, day := range days {
				want := c.want[day]
				if want == "" {
					want = "0.00 hours in Attio (0 entries)"
				}
				if got := ch.Bars[i].Title; got != day.Format(time.DateOnly)+": "+want {
					t.Errorf("bar %d: %q, want %q", i, got, want)
				}
			}
			wantNote := ""
			if c.undated > 0 {
				wantNote = fmt.Sprintf("%d entries written before this version are counted after the next resync.", c.undated)
			}
			if ch.Note != wantNote {
				t.Errorf("note %q, want %q", ch.Note, wantNote)
			}
			if c.want == nil && !ch.Empty {
				t.Error("a chart without hours is not marked empty")
			}
		})
	}
}

func newConnection(t *testing.T, st *store.Store, slug string) int64 {
	t.Helper()
	row, err := st.CreateConnection(context.Background(), store.CreateConnectionParams{Slug: slug, Name: slug, SettingsJson: "{}", Status: "new", CreatedAt: 1, UpdatedAt: 1})
	if err != nil {
		t.Fatal(err)
	}
	return row.ID
}
