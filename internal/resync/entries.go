package resync

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"toggl-attio-sync/internal/store"
	"toggl-attio-sync/internal/toggl"
	"toggl-attio-sync/internal/togglevent"
)

// page is one page of entries on its way through the workers. It is checkpointed once all
// its entries and all earlier pages are recorded.
type page struct {
	seq     int64               // its number in the run: the pages before it
	next    *toggl.ReportCursor // where the page after it starts; nil: the walk is complete
	last    time.Time           // start of its last entry (progress by date)
	seconds int64               // the durations of its entries, for the Reports totals check
	pending atomic.Int64
}

type item struct {
	te   togglevent.TimeEntry
	page *page
}

// emitFunc hands a page's entries to the workers; it blocks while they are busy.
type emitFunc func(p *page, entries []togglevent.TimeEntry) error

// entries applies the window's time entries: Reports v3 for the whole workspace, or, when the
// plan has no Reports (402 "feature"), /me/time_entries with that limitation noted.
func (r *runner) entries(ctx context.Context) error {
	if r.row.Source == "" || r.row.Source == SourceReports {
		r.describe(SourceReports, r.row.Note)
		err := r.pipeline(ctx, r.walkReports)
		var plan *toggl.PlanError
		if !errors.As(err, &plan) {
			return err
		}
		r.s.logger().Info("resync: Reports not in the plan, reading the token owner's entries", "run", r.row.ID)
		r.describe(SourceMe, "The workspace's plan has no Reports API (Toggl answered 402 \""+plan.Message()+"\"), so only the time entries of the connection's Toggl user (the token owner) were read, through /me/time_entries, which may not reach back more than about three months; other members' entries arrive by webhook only.")
		if err := r.setStatus(ctx, StatusRunning, time.Time{}); err != nil {
			return err
		}
	}
	return r.pipeline(ctx, r.walkMe)
}

// pipeline runs produce, which fetches pages, against Workers goroutines applying entries,
// a recorder that stores their outcomes in batches, and a committer that stores the
// checkpoint of each page in order once all its outcomes are stored. The next page is
// fetched while the workers apply the current one, so Toggl's one request a second does not
// leave Attio's write budget idle.
func (r *runner) pipeline(ctx context.Context, produce func(context.Context, emitFunc) error) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	items := make(chan item, 2*r.s.pageSize())
	outcomes := make(chan recorded, 2*r.s.pageSize())
	done := make(chan *page, 64)
	finish := func(p *page) {
		if p.pending.Add(-1) == 0 {
			done <- p
		}
	}

	var workers sync.WaitGroup
	for range r.s.workers() {
		workers.Add(1)
		go func() {
			defer workers.Done()
			for it := range items {
				rec, record, ok := r.applyEntry(ctx, it.te)
				switch {
				case !ok: // stopped: the page is never checkpointed, so it is read again
				case record:
					outcomes <- recorded{rec: rec, page: it.page}
				default:
					finish(it.page)
				}
			}
		}()
	}
	recorderDone := make(chan struct{})
	go func() {
		defer close(recorderDone)
		if err := r.recordAll(ctx, outcomes, finish); err != nil {
			cancel(err)
		}
	}()
	committed := make(chan error, 1)
	go func() { committed <- r.commit(ctx, done) }()

	emit := func(p *page, entries []togglevent.TimeEntry) error {
		p.pending.Store(int64(len(entries)) + 1) // +1: not done while still being handed out
		for _, te := range entries {
			select {
			case items <- item{te: te, page: p}:
			case <-ctx.Done():
				return context.Cause(ctx)
			}
		}
		finish(p)
		return nil
	}
	err := produce(ctx, emit)
	if err != nil {
		cancel(err)
	}
	close(items)
	workers.Wait()
	close(outcomes)
	<-recorderDone
	close(done)
	if cerr := <-committed; cerr != nil && err == nil {
		err = cerr
	}
	if err == nil && ctx.Err() != nil {
		err = context.Cause(ctx)
	}
	return err
}

// recorded is an outcome on its way to resync_entries.
type recorded struct {
	rec  entryRecord
	page *page
}

// recordAll stores outcomes as they come, as many per transaction as are waiting (one
// commit per entry would cost the writer more than the entries' own writes), then counts
// them done for their pages.
func (r *runner) recordAll(ctx context.Context, in <-chan recorded, finish func(*page)) error {
	const maxBatch = 256
	var failed error
	for first := range in {
		batch := []recorded{first}
	more:
		for len(batch) < maxBatch {
			select {
			case next, ok := <-in:
				if !ok {
					break more
				}
				batch = append(batch, next)
			default:
				break more
			}
		}
		if failed != nil {
			continue // drain
		}
		recs := make([]entryRecord, len(batch))
		for i, b := range batch {
			recs[i] = b.rec
		}
		if failed = r.record(ctx, recs); failed != nil {
			continue
		}
		for _, b := range batch {
			finish(b.page)
		}
	}
	return failed
}

// commit stores checkpoints in page order as pages finish; the page without a next cursor
// completes the walk and moves the run to deletions.
func (r *runner) commit(ctx context.Context, done <-chan *page) error {
	finished := map[int64]*page{}
	nextSeq := r.row.Pages
	var failed error
	for p := range done {
		if failed != nil {
			continue // drain
		}
		finished[p.seq] = p
		for {
			q, ok := finished[nextSeq]
			if !ok {
				break
			}
			delete(finished, nextSeq)
			nextSeq++
			if err := r.checkpoint(ctx, q, nextSeq); err != nil {
				failed = err
				break
			}
		}
	}
	return failed
}

func (r *runner) checkpoint(ctx context.Context, p *page, pages int64) error {
	var cur toggl.ReportCursor
	phase := PhaseEntries
	if p.next != nil {
		cur = *p.next
	} else {
		phase = PhaseDeletions
	}
	r.mu.Lock()
	start := r.row.CursorStart
	r.mu.Unlock()
	if !p.last.IsZero() {
		start = p.last.UnixMilli()
	}
	q := r.tc.Quota()
	remaining, resetAt := int64(-1), int64(0)
	if q.Known {
		remaining, resetAt = int64(q.Remaining), unixMs(q.ResetAt)
	}
	var unstable int64
	if r.unstable.Load() {
		unstable = 1
	}
	r.mu.Lock()
	seconds := r.walkSeconds + p.seconds
	r.mu.Unlock()
	err := r.s.Store.SaveResyncCheckpoint(ctx, store.SaveResyncCheckpointParams{
		Phase: phase, CursorNextID: cur.NextID, CursorRowNumber: cur.NextRowNumber, CursorTimestamp: cur.NextTimestamp,
		CursorStart: start, Pages: pages, Unstable: unstable, TogglRequests: r.requests.Load(), ActiveMs: r.activeMs(),
		QuotaRemaining: remaining, QuotaResetAt: resetAt, TogglSeconds: seconds, UpdatedAt: r.s.clock().Now().UnixMilli(), ID: r.row.ID,
	})
	if err == nil {
		r.mu.Lock()
		defer r.mu.Unlock()
		r.walkSeconds = seconds
		r.row.Phase, r.row.Pages, r.row.CursorStart = phase, pages, start
		r.row.CursorNextID, r.row.CursorRowNumber, r.row.CursorTimestamp = cur.NextID, cur.NextRowNumber, cur.NextTimestamp
	}
	return err
}

// walkReports pages the Reports v3 detailed search over the window in start order from the
// stored cursor (docs/api/toggl.md §4.5: X-Next-ID / X-Next-Row-Number sent back as first_id /
// first_row_number; no header on the last page).
func (r *runner) walkReports(ctx context.Context, emit emitFunc) error {
	wid := r.conn.TogglWorkspaceID
	search := toggl.DetailedSearch{
		StartDate: r.window.Start.Format(time.DateOnly), EndDate: r.window.End.Format(time.DateOnly),
		OrderBy: "date", OrderDir: "ASC", PageSize: r.s.pageSize(), EnrichResponse: true, // tag_names
	}
	var cursor *toggl.ReportCursor
	if r.row.CursorNextID != 0 || r.row.CursorRowNumber != 0 {
		cursor = &toggl.ReportCursor{NextID: r.row.CursorNextID, NextRowNumber: r.row.CursorRowNumber, NextTimestamp: r.row.CursorTimestamp}
	}
	seq, last := r.row.Pages, time.Time{}
	seen := map[toggl.ReportCursor]bool{}
	for {
		pg, err := r.searchPage(ctx, wid, search, cursor)
		if err != nil {
			return err
		}
		if err := readableRows(pg.Rows, seq); err != nil {
			return err
		}
		var entries []togglevent.TimeEntry
		var seconds int64
		for _, row := range pg.Rows {
			for _, e := range row.TimeEntries {
				entries = append(entries, reportEntry(wid, row, e))
				seconds += e.Seconds
			}
		}
		// X-Next-ID names the first entry of the next page: anything else means entries were
		// added or removed before the cursor while walking, so one may have been skipped and
		// absence from this walk proves nothing.
		if cursor != nil && cursor.NextID != 0 && len(entries) > 0 && entries[0].ID != cursor.NextID {
			r.unstable.Store(true)
		}
		if len(entries) > 0 {
			last = entries[len(entries)-1].Start
		}
		if err := emit(&page{seq: seq, next: pg.Next, last: last, seconds: seconds}, entries); err != nil {
			return err
		}
		seq++
		if pg.Next == nil {
			return nil
		}
		if seen[*pg.Next] {
			return errors.New("toggl: report paging returned the same cursor twice")
		}
		seen[*pg.Next] = true
		cursor = pg.Next
	}
}

// ErrUnreadableReport is a Reports answer this service cannot read fully. The run fails on
// it before deleting anything: an entry it cannot read would otherwise look deleted.
var ErrUnreadableReport = errors.New("toggl: the Reports answer has rows this service cannot read")

// readableRows refuses a page with a row that holds no time entries or an entry without an
// id, a start or a duration (docs/api/toggl.md §4.5: entries nest under rows as {id, seconds, start,
// stop, at}); another shape means another server or API version, and guessing at it would
// import nothing and then delete by absence.
func readableRows(rows []toggl.ReportRow, page int64) error {
	for i, row := range rows {
		if len(row.TimeEntries) == 0 {
			return fmt.Errorf("%w: page %d row %d has no time_entries; nothing was deleted", ErrUnreadableReport, page+1, i+1)
		}
		for _, e := range row.TimeEntries {
			if e.ID <= 0 || e.Start.IsZero() || e.At.IsZero() {
				return fmt.Errorf("%w: page %d row %d has a time entry without id, start or at; nothing was deleted", ErrUnreadableReport, page+1, i+1)
			}
		}
	}
	return nil
}

// searchPage fetches one Reports page. One third-party client found that first_id together
// with first_row_number can answer an empty final page (docs/api/toggl.md §4.5, §8): such a page is
// asked once more with first_row_number alone.
func (r *runner) searchPage(ctx context.Context, wid int64, search toggl.DetailedSearch, cursor *toggl.ReportCursor) (toggl.ReportPage, error) {
	s := search
	if cursor != nil {
		s = s.After(*cursor)
	}
	var pg toggl.ReportPage
	fetch := func(s toggl.DetailedSearch) error {
		return r.togglCall(ctx, "reports search", func(ctx context.Context) (err error) {
			pg, err = r.tc.SearchTimeEntriesPage(ctx, wid, s)
			return err
		})
	}
	if err := fetch(s); err != nil {
		return pg, err
	}
	if s.FirstID != 0 && s.FirstRowNumber != 0 && len(pg.Rows) == 0 && pg.Next == nil {
		s.FirstID = 0
		err := fetch(s)
		return pg, err
	}
	return pg, nil
}

// walkMe reads the token owner's entries of the window in one request (GET /me/time_entries
// has no paging; docs/api/toggl.md §4.2: start_date/end_date filter on start).
func (r *runner) walkMe(ctx context.Context, emit emitFunc) error {
	var list []toggl.TimeEntry
	if err := r.togglCall(ctx, "my time entries", func(ctx context.Context) (err error) {
		list, err = r.tc.MyTimeEntries(ctx, toggl.TimeEntriesQuery{StartDate: r.window.Start, EndDate: r.window.Limit()})
		return err
	}); err != nil {
		return err
	}
	var entries []togglevent.TimeEntry
	for _, e := range list {
		if e.WorkspaceID == r.conn.TogglWorkspaceID && !e.Deleted() {
			entries = append(entries, trackEntry(e))
		}
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Start.Before(entries[j].Start) })
	if err := r.s.Store.SetResyncEntriesExpected(ctx, store.SetResyncEntriesExpectedParams{
		EntriesExpected: int64(len(entries)), UpdatedAt: r.s.clock().Now().UnixMilli(), ID: r.row.ID}); err != nil {
		return err
	}
	r.row.EntriesExpected = int64(len(entries))
	var last time.Time
	if len(entries) > 0 {
		last = entries[len(entries)-1].Start
	}
	if err := emit(&page{seq: r.row.Pages, last: last}, entries); err != nil {
		return fmt.Errorf("my time entries: %w", err)
	}
	return nil
}
