package chaos

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"toggl-attio-sync/internal/cli"
)

// Main is the `chaos` subcommand (`make chaos`): a larger run of the suite against this
// binary as the service, writing its counts to docs/CHAOS.md.
func Main(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("chaos", flag.ContinueOnError)
	entries := fs.Int("entries", 1000, "time entries (two events each)")
	kills := fs.Int("kills", 5, "SIGKILLs during the load")
	seed := fs.Uint64("seed", uint64(time.Now().UnixNano()), "randomness of kill moments, copies and order")
	out := fs.String("out", "docs/CHAOS.md", "file to write")
	if err := cli.Parse(fs, args, "usage: toggl-attio-sync chaos [flags]\n\nThe fault suite: time entries sent 1-3 times shuffled, the service SIGKILLed under load,\nAttio failing; counts what was lost or applied twice and writes the report as Markdown.", stdout); err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "tas-chaos-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	start := time.Now()
	res, err := Run(ctx, Options{Entries: *entries, Kills: *kills, Seed: *seed, WorkDir: dir,
		Logf: func(f string, a ...any) { fmt.Fprintf(stdout, f+"\n", a...) }, DrainWithin: 10 * time.Minute})
	if err != nil {
		return fmt.Errorf("chaos: %w", err)
	}
	md := fmt.Sprintf(`# Fault suite

Run %s on %d CPUs (%s), seed %d, in %s.
Reproduce with `+"`go run . chaos -entries %d -kills %d -seed %d`"+` (or `+"`make chaos`"+`); `+"`make test`"+` runs a
smaller one (60 entries, 5 kills) in `+"`internal/chaos`"+`.

The service runs as a child process and is killed with SIGKILL at a random point of each fifth of
the load, then restarted on the same database. The driver delivers signed Toggl webhooks: every
time entry as a created and an updated event, each sent 1–3 times, all shuffled, from 8
concurrent senders, and sends again whatever was not acknowledged (as Toggl retries). Attio
answers 30%% of list writes with 503 and 10%% with 429, and adds latency to half of all calls,
until the queue is drained. The counts come from the Attio emulator's own state.

| sent | events | acknowledged | applied | lost | duplicated | stale (not the latest version) | SIGKILLs | Attio faults answered |
| --- | --- | --- | --- | --- | --- | --- | --- | --- |
| %d | %d | %d | %d | %d | %d | %d | %d | %d |
`, start.UTC().Format("2006-01-02 15:04 UTC"), runtime.NumCPU(), runtime.Version(), *seed, time.Since(start).Round(time.Second),
		*entries, *kills, *seed,
		res.Sent, res.Events, res.Acknowledged, res.Applied, res.Lost, res.Duplicated, res.Stale, res.Kills, res.AttioFaults)
	fmt.Fprint(stdout, md)
	if err := os.MkdirAll(filepath.Dir(*out), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(*out, []byte(md), 0o644); err != nil {
		return err
	}
	if res.Lost+res.Duplicated+res.Stale > 0 || res.Acknowledged != res.Events {
		return fmt.Errorf("chaos: lost %d, duplicated %d, stale %d, acknowledged %d of %d", res.Lost, res.Duplicated, res.Stale, res.Acknowledged, res.Events)
	}
	return nil
}
