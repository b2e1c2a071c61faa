package resync

import (
	"testing"
	"time"
)

func FuzzParseWindow(f *testing.F) {
	f.Add("2025-01-01", "2025-01-31")
	f.Add("2025-02-28", "2025-02-01")
	f.Add("0000-01-01", "9999-12-31")
	f.Add("2025-13-01", "x")
	f.Add("", "")
	f.Fuzz(func(t *testing.T, from, to string) {
		w, err := ParseWindow(from, to)
		if err != nil {
			return
		}
		if w.End.Before(w.Start) || w.Days() < 1 {
			t.Fatalf("accepted window %v with %d days", w, w.Days())
		}
		if !w.Contains(w.Start) || !w.Contains(w.End) || w.Contains(w.Limit()) || w.Contains(w.Start.Add(-time.Nanosecond)) {
			t.Fatalf("window %v does not contain exactly its days", w)
		}
		if f := w.Fraction(w.Start); f != 0 {
			t.Fatalf("fraction at start = %v", f)
		}
		// The dates it shows parse back to the same window.
		w2, err := ParseWindow(w.Start.Format(time.DateOnly), w.End.Format(time.DateOnly))
		if err != nil || !w2.Start.Equal(w.Start) || !w2.End.Equal(w.End) {
			t.Fatalf("round trip of %v: %v %v", w, w2, err)
		}
	})
}
