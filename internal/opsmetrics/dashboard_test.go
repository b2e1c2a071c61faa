package opsmetrics

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"toggl-attio-sync/internal/store"
)

// Each map row lands on the UTC day its entry started, whole, inside the chart's days only;
// rows Attio holds nothing for are not counted, and undated rows only in the undated count.
func TestHoursBucketByStartDay(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "h.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	conn := newConnection(t, st, "a")
	other := newConnection(t, st, "b")
	d := &Dashboard{Store: st}

	now := time.Date(2030, 3, 14, 9, 30, 0, 0, time.UTC)
	days := ChartDays(now, HourDays)
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
	type held struct{ seconds, entries int64 }
	for _, c := range []struct {
		name    string
		rows    []row
		want    map[time.Time]held // other days hold nothing
		undated int64
	}{
		{name: "first instant of the first day", rows: []row{{start: first, seconds: 3600}},
			want: map[time.Time]held{first: {3600, 1}}},
		{name: "last instant of the last day, all of it on that day", rows: []row{{start: next.Add(-ms), seconds: 7200}},
			want: map[time.Time]held{last: {7200, 1}}},
		{name: "before the first day", rows: []row{{start: first.Add(-ms), seconds: 3600}}},
		{name: "after the last day", rows: []row{{start: next, seconds: 3600}}},
		{name: "a day's entries add up", rows: []row{{start: first.AddDate(0, 0, 5).Add(23*time.Hour + 59*time.Minute), seconds: 5400},
			{start: first.AddDate(0, 0, 5).Add(time.Hour), seconds: 1800}, {start: first.AddDate(0, 0, 6), seconds: 900}},
			want: map[time.Time]held{first.AddDate(0, 0, 5): {7200, 2}, first.AddDate(0, 0, 6): {900, 1}}},
		{name: "deleted, unroutable and another connection's", rows: []row{{start: last, seconds: 3600, deleted: true},
			{start: last, seconds: 3600, attioID: "-"}, {conn: other, start: last, seconds: 3600}}},
		{name: "undated rows are counted apart", rows: []row{{zeroStart: true, seconds: 3600}, {zeroStart: true},
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
			hours, undated, err := d.hours(ctx, conn, now)
			if err != nil {
				t.Fatal(err)
			}
			if len(hours) != HourDays {
				t.Fatalf("%d days", len(hours))
			}
			for i, day := range days {
				got, want := hours[i], c.want[day]
				if !got.Day.Equal(day) || got.Seconds != want.seconds || got.Entries != want.entries {
					t.Errorf("day %d: %+v, want %s %+v", i, got, day.Format(time.DateOnly), want)
				}
			}
			if undated != c.undated {
				t.Errorf("undated %d, want %d", undated, c.undated)
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

func TestChartDaysEndToday(t *testing.T) {
	ds := ChartDays(time.Date(2030, 1, 10, 15, 0, 0, 0, time.FixedZone("x", 3*3600)), 3)
	if len(ds) != 3 || ds[0] != time.Date(2030, 1, 8, 0, 0, 0, 0, time.UTC) || ds[2] != time.Date(2030, 1, 10, 0, 0, 0, 0, time.UTC) {
		t.Fatalf("days %v", ds)
	}
}

func TestEventsPerDayAddSourcesOnTheirDay(t *testing.T) {
	days := ChartDays(time.Date(2030, 1, 10, 15, 0, 0, 0, time.UTC), 3)
	day := func(i int) int64 { return days[i].Unix() / 86_400 }
	got := eventsPerDay(days, []store.ConsoleAcceptedPerDayRow{
		{Day: day(0), Source: "toggl", Events: 2}, {Day: day(0), Source: "attio", Events: 1},
		{Day: day(2), Source: "toggl", Events: 4}, {Day: day(2) + 1, Source: "toggl", Events: 9},
	})
	if len(got) != 3 || got[0].Total != 3 || got[0].BySource["attio"] != 1 || got[1].Total != 0 || got[1].BySource != nil || got[2].Total != 4 {
		t.Fatalf("events %+v", got)
	}
}

func TestQueueOfCountsPerStatus(t *testing.T) {
	q := queueOf([]store.ConsoleInboxSummaryRow{
		{Status: store.StatusQueued, Jobs: 5, Retrying: 2, Waiting: 1}, {Status: store.StatusRunning, Jobs: 1},
		{Status: store.StatusDead, Jobs: 3}, {Status: store.StatusDone, Jobs: 40}, {Status: store.StatusSkipped, Jobs: 4},
	})
	if q != (Queue{Queued: 5, Retrying: 2, Waiting: 1, Running: 1, Dead: 3, Done: 40, Skipped: 4}) {
		t.Fatalf("queue %+v", q)
	}
}

func TestLastEventsNameBothSources(t *testing.T) {
	got := lastEvents([]store.ConsoleLastEventsRow{{Source: "attio", LastOk: 7, LastRejected: 9}})
	if len(got) != 2 || got[0] != (LastEvent{Source: "toggl"}) || got[1] != (LastEvent{Source: "attio", OK: 7, Rejected: 9}) {
		t.Fatalf("last events %+v", got)
	}
}
