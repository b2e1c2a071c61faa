package bench

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"toggl-attio-sync/internal/cli"
)

// Main is the `bench` subcommand.
func Main(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	out := fs.String("out", "docs/BENCHMARKS.md", "file to write")
	requests := fs.Int("requests", 20000, "signed deliveries per ack run")
	concurrency := fs.Int("concurrency", 32, "concurrent connections")
	events := fs.Int("events", 200, "time entries for the end-to-end latency")
	if err := cli.Parse(fs, args, "usage: toggl-attio-sync bench [flags]\n\nMeasures webhook acknowledgement, event → Attio latency and resync pacing on this machine\nagainst both emulators, and writes the figures as Markdown.", stdout); err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "tas-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	r, err := Run(ctx, Options{Requests: *requests, Concurrency: *concurrency, Events: *events, WorkDir: dir}, stdout)
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	r.Command = fmt.Sprintf("go run . bench -requests %d -concurrency %d -events %d", *requests, *concurrency, *events)
	if err := os.MkdirAll(filepath.Dir(*out), 0o755); err != nil {
		return err
	}
	md := r.Markdown(time.Now())
	fmt.Fprint(stdout, md)
	return os.WriteFile(*out, []byte(md), 0o644)
}
