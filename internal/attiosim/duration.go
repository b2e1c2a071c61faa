package attiosim

import (
	"strconv"
	"time"
)

// addDuration adds an ISO 8601 duration ("P1M", "P0Y0M1DT0H0M0S") to t; dynamic date and
// timestamp defaults use it (SPEC attribute.default_value: ""P1M" would set the value to the
// current time plus one month").
func addDuration(t time.Time, iso string) time.Time {
	m := isoDuration.FindStringSubmatch(iso)
	if m == nil {
		return t
	}
	num := func(s string) int {
		if len(s) < 2 {
			return 0
		}
		n, _ := strconv.Atoi(s[:len(s)-1])
		return n
	}
	t = t.AddDate(num(m[1]), num(m[2]), num(m[3])*7+num(m[4]))
	t = t.Add(time.Duration(num(m[6]))*time.Hour + time.Duration(num(m[7]))*time.Minute)
	if m[8] != "" {
		secs, _ := strconv.ParseFloat(m[8][:len(m[8])-1], 64)
		t = t.Add(time.Duration(secs * float64(time.Second)))
	}
	return t
}
