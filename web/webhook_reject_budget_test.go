package web

import (
	"testing"
	"time"
)

func TestRejectBudget(t *testing.T) {
	var b rejectBudget
	t0 := time.Date(2026, 12, 2, 10, 0, 5, 0, time.UTC)
	for i := range rejectsPerMinute {
		if write, s := b.take(1, t0, "bad signature"); !write || s.dropped != 0 {
			t.Fatalf("refusal %d: write %v, summary %+v", i+1, write, s)
		}
	}
	for range 500 {
		if write, _ := b.take(1, t0.Add(30*time.Second), "bad signature"); write {
			t.Fatal("a refusal past the budget wrote its own row")
		}
	}
	if write, _ := b.take(2, t0, "other connection"); !write {
		t.Fatal("another connection's budget was spent")
	}
	write, s := b.take(1, t0.Add(time.Minute), "missing header")
	if !write || s.dropped != 500 || s.cause != "bad signature" || !s.start.Equal(t0.Truncate(time.Minute)) {
		t.Fatalf("next minute: write %v, summary %+v", write, s)
	}
	if _, s := b.take(1, t0.Add(2*time.Minute), "x"); s.dropped != 0 {
		t.Fatalf("a minute without drops summarised: %+v", s)
	}
}
