// Package chaos is the fault suite (`make chaos`, and a smaller run in `make test`): the
// service runs as a child process and is killed with SIGKILL at random moments while our
// driver delivers signed Toggl webhooks (each up to three times, out of order) and Attio
// answers 5xx and 429 with added latency. Afterwards every acknowledged event must be in
// Attio exactly once, with the latest version of each time entry, counted against the Attio
// emulator's own state.
package chaos

import (
	"context"
	"math/rand/v2"
	"os/exec"
	"sync/atomic"
	"time"

	"toggl-attio-sync/internal/attiosim"
)

// Options size one run.
type Options struct {
	Entries     int              // distinct time entries; each gets a created and an updated event
	Kills       int              // SIGKILLs during the load
	Seed        uint64           // randomness of kill moments, copies and order
	WorkDir     string           // DATA_DIR of the service lives here
	Service     func() *exec.Cmd // starts the service (env is added); nil: this executable
	Logf        func(format string, args ...any)
	DrainWithin time.Duration // how long the queue may take to drain at the end (0: 3 minutes)
}

// Result are the suite's counts.
type Result struct {
	Events       int // distinct events (2 per entry)
	Sent         int // HTTP deliveries attempted, copies and re-sends included
	Acknowledged int // distinct events answered 2xx at least once
	Applied      int // entries present in Attio
	Lost         int // acknowledged entries missing in Attio
	Duplicated   int // entries present more than once
	Stale        int // entries whose Attio description is not the latest version
	Kills        int
	AttioFaults  int64
}

// event is one delivery: version 1 (created) or 2 (updated) of a time entry.
type event struct {
	eventID int64
	entryID int64
	version int
	body    []byte
}

// Run executes the suite.
func Run(ctx context.Context, o Options) (Result, error) {
	if o.Logf == nil {
		o.Logf = func(string, ...any) {}
	}
	if o.DrainWithin == 0 {
		o.DrainWithin = 3 * time.Minute
	}
	r := &run{ctx: ctx, opts: o, rng: rand.New(rand.NewPCG(o.Seed, o.Seed^0x9e3779b97f4a7c15)), res: Result{Events: 2 * o.Entries}}
	defer r.close()
	if err := r.setUp(); err != nil {
		return r.res, err
	}
	r.events = makeEvents(o.Entries, r.sub.id, r.url)
	r.acked = make([]atomic.Bool, len(r.events))
	if err := r.load(); err != nil {
		return r.res, err
	}
	r.redeliver()
	r.tallyAcknowledged()
	if err := drain(ctx, r.dataDir, o.DrainWithin); err != nil {
		return r.res, err
	}
	r.res.AttioFaults = r.as.Stats().Statuses[503] + r.as.Stats().Statuses[429]
	r.as.SetFaults(nil)
	count(r.as, r.events, r.acked, &r.res)
	return r.res, nil
}

// run is the state of one execution of the suite, shared by its steps.
type run struct {
	ctx     context.Context
	opts    Options
	rng     *rand.Rand
	res     Result
	closers []func() // undone in reverse order by close

	as      *attiosim.Sim
	svc     *service
	dataDir string
	sub     subscription
	url     string // the connection's Toggl webhook endpoint on the service

	events []event
	acked  []atomic.Bool // per event: answered 2xx at least once
	sent   atomic.Int64  // deliveries attempted
}

// onClose registers f to run when the run ends, after everything registered later.
func (r *run) onClose(f func()) { r.closers = append(r.closers, f) }

func (r *run) close() {
	for i := len(r.closers) - 1; i >= 0; i-- {
		r.closers[i]()
	}
}
