package app

import (
	"context"
	"io"
	"log/slog"

	"toggl-attio-sync/internal/config"
)

// Run is the service's main: config from args and the environment, listen, serve until ctx
// ends. The crash tests, which run the service as a child process, call it too.
func Run(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer) error {
	cfg, err := config.Load(args, getenv)
	if err != nil {
		return err
	}
	return RunConfig(ctx, cfg, NewLogger(stderr, cfg.LogFormat, cfg.LogLevel))
}

// RunConfig listens on cfg.ListenAddr and serves until ctx ends.
func RunConfig(ctx context.Context, cfg config.Config, logger *slog.Logger) error {
	ln, err := Listen(cfg.ListenAddr)
	if err != nil {
		return err
	}
	a, err := New(ctx, cfg, logger)
	if err != nil {
		ln.Close()
		return err
	}
	return a.Serve(ctx, ln)
}
