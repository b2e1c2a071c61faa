package auditmirror

import (
	"strconv"
	"strings"
	"time"

	"toggl-attio-sync/internal/attio"
)

// row is the part of an audit row the mirror copies.
type row struct {
	ID                              int64
	Source, Entity, Status, Message string
	CreatedAt                       int64 // unix ms
}

// group is the audit rows of one cause in one minute: mirrored as one entry.
type group struct {
	first row
	count int
}

// completeMinutes splits rows (in id order) by the UTC minute they were written in, keeping
// only minutes that have ended by now: a minute still running may gain rows of its groups.
func completeMinutes(rows []row, now time.Time) [][]row {
	current := now.Truncate(time.Minute).UnixMilli()
	var out [][]row
	for _, r := range rows {
		if r.CreatedAt >= current {
			break
		}
		if n := len(out); n > 0 && minuteOf(out[n-1][0].CreatedAt) == minuteOf(r.CreatedAt) {
			out[n-1] = append(out[n-1], r)
			continue
		}
		out = append(out, []row{r})
	}
	return out
}

func minuteOf(ms int64) int64 { return ms / 60_000 }

// coalesce groups one minute's wanted rows by cause (status, source and the message with
// its numbers masked, so "attempt 3 failed, retrying in 4s: attio 503" and "attempt 4 …"
// are one cause), in the order each cause first appeared.
func coalesce(minute []row, setting string) []group {
	var out []group
	index := map[string]int{}
	for _, r := range minute {
		if !Wanted(setting, r.Status) {
			continue
		}
		key := r.Status + "\x00" + r.Source + "\x00" + cause(r.Message)
		if i, ok := index[key]; ok {
			out[i].count++
			continue
		}
		index[key] = len(out)
		out = append(out, group{first: r, count: 1})
	}
	return out
}

// cause masks every run of digits in a message.
func cause(msg string) string {
	var b strings.Builder
	digits := false
	for _, r := range msg {
		if r >= '0' && r <= '9' {
			if !digits {
				b.WriteByte('#')
			}
			digits = true
			continue
		}
		digits = false
		b.WriteRune(r)
	}
	return b.String()
}

// entry is the Attio list entry for the group, under the connection's record.
func (g group) entry(parent string) attio.EntryInput {
	msg := g.first.Message
	if g.count > 1 {
		msg += " (" + strconv.Itoa(g.count) + " like it in this minute)"
	}
	return attio.EntryInput{
		ParentRecordID: parent, ParentObject: ParentObject,
		EntryValues: attio.Values{}.
			Set("audit_id", attio.Number(float64(g.first.ID))).
			Set("occurred_at", attio.Timestamp(time.UnixMilli(g.first.CreatedAt))).
			Set("source", attio.Text(g.first.Source)).
			Set("entity", attio.Text(g.first.Entity)).
			Set("status", attio.Text(g.first.Status)).
			Set("message", attio.Text(msg)),
	}
}
