package app

import (
	"context"
	"io"

	"toggl-attio-sync/internal/config"
)

// Run is the service's main: config from args and the environment, listen, serve until ctx
// ends. main.go and the crash tests (which run the service as a child process) share it.
func Run(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer) error {
	cfg, err := config.Load(args, getenv)
	if err != nil {
		return err
	}
	logger := NewLogger(stderr, cfg.LogFormat, cfg.LogLevel)
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
