package views

import (
	"net/url"
	"strconv"
	"time"
)

// ConnOption is one connection in a page's connection picker.
type ConnOption struct {
	ID     int64
	Name   string
	Status string
}

// ConnPick is the connection a console page shows, with the others to switch to.
type ConnPick struct {
	Current int64
	All     []ConnOption
	Path    string     // the page's path, where the picker's GET form goes
	Keep    url.Values // other query values the picker keeps (e.g. map=project)
}

// keepPairs lists Keep in a stable order for hidden inputs.
func (p ConnPick) keepPairs() [][2]string {
	var out [][2]string
	for k, vs := range p.Keep {
		for _, v := range vs {
			out = append(out, [2]string{k, v})
		}
	}
	return out
}

// Timestamps in the console are UTC, said so on the page, so what an admin reads matches
// Toggl's and Attio's API output.
const timeLayout = "2006-01-02 15:04:05 UTC"

// FmtMs formats unix milliseconds for a page; 0 is "never".
func FmtMs(ms int64) string {
	if ms == 0 {
		return "never"
	}
	return time.UnixMilli(ms).UTC().Format(timeLayout)
}

// FmtTime formats a time for a page; the zero time is "never".
func FmtTime(t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return t.UTC().Format(timeLayout)
}

func itoa(n int64) string  { return strconv.FormatInt(n, 10) }
func itoaInt(n int) string { return strconv.Itoa(n) }

// badgeClass colours a status: problems red, things in motion amber, success green.
func badgeClass(status string) string {
	switch status {
	case "rejected", "failed", "dead", "unroutable":
		return "badge bad"
	case "retrying", "waiting", "queued", "running", "skipped", "duplicate", "unmatched", "ignored":
		return "badge warn"
	case "written", "done", "accepted", "unchanged", "ping", "replayed":
		return "badge ok"
	}
	return "badge"
}

// withConn builds a console URL for connection id with extra query values.
func withConn(path string, id int64, kv ...string) string {
	q := url.Values{}
	if id != 0 {
		q.Set("conn", itoa(id))
	}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			q.Set(kv[i], kv[i+1])
		}
	}
	if len(q) == 0 {
		return path
	}
	return path + "?" + q.Encode()
}
