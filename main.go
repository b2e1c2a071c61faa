// Command toggl-attio-sync keeps Attio in step with Toggl Track. See README.md.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"
	_ "time/tzdata" // time zones inside the binary: the image is FROM scratch

	_ "golang.org/x/crypto/x509roots/fallback" // CA roots, used only where the system has none

	"toggl-attio-sync/internal/app"
	"toggl-attio-sync/internal/backup"
	"toggl-attio-sync/internal/bench"
	"toggl-attio-sync/internal/buildinfo"
	"toggl-attio-sync/internal/chaos"
	"toggl-attio-sync/internal/cli"
	"toggl-attio-sync/internal/config"
	"toggl-attio-sync/internal/demo"
	"toggl-attio-sync/internal/healthcheck"
	"toggl-attio-sync/internal/resync"
	"toggl-attio-sync/internal/simserver"
)

const usage = `toggl-attio-sync keeps Attio in step with Toggl Track.

usage: toggl-attio-sync [command] [flags]

commands:
  serve         run the service: console, webhooks, workers (the default)
  sim           run the Toggl and Attio emulators on loopback, to try the service without accounts
  resync        backfill or reconcile a window of time entries (hands the run to a running service)
  backup FILE   write a consistent copy of the database while the service runs
  restore FILE  put a backup back while the service is stopped
  healthcheck   exit 0 when the service on LISTEN_ADDR is ready (for container health checks)
  version       print version, commit and commit time
  bench         measure this machine and write docs/BENCHMARKS.md
  chaos         run the fault suite and write docs/CHAOS.md
  help          this text

toggl-attio-sync COMMAND -h describes a command's flags.
`

// commands names what run dispatches, for the one-line answer to an unknown command.
const commands = "serve, sim, resync, backup, restore, healthcheck, version, bench, chaos, help"

func main() {
	err := run(os.Args[1:])
	var help *cli.HelpError
	switch {
	case errors.As(err, &help):
		fmt.Print(help.Text)
	case errors.Is(err, cli.ErrHelp):
	case err != nil:
		fmt.Fprintln(os.Stderr, "toggl-attio-sync:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if len(args) > 0 {
		switch args[0] {
		case "-h", "-help", "--help", "help":
			_, err := config.Load([]string{"-h"}, os.Getenv)
			var serve *cli.HelpError
			if errors.As(err, &serve) {
				fmt.Print(usage + "\n" + serve.Text)
			}
			return nil
		case "serve":
			args = args[1:]
		case "sim":
			return simserver.Run(ctx, args[1:], os.Stdout)
		case "bench":
			return bench.Main(ctx, args[1:], os.Stdout)
		case "chaos":
			return chaos.Main(ctx, args[1:], os.Stdout)
		case "resync":
			return resync.Main(ctx, args[1:], os.Stdout)
		case "backup":
			return backup.Backup(ctx, args[1:], os.Getenv, os.Stdout)
		case "restore":
			return backup.Restore(ctx, args[1:], os.Getenv, os.Stdout, time.Now())
		case "healthcheck":
			return healthcheck.Main(ctx, args[1:], os.Getenv, os.Stdout)
		case "version":
			fmt.Println(buildinfo.Read())
			return nil
		default:
			if !strings.HasPrefix(args[0], "-") {
				return fmt.Errorf("unknown command %q; commands: %s (toggl-attio-sync help)", args[0], commands)
			}
		}
	}
	cfg, err := config.Load(args, os.Getenv)
	if err != nil {
		return err
	}
	logger := app.NewLogger(os.Stderr, cfg.LogFormat, cfg.LogLevel)
	if cfg.Demo {
		return demo.Run(ctx, cfg, logger)
	}
	return app.RunConfig(ctx, cfg, logger)
}
