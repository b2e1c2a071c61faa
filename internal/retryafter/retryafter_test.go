package retryafter

import (
	"net/http"
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	now := time.Date(2025, 9, 10, 12, 0, 0, 250_000_000, time.UTC) // a quarter into the second
	for _, tc := range []struct {
		name       string
		retryAfter []string // nil: no header
		date       string
		want       time.Duration
		ok         bool
	}{
		{"absent", nil, "", 0, false},
		{"empty", []string{""}, "", 0, false},
		{"blank", []string{"   "}, "", 0, false},
		{"seconds", []string{"12"}, "", 12 * time.Second, true},
		{"seconds with spaces", []string{" 3 "}, "", 3 * time.Second, true},
		{"zero seconds", []string{"0"}, "", 0, true},
		{"fractional seconds", []string{"1.5"}, "", 1500 * time.Millisecond, true},
		{"negative seconds", []string{"-4"}, "", 0, false},
		{"NaN", []string{"NaN"}, "", 0, false},
		{"infinite", []string{"Inf"}, "", 0, false},
		{"absurdly many seconds", []string{"1e7"}, "", 0, false},
		{"garbage", []string{"soon"}, "", 0, false},
		{"HTTP date ahead", []string{"Wed, 10 Sep 2025 12:01:00 GMT"}, "", time.Minute - 250*time.Millisecond, true},
		{"HTTP date past", []string{"Wed, 10 Sep 2025 11:00:00 GMT"}, "", 0, true},
		{"RFC 850 date", []string{"Wednesday, 10-Sep-25 12:00:10 GMT"}, "", 10*time.Second - 250*time.Millisecond, true},
		{"asctime date", []string{"Wed Sep 10 12:00:10 2025"}, "", 10*time.Second - 250*time.Millisecond, true},
		// Date names the second now falls in: the local clock agrees and keeps its precision.
		{"date, clocks agree", []string{"Wed, 10 Sep 2025 12:00:01 GMT"}, "Wed, 10 Sep 2025 12:00:00 GMT", 750 * time.Millisecond, true},
		// The server's clock is an hour behind ours: its own Date is the reference.
		{"date, server clock behind", []string{"Wed, 10 Sep 2025 11:00:02 GMT"}, "Wed, 10 Sep 2025 11:00:00 GMT", 2 * time.Second, true},
		{"date, server clock ahead", []string{"Wed, 10 Sep 2025 13:00:02 GMT"}, "Wed, 10 Sep 2025 13:00:00 GMT", 2 * time.Second, true},
		{"date, unreadable Date header", []string{"Wed, 10 Sep 2025 12:00:02 GMT"}, "yesterday", 1750 * time.Millisecond, true},
		{"date ahead of a Date after it", []string{"Wed, 10 Sep 2025 11:00:00 GMT"}, "Wed, 10 Sep 2025 11:00:05 GMT", 0, true},
		{"garbage date", []string{"Wed, 10 Sep 2025 25:00:00 GMT"}, "", 0, false},
	} {
		h := http.Header{}
		if tc.retryAfter != nil {
			h["Retry-After"] = tc.retryAfter
		}
		if tc.date != "" {
			h.Set("Date", tc.date)
		}
		got, ok := Parse(h, now)
		if got != tc.want || ok != tc.ok {
			t.Errorf("%s: Parse = %v, %v; want %v, %v", tc.name, got, ok, tc.want, tc.ok)
		}
	}
}
