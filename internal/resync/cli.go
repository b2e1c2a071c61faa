package resync

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"time"

	"toggl-attio-sync/internal/cli"
	"toggl-attio-sync/internal/config"
	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/toggl"
)

// Main is the `toggl-attio-sync resync` command. It reads the same DATA_DIR and environment
// as the service and is safe to run while the service runs: the database is shared the way
// the service shares it (WAL, one writer per process, busy_timeout), a lock per connection
// keeps two resyncs of one connection apart, and when a service is running the command hands
// it the run and follows its progress, so one process paces both APIs.
func Main(ctx context.Context, args []string, stdout io.Writer) error {
	return runCLI(ctx, args, os.Getenv, stdout, cliHooks{})
}

// cliHooks let tests route the command's calls through a checking transport and scale its
// pacing.
type cliHooks struct {
	transport http.RoundTripper
	toggl     func(*toggl.Options)
	service   func(*Service) // adjusts the in-process service
	follow    time.Duration  // progress line interval; default 2 s
	looked    func()         // runs after the look for a running service (tests start one)
}

const cliUsage = `usage: toggl-attio-sync resync [flags]
  -connection ID   the connection to resync (default: the only one)
  -from YYYY-MM-DD first day (default: -days before today)
  -to YYYY-MM-DD   last day (default: today)
  -days N          the last N days, when -from is not given (default 30)
  -plan            only show the estimate
  -check           a drift check: compare Toggl, the map and Attio, write nothing, list the differences
  -confirm RUN     remove the entries a run stopped before deleting (it asks when more than the
                   connection's share of the window would go)
  -decline RUN     keep them; the run finishes without removing them
  -here            run in this process (refused while the service is running)
  -cancel RUN      cancel a run
  -workers N       entries applied at once (default 8)
  -data-dir, -toggl-api-url, -attio-api-url as for the service (or DATA_DIR, TOGGL_API_URL, ATTIO_API_URL)
An unfinished run of the connection is resumed from its checkpoint instead of starting anew.`

// cliFlags are the command's flags, parsed.
type cliFlags struct {
	connID, cancelRun, confirmRun, declineRun int64
	from, to                                  string
	days, workers                             int
	planOnly, here, checkOnly                 bool
	cfgArgs                                   []string // the service's own flags, for config.Load
}

func parseCLIFlags(args []string, stdout io.Writer) (cliFlags, error) {
	var f cliFlags
	fs := flag.NewFlagSet("resync", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Int64Var(&f.connID, "connection", 0, "")
	fs.StringVar(&f.from, "from", "", "")
	fs.StringVar(&f.to, "to", "", "")
	fs.IntVar(&f.days, "days", 30, "")
	fs.BoolVar(&f.planOnly, "plan", false, "")
	fs.BoolVar(&f.here, "here", false, "")
	fs.Int64Var(&f.cancelRun, "cancel", 0, "")
	fs.BoolVar(&f.checkOnly, "check", false, "")
	fs.Int64Var(&f.confirmRun, "confirm", 0, "")
	fs.Int64Var(&f.declineRun, "decline", 0, "")
	fs.IntVar(&f.workers, "workers", 0, "")
	for _, name := range []string{"data-dir", "toggl-api-url", "attio-api-url", "log-level"} {
		fs.Func(name, "", func(v string) error { f.cfgArgs = append(f.cfgArgs, "-"+name, v); return nil })
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, cliUsage)
			return f, cli.ErrHelp
		}
		return f, fmt.Errorf("resync: %v (flags: %s; -h for help)", err, cli.Names(fs))
	}
	if fs.NArg() > 0 {
		return f, fmt.Errorf("resync: unexpected argument %q (flags: %s; -h for help)", fs.Arg(0), cli.Names(fs))
	}
	return f, nil
}

func runCLI(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer, hooks cliHooks) error {
	f, err := parseCLIFlags(args, stdout)
	if err != nil {
		return err
	}
	cfg, err := config.Load(f.cfgArgs, getenv)
	if err != nil {
		return err
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: max(cfg.LogLevel, slog.LevelWarn)}))
	transport := hooks.transport
	if transport == nil {
		transport = http.DefaultTransport
	}
	d, err := openDeps(ctx, cfg, logger, transport, hooks.toggl)
	if err != nil {
		return err
	}
	defer d.close()
	c := &cliRun{ctx: ctx, d: d, f: f, out: stdout, hooks: hooks}
	switch {
	case f.cancelRun != 0:
		return c.cancel()
	case f.confirmRun != 0 || f.declineRun != 0:
		return c.answer()
	}
	conn, err := pickConnection(ctx, d.conns, f.connID)
	if err != nil {
		return err
	}
	c.conn = conn
	c.svc = &Service{Store: d.store, Conns: d.conns, Inbound: d.inbound, Toggl: d.clients.TogglFailFast, Logger: logger, Workers: f.workers}
	if hooks.service != nil {
		hooks.service(c.svc)
	}
	local, release, err := c.place()
	if err != nil {
		return err
	}
	defer release()
	runID, started, err := c.startOrResume()
	if err != nil || !started {
		return err
	}
	if !local {
		fmt.Fprintf(stdout, "The running service executes run %d; following its progress (interrupting stops following, not the run).\n", runID)
		return follow(ctx, d, runID, stdout, hooks.follow, nil)
	}
	return c.runHere(runID)
}

// cliRun is one invocation of the command.
type cliRun struct {
	ctx   context.Context
	d     *cliDeps
	f     cliFlags
	out   io.Writer
	hooks cliHooks
	conn  *connection.Connection
	svc   *Service
}

func (c *cliRun) cancel() error {
	if err := Cancel(c.ctx, c.d.store, c.f.cancelRun, time.Now()); err != nil {
		return err
	}
	p, err := Load(c.ctx, c.d.store, c.f.cancelRun, time.Now())
	if err != nil {
		return err
	}
	fmt.Fprintf(c.out, "run %d: %s\n", p.RunID, p.Status)
	return nil
}

func (c *cliRun) answer() error {
	id := max(c.f.confirmRun, c.f.declineRun)
	if err := Answer(c.ctx, c.d.store, id, c.f.confirmRun != 0, time.Now()); err != nil {
		return fmt.Errorf("run %d: %w", id, err)
	}
	fmt.Fprintf(c.out, "run %d: queued again; it resumes at its deletions (run the command to follow it)\n", id)
	return nil
}

// place decides where the run executes: here (local, with the connection's resync claim
// held until release) or in the running service.
func (c *cliRun) place() (local bool, release func(), err error) {
	release = func() {}
	alive, err := ServiceAlive(c.ctx, c.d.store, time.Now())
	if err != nil {
		return false, release, err
	}
	if c.hooks.looked != nil {
		c.hooks.looked()
	}
	if c.f.here && alive && !c.f.planOnly {
		// Two processes applying entries at once could both create the same Attio entry: the
		// per-entry guard is in-process. The running service executes the run instead.
		return false, release, errors.New("the service is running on this DATA_DIR and executes resyncs itself; run the command without -here")
	}
	local = c.f.here || !alive
	if !local || c.f.planOnly {
		return local, release, nil
	}
	// Claimed before the run is queued, so a service polling for runs cannot take it.
	if err := c.svc.claim(c.ctx, c.conn.ID); err != nil {
		return false, release, fmt.Errorf("connection %d: %w", c.conn.ID, err)
	}
	// A service that started since the look above applies deliveries beside this run
	// unless it saw the claim; one that took the service lock before the claim may not
	// have (see ApplyGate), so look again now that the claim is stored.
	if alive, err = ServiceAlive(c.ctx, c.d.store, time.Now()); err != nil || alive {
		c.svc.release(c.conn.ID)
		if err != nil {
			return false, release, err
		}
		if c.f.here {
			return false, release, errors.New("the service started on this DATA_DIR and executes resyncs itself; run the command without -here")
		}
		return false, release, nil
	}
	return true, func() { c.svc.release(c.conn.ID) }, nil
}

// startOrResume finds the connection's unfinished run or queues a new one after printing
// its estimate; started is false when there is nothing to execute (a plan, a waiting run).
func (c *cliRun) startOrResume() (runID int64, started bool, err error) {
	active, ok, err := Active(c.ctx, c.d.store, c.conn.ID, time.Now())
	if err != nil {
		return 0, false, err
	}
	switch {
	case ok && (c.f.planOnly || active.Waiting()):
		fmt.Fprintf(c.out, "Run %d (%s) has not finished:\n%s\n", active.RunID, active.Window, active.Line())
		if active.Waiting() {
			fmt.Fprint(c.out, active.Summary())
		}
		return active.RunID, false, nil
	case ok:
		fmt.Fprintf(c.out, "Resuming run %d (%s, %s) from its checkpoint.\n", active.RunID, active.Window, active.Status)
		return active.RunID, true, nil
	}
	w := LastDays(c.f.days, time.Now())
	if c.f.from != "" {
		to := c.f.to
		if to == "" {
			to = time.Now().UTC().Format(time.DateOnly)
		}
		if w, err = ParseWindow(c.f.from, to); err != nil {
			return 0, false, err
		}
	}
	tc, err := c.d.clients.TogglFailFast(c.ctx, c.conn)
	if err != nil {
		return 0, false, err
	}
	est, err := EstimateRun(c.ctx, c.d.store, c.conn, tc, w, EstimateOptions{}, time.Now())
	if err != nil {
		return 0, false, err
	}
	mode := ModeRepair
	if c.f.checkOnly {
		mode = ModeCheck
		fmt.Fprint(c.out, "Drift check: compares and writes nothing.\n")
	}
	fmt.Fprint(c.out, est.Text())
	if c.f.planOnly {
		return 0, false, nil
	}
	runID, err = EnqueueMode(c.ctx, c.d.store, c.conn.ID, w, "cli", mode, est, time.Now())
	return runID, err == nil, err
}

// runHere executes the run in this process, printing progress, and its summary at the end.
func (c *cliRun) runHere(runID int64) error {
	fmt.Fprintf(c.out, "Running run %d here.\n", runID)
	done := make(chan struct{})
	var final Progress
	var runErr error
	go func() {
		defer close(done)
		final, runErr = c.svc.executeLocked(c.ctx, runID)
	}()
	follow(c.ctx, c.d, runID, c.out, c.hooks.follow, done)
	<-done
	if c.ctx.Err() != nil {
		fmt.Fprintf(c.out, "Stopped at the last checkpoint; run the command again to resume run %d.\n", runID)
		return nil
	}
	fmt.Fprint(c.out, final.Summary())
	if runErr != nil {
		return runErr
	}
	if final.Mode == ModeCheck {
		return printFindings(c.ctx, c.d.store, runID, c.out)
	}
	return nil
}

// follow prints a progress line whenever it changes until the run finishes, ctx ends or done
// closes.
func follow(ctx context.Context, d *cliDeps, runID int64, stdout io.Writer, every time.Duration, done <-chan struct{}) error {
	if every <= 0 {
		every = 2 * time.Second
	}
	last := ""
	for {
		p, err := Load(context.Background(), d.store, runID, time.Now())
		if err != nil {
			return err
		}
		if line := p.Line(); line != last {
			fmt.Fprintln(stdout, line)
			last = line
		}
		if p.Finished() || p.Waiting() {
			if done == nil {
				fmt.Fprint(stdout, p.Summary())
				if p.Mode == ModeCheck {
					return printFindings(ctx, d.store, runID, stdout)
				}
			}
			return nil
		}
		if done == nil {
			if alive, err := ServiceAlive(context.Background(), d.store, time.Now()); err == nil && !alive {
				return fmt.Errorf("the service stopped before finishing run %d; run the command with -here to continue it in this process", runID)
			}
		}
		select {
		case <-ctx.Done():
			return nil
		case <-done:
			return nil
		case <-time.After(every):
		}
	}
}

func pickConnection(ctx context.Context, conns *connection.Service, id int64) (*connection.Connection, error) {
	if id != 0 {
		return conns.Get(ctx, id)
	}
	all, err := conns.List(ctx)
	if err != nil {
		return nil, err
	}
	var usable []*connection.Connection
	for _, c := range all {
		if c.Status != "disconnected" {
			usable = append(usable, c)
		}
	}
	switch len(usable) {
	case 0:
		return nil, errors.New("there is no connection yet: connect Toggl and Attio in the console first")
	case 1:
		return usable[0], nil
	}
	msg := "several connections exist; choose one with -connection:"
	for _, c := range usable {
		msg += fmt.Sprintf("\n  %d  %s (%s)", c.ID, c.Name, c.Status)
	}
	return nil, errors.New(msg)
}
