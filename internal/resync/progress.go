package resync

import (
	"context"
	"time"

	"toggl-attio-sync/internal/inbound"
	"toggl-attio-sync/internal/store"
)

// Counts are what a run did to Attio time entries. Unchanged includes entries Attio already
// held a newer change of (stale).
type Counts struct {
	Created, Updated, Unchanged, Deleted, Unroutable, Failed int
}

// Total is every entry the run has dealt with.
func (c Counts) Total() int {
	return c.Created + c.Updated + c.Unchanged + c.Deleted + c.Unroutable + c.Failed
}

// Writes is how many entries needed an Attio write.
func (c Counts) Writes() int { return c.Created + c.Updated + c.Deleted }

func (c *Counts) add(outcome string, n int) {
	switch inbound.Outcome(outcome) {
	case inbound.OutcomeCreated:
		c.Created += n
	case inbound.OutcomeUpdated:
		c.Updated += n
	case inbound.OutcomeUnchanged, inbound.OutcomeStale:
		c.Unchanged += n
	case inbound.OutcomeDeleted:
		c.Deleted += n
	case inbound.OutcomeUnroutable:
		c.Unroutable += n
	default:
		c.Failed += n
	}
}

func countsOf(ctx context.Context, st *store.Store, runID int64) (Counts, error) {
	rows, err := st.CountResyncOutcomes(ctx, runID)
	var c Counts
	for _, r := range rows {
		c.add(r.Outcome, int(r.N))
	}
	return c, err
}

// FindingKinds are the kinds of difference in the order the console and the CLI list them.
var FindingKinds = []string{
	inbound.FindingMissing, inbound.FindingRecreated, inbound.FindingOutdated, inbound.FindingEdited,
	inbound.FindingMoved, inbound.FindingDuplicate, inbound.FindingOrphan, inbound.FindingAdopted,
}

// FindingLabels say what each kind means, for people.
var FindingLabels = map[string]string{
	inbound.FindingMissing:   "missing in Attio",
	inbound.FindingRecreated: "deleted in Attio",
	inbound.FindingOutdated:  "older than Toggl",
	inbound.FindingEdited:    "edited in Attio",
	inbound.FindingMoved:     "under the wrong Project",
	inbound.FindingDuplicate: "duplicate entries",
	inbound.FindingOrphan:    "no longer in Toggl",
	inbound.FindingAdopted:   "map corrected",
}

func findingsOf(ctx context.Context, st *store.Store, runID int64) (map[string]int, error) {
	rows, err := st.CountResyncFindings(ctx, runID)
	out := make(map[string]int, len(rows))
	for _, r := range rows {
		out[r.Kind] = int(r.N)
	}
	return out, err
}

// Differences is how many findings the run has, all kinds.
func (p Progress) Differences() int {
	n := 0
	for _, v := range p.Findings {
		n += v
	}
	return n
}

// Progress is a run as the console and the CLI show it.
type Progress struct {
	RunID        int64
	ConnectionID int64
	Window       Window
	Status       string
	Phase        string
	Source       string
	Note         string // a limitation of this run, e.g. only the token owner's entries
	Names        string // what reconciling clients, projects and users did
	Error        string
	RequestedBy  string
	Counts       Counts
	Mode         string         // ModeRepair or ModeCheck
	Findings     map[string]int // differences found (a check) or repaired (a repair run), by kind
	AttioReads   int64          // Attio list queries reading the window's entries
	AttioEntries int64          // entries they returned
	// TogglSeconds is what the walk's entries add up to, TotalsSeconds what Reports' totals
	// say for the same days (-1: not asked); equal totals prove the listing complete.
	TogglSeconds, TotalsSeconds int64

	Pages            int64
	TogglRequests    int64
	EstimateRequests int64
	EntriesExpected  int64
	QuotaRemaining   int64 // -1 unknown
	QuotaResetAt     time.Time
	PausedUntil      time.Time

	// Fraction is 0..1 through the run; ETA the time left at the pace so far (ETAKnown false
	// before there is a pace to go by).
	Fraction float64
	ETA      time.Duration
	ETAKnown bool

	CreatedAt, StartedAt, FinishedAt time.Time
}

// Finished reports whether the run reached a final status.
func (p Progress) Finished() bool {
	switch p.Status {
	case StatusDone, StatusFailed, StatusCancelled:
		return true
	}
	return false
}

// Waiting reports whether the run stopped before deletions and waits for a person.
func (p Progress) Waiting() bool { return p.Status == StatusConfirm }

// Percent is Fraction as a whole percentage.
func (p Progress) Percent() int { return int(p.Fraction*100 + 0.5) }

func progressOf(ctx context.Context, st *store.Store, r store.ResyncRun, now time.Time) (Progress, error) {
	counts, err := countsOf(ctx, st, r.ID)
	if err != nil {
		return Progress{}, err
	}
	p := Progress{
		RunID: r.ID, ConnectionID: r.ConnectionID, Window: windowOf(r.WindowStart, r.WindowEnd),
		Status: r.Status, Phase: r.Phase, Source: r.Source, Note: r.Note, Names: r.NamesSummary, Error: r.Error,
		RequestedBy: r.RequestedBy, Counts: counts, Pages: r.Pages, TogglRequests: r.TogglRequests,
		EstimateRequests: r.EstimateRequests, EntriesExpected: r.EntriesExpected, QuotaRemaining: r.QuotaRemaining,
		QuotaResetAt: msTime(r.QuotaResetAt), PausedUntil: msTime(r.PausedUntil),
		CreatedAt: msTime(r.CreatedAt), StartedAt: msTime(r.StartedAt), FinishedAt: msTime(r.FinishedAt),
	}
	p.Mode, p.AttioReads, p.AttioEntries = r.Mode, r.AttioReads, r.AttioEntries
	p.TogglSeconds, p.TotalsSeconds = r.TogglSeconds, r.TotalsSeconds
	if p.Findings, err = findingsOf(ctx, st, r.ID); err != nil {
		return Progress{}, err
	}
	p.Fraction = fraction(r, counts)
	if p.Finished() {
		if r.Status == StatusDone {
			p.Fraction = 1
		}
		return p, nil
	}
	// The pace is the work time so far (pauses excluded) over the share done; a pause adds
	// its remaining wait.
	if p.Fraction >= 0.02 && r.ActiveMs > 0 {
		left := time.Duration(float64(r.ActiveMs)*(1-p.Fraction)/p.Fraction) * time.Millisecond
		p.ETA, p.ETAKnown = left.Round(time.Second), true
	}
	if r.Status == StatusPaused && p.PausedUntil.After(now) {
		p.ETA += p.PausedUntil.Sub(now).Round(time.Second)
	}
	return p, nil
}

// fraction weighs the phases: names are a few requests, deletions one or two; the entries
// are the run. Reports are walked in start order, so the checkpoint's start date is the share
// done; /me/time_entries answers at once, so the entries applied of those it returned are.
func fraction(r store.ResyncRun, c Counts) float64 {
	const names, entries = 0.02, 0.96
	switch r.Phase {
	case PhaseNames:
		return 0
	case PhaseEntries:
		done := windowOf(r.WindowStart, r.WindowEnd).Fraction(msTime(r.CursorStart))
		if r.Source == SourceMe && r.EntriesExpected > 0 {
			done = min(float64(c.Total())/float64(r.EntriesExpected), 1)
		}
		return names + entries*done
	case PhaseDeletions:
		return names + entries
	}
	return 1
}

func msTime(ms int64) time.Time {
	if ms == 0 {
		return time.Time{}
	}
	return time.UnixMilli(ms).UTC()
}
