// Command toggl-attio-sync keeps Attio in step with Toggl Track. See README.md.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"
	_ "time/tzdata" // time zones inside the binary: the image is FROM scratch

	_ "golang.org/x/crypto/x509roots/fallback" // CA roots, used only where the system has none

	"toggl-attio-sync/internal/app"
	"toggl-attio-sync/internal/backup"
	"toggl-attio-sync/internal/bench"
	"toggl-attio-sync/internal/buildinfo"
	"toggl-attio-sync/internal/chaos"
	"toggl-attio-sync/internal/config"
	"toggl-attio-sync/internal/demo"
	"toggl-attio-sync/internal/healthcheck"
	"toggl-attio-sync/internal/resync"
	"toggl-attio-sync/internal/simserver"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "toggl-attio-sync:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if len(args) > 0 {
		switch args[0] {
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
