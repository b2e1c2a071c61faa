package chaos

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"toggl-attio-sync/internal/attiosim"
	"toggl-attio-sync/internal/store"
)

// tallyAcknowledged counts the deliveries sent and the distinct events acknowledged.
func (r *run) tallyAcknowledged() {
	r.res.Sent = int(r.sent.Load())
	for i := range r.acked {
		if r.acked[i].Load() {
			r.res.Acknowledged++
		}
	}
}

// drain waits until the service has finished every job, reading its database read-only.
func drain(ctx context.Context, dataDir string, within time.Duration) error {
	st, err := store.Open(ctx, filepath.Join(dataDir, "toggl-attio-sync.db"))
	if err != nil {
		return err
	}
	defer st.Close()
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		n, err := st.CountUnfinishedInbox(ctx)
		if err != nil {
			return err
		}
		if n == 0 {
			return nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	return fmt.Errorf("queue not drained within %s", within)
}

// count checks the Attio emulator's entries against what was acknowledged.
func count(as *attiosim.Sim, events []event, acked []atomic.Bool, res *Result) {
	entries := map[int64][]string{}
	for _, e := range as.Entries("toggl_time_entries") {
		for _, v := range e.Values["toggl_time_entry_id"] {
			if v["active_until"] == nil {
				if f, ok := v["value"].(float64); ok {
					desc := ""
					for _, d := range e.Values["description"] {
						if d["active_until"] == nil {
							desc, _ = d["value"].(string)
						}
					}
					entries[int64(f)] = append(entries[int64(f)], desc)
				}
			}
		}
	}
	latest := map[int64]int{}
	for i, ev := range events {
		if acked[i].Load() && ev.version > latest[ev.entryID] {
			latest[ev.entryID] = ev.version
		}
	}
	ids := make([]int64, 0, len(latest))
	for id := range latest {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		got := entries[id]
		switch {
		case len(got) == 0:
			res.Lost++
		case len(got) > 1:
			res.Duplicated++
			res.Applied++
		default:
			res.Applied++
			if !strings.HasSuffix(got[0], fmt.Sprintf("version %d", latest[id])) {
				res.Stale++
			}
		}
	}
}
