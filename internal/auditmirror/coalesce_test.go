package auditmirror

import (
	"testing"
	"time"

	"toggl-attio-sync/internal/connection"
)

func TestCoalesce(t *testing.T) {
	base := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC).UnixMilli()
	rows := []row{
		{ID: 1, Source: "toggl", Status: "retrying", Message: "attempt 1 failed, retrying in 2s: attio 503", CreatedAt: base + 1000},
		{ID: 2, Source: "toggl", Status: "rejected", Message: "signature does not match", CreatedAt: base + 2000},
		{ID: 3, Source: "toggl", Status: "retrying", Message: "attempt 2 failed, retrying in 4s: attio 503", CreatedAt: base + 3000},
		{ID: 4, Source: "attio", Status: "retrying", Message: "attempt 1 failed, retrying in 2s: attio 503", CreatedAt: base + 4000},
		{ID: 5, Source: "toggl", Status: "dead", Message: "gave up after 12 attempts", CreatedAt: base + 5000},
		{ID: 6, Source: "toggl", Status: "written", Message: "entry written", CreatedAt: base + 6000},
		{ID: 7, Source: "toggl", Status: "retrying", Message: "attempt 3 failed, retrying in 8s: attio 503", CreatedAt: base + 61_000},
		{ID: 8, Source: "toggl", Status: "dead", Message: "gave up", CreatedAt: base + 125_000},
	}
	minutes := completeMinutes(rows, time.UnixMilli(base+125_500))
	if len(minutes) != 2 || len(minutes[0]) != 6 || len(minutes[1]) != 1 {
		t.Fatalf("complete minutes: %v", minutes)
	}
	cases := []struct {
		setting string
		minute  int
		want    []group // first id and count
	}{
		{connection.MirrorProblems, 0, []group{{first: rows[0], count: 2}, {first: rows[3], count: 1}, {first: rows[4], count: 1}}},
		{connection.MirrorAll, 0, []group{{first: rows[0], count: 2}, {first: rows[3], count: 1}, {first: rows[4], count: 1}, {first: rows[5], count: 1}}},
		{connection.MirrorProblems, 1, []group{{first: rows[6], count: 1}}},
	}
	for _, c := range cases {
		got := coalesce(minutes[c.minute], c.setting)
		if len(got) != len(c.want) {
			t.Fatalf("%s minute %d: %d groups %v, want %d", c.setting, c.minute, len(got), got, len(c.want))
		}
		for i := range got {
			if got[i].first.ID != c.want[i].first.ID || got[i].count != c.want[i].count {
				t.Fatalf("%s minute %d group %d: %+v, want %+v", c.setting, c.minute, i, got[i], c.want[i])
			}
		}
	}
	if m := coalesce(minutes[0], connection.MirrorProblems)[0].entry("p").EntryValues["message"]; m == nil {
		t.Fatal("no message")
	}
	if got := cause("attempt 12 failed, retrying in 3.5s"); got != "attempt # failed, retrying in #.#s" {
		t.Fatalf("cause: %q", got)
	}
}
