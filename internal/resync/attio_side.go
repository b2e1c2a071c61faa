package resync

import (
	"context"
	"fmt"
	"time"

	"toggl-attio-sync/internal/attio"
	"toggl-attio-sync/internal/attiotype"
	"toggl-attio-sync/internal/fieldmap"
	"toggl-attio-sync/internal/inbound"
	"toggl-attio-sync/internal/store"
)

// attioSide is the Attio half of a reconciliation: the toggl_time_entries entries of the
// window, read in pages of Attio's largest query (500 entries a read), by the time entry id
// they carry.
type attioSide struct {
	readAt  time.Time
	byEntry map[int64][]attio.Entry
	entries int // entries read
	pages   int // list queries made
	// scoped is true when the read was limited to the window by the mapped start attribute;
	// otherwise it holds the whole list, and absence from Toggl's window says nothing about
	// entries outside it.
	scoped    bool
	startOf   func(attio.Entry) (time.Time, bool)
	runningOf func(attio.Entry) bool
}

func (s *attioSide) observed(id int64) inbound.Observed {
	return inbound.Observed{Entries: s.byEntry[id], ReadAt: s.readAt}
}

// sideSlugs names the attributes the side is read by: the time entry id (required), its
// start (scopes the read to the window) and stop and running (a running entry is never in
// Reports, so its absence proves nothing).
type sideSlugs struct{ id, start, stop, running string }

func slugsOf(m fieldmap.Map) sideSlugs {
	var s sideSlugs
	for _, f := range m {
		switch {
		case f.Source == "time_entry.id" && (f.Type == attiotype.Number || f.Type == attiotype.Text) && s.id == "":
			s.id = f.Target
		case f.Source == "time_entry.start" && f.Type == attiotype.Timestamp && s.start == "":
			s.start = f.Target
		case f.Source == "time_entry.stop" && f.Type == attiotype.Timestamp && s.stop == "":
			s.stop = f.Target
		case f.Source == "time_entry.running" && f.Type == attiotype.Checkbox && s.running == "":
			s.running = f.Target
		}
	}
	return s
}

// errNoIDAttribute: without the time entry id in Attio, Attio's entries cannot be matched to
// Toggl's, and the run compares Toggl with the map only.
const noIDNote = "The time entry field map writes no time_entry.id, so Attio's entries cannot be matched to Toggl's: this run compared Toggl with the service's own map only and could not see edits or deletions made in Attio."

// readAttioSide reads the window's entries from Attio. It returns nil (and notes why) when
// the field map gives no way to match them.
func (r *runner) readAttioSide(ctx context.Context) (*attioSide, error) {
	m := r.conn.Settings.TimeEntryMap
	slugs := slugsOf(m)
	if slugs.id == "" {
		r.describe(r.row.Source, joinNote(r.row.Note, noIDNote))
		return nil, nil
	}
	client, err := r.s.Inbound.Attio(ctx, r.conn)
	if err != nil {
		return nil, err
	}
	side := &attioSide{readAt: r.s.clock().Now(), byEntry: map[int64][]attio.Entry{}, scoped: slugs.start != ""}
	side.startOf = func(e attio.Entry) (time.Time, bool) { return e.EntryValues.Timestamp(slugs.start) }
	side.runningOf = func(e attio.Entry) bool {
		if slugs.running != "" {
			if b, ok := e.EntryValues.Checkbox(slugs.running); ok && b {
				return true
			}
		}
		if slugs.stop != "" {
			_, ok := e.EntryValues.Timestamp(slugs.stop)
			return !ok
		}
		return false
	}
	q := attio.Query{Limit: attio.DefaultPageSize}
	if side.scoped {
		q.Filter = attio.Filter{slugs.start: map[string]any{
			"$gte": r.window.Start.UTC().Format(time.RFC3339), "$lt": r.window.Limit().UTC().Format(time.RFC3339)}}
	}
	list := r.conn.Settings.Schema.TimeEntriesList
	for {
		page, err := client.QueryEntries(ctx, list, q)
		if err != nil {
			return nil, fmt.Errorf("attio: reading the %s entries of the window: %w", list, err)
		}
		side.pages++
		for _, e := range page {
			side.entries++
			if id, ok := inbound.TimeEntryIDOf(e, slugs.id); ok {
				side.byEntry[id] = append(side.byEntry[id], e)
			}
		}
		if len(page) < q.Limit {
			break
		}
		q.Offset += len(page)
	}
	err = r.s.Store.SetResyncAttioSide(ctx, store.SetResyncAttioSideParams{
		AttioReads: int64(side.pages), AttioEntries: int64(side.entries), UpdatedAt: r.s.clock().Now().UnixMilli(), ID: r.row.ID})
	return side, err
}
