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

func runCLI(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer, hooks cliHooks) error {
	fs := flag.NewFlagSet("resync", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	connID := fs.Int64("connection", 0, "")
	from := fs.String("from", "", "")
	to := fs.String("to", "", "")
	days := fs.Int("days", 30, "")
	planOnly := fs.Bool("plan", false, "")
	here := fs.Bool("here", false, "")
	cancelRun := fs.Int64("cancel", 0, "")
	checkOnly := fs.Bool("check", false, "")
	confirmRun := fs.Int64("confirm", 0, "")
	declineRun := fs.Int64("decline", 0, "")
	workers := fs.Int("workers", 0, "")
	var cfgArgs []string
	for _, name := range []string{"data-dir", "toggl-api-url", "attio-api-url", "log-level"} {
		fs.Func(name, "", func(v string) error { cfgArgs = append(cfgArgs, "-"+name, v); return nil })
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, cliUsage)
			return cli.ErrHelp
		}
		return fmt.Errorf("resync: %v (flags: %s; -h for help)", err, cli.Names(fs))
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("resync: unexpected argument %q (flags: %s; -h for help)", fs.Arg(0), cli.Names(fs))
	}
	cfg, err := config.Load(cfgArgs, getenv)
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
	now := time.Now

	if *cancelRun != 0 {
		if err := Cancel(ctx, d.store, *cancelRun, now()); err != nil {
			return err
		}
		p, err := Load(ctx, d.store, *cancelRun, now())
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "run %d: %s\n", p.RunID, p.Status)
		return nil
	}

	if *confirmRun != 0 || *declineRun != 0 {
		id := max(*confirmRun, *declineRun)
		if err := Answer(ctx, d.store, id, *confirmRun != 0, now()); err != nil {
			return fmt.Errorf("run %d: %w", id, err)
		}
		fmt.Fprintf(stdout, "run %d: queued again; it resumes at its deletions (run the command to follow it)\n", id)
		return nil
	}

	conn, err := pickConnection(ctx, d.conns, *connID)
	if err != nil {
		return err
	}
	svc := &Service{Store: d.store, Conns: d.conns, Inbound: d.inbound, Toggl: d.clients.TogglFailFast, Logger: logger, Workers: *workers}
	if hooks.service != nil {
		hooks.service(svc)
	}

	alive, err := ServiceAlive(ctx, d.store, now())
	if err != nil {
		return err
	}
	if hooks.looked != nil {
		hooks.looked()
	}
	if *here && alive && !*planOnly {
		// Two processes applying entries at once could both create the same Attio entry: the
		// per-entry guard is in-process. The running service executes the run instead.
		return errors.New("the service is running on this DATA_DIR and executes resyncs itself; run the command without -here")
	}
	local := *here || !alive
	if local && !*planOnly {
		// Claimed before the run is queued, so a service polling for runs cannot take it.
		if err := svc.claim(ctx, conn.ID); err != nil {
			return fmt.Errorf("connection %d: %w", conn.ID, err)
		}
		// A service that started since the look above applies deliveries beside this run
		// unless it saw the claim; one that took the service lock before the claim may not
		// have (see ApplyGate), so look again now that the claim is stored.
		if alive, err = ServiceAlive(ctx, d.store, now()); err != nil || alive {
			svc.release(conn.ID)
			if err != nil {
				return err
			}
			if *here {
				return errors.New("the service started on this DATA_DIR and executes resyncs itself; run the command without -here")
			}
			local = false
		} else {
			defer svc.release(conn.ID)
		}
	}
	active, ok, err := Active(ctx, d.store, conn.ID, now())
	if err != nil {
		return err
	}
	runID := active.RunID
	switch {
	case ok && (*planOnly || active.Waiting()):
		fmt.Fprintf(stdout, "Run %d (%s) has not finished:\n%s\n", runID, active.Window, active.Line())
		if active.Waiting() {
			fmt.Fprint(stdout, active.Summary())
		}
		return nil
	case ok:
		fmt.Fprintf(stdout, "Resuming run %d (%s, %s) from its checkpoint.\n", runID, active.Window, active.Status)
	default:
		w := LastDays(*days, now())
		if *from != "" {
			if *to == "" {
				*to = now().UTC().Format(time.DateOnly)
			}
			if w, err = ParseWindow(*from, *to); err != nil {
				return err
			}
		}
		tc, err := d.clients.TogglFailFast(ctx, conn)
		if err != nil {
			return err
		}
		est, err := EstimateRun(ctx, d.store, conn, tc, w, EstimateOptions{}, now())
		if err != nil {
			return err
		}
		mode := ModeRepair
		if *checkOnly {
			mode = ModeCheck
			fmt.Fprint(stdout, "Drift check: compares and writes nothing.\n")
		}
		fmt.Fprint(stdout, est.Text())
		if *planOnly {
			return nil
		}
		if runID, err = EnqueueMode(ctx, d.store, conn.ID, w, "cli", mode, est, now()); err != nil {
			return err
		}
	}

	if !local {
		fmt.Fprintf(stdout, "The running service executes run %d; following its progress (interrupting stops following, not the run).\n", runID)
		return follow(ctx, d, runID, stdout, hooks.follow, nil)
	}
	fmt.Fprintf(stdout, "Running run %d here.\n", runID)
	done := make(chan struct{})
	var final Progress
	var runErr error
	go func() {
		defer close(done)
		final, runErr = svc.executeLocked(ctx, runID)
	}()
	follow(ctx, d, runID, stdout, hooks.follow, done)
	<-done
	if ctx.Err() != nil {
		fmt.Fprintf(stdout, "Stopped at the last checkpoint; run the command again to resume run %d.\n", runID)
		return nil
	}
	if runErr != nil {
		fmt.Fprint(stdout, final.Summary())
		return runErr
	}
	fmt.Fprint(stdout, final.Summary())
	if final.Mode == ModeCheck {
		if err := printFindings(ctx, d.store, runID, stdout); err != nil {
			return err
		}
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
