package testrig

import (
	"context"
	"os"
	"os/exec"
	"os/signal"
	"syscall"

	"toggl-attio-sync/internal/app"
)

const childEnv = "TAS_SERVICE_CHILD"

// RunServiceChild makes a test binary double as the service: call it first in TestMain.
// When the binary was started by ServiceChild it runs the service until SIGTERM and exits;
// otherwise it returns and the tests run.
func RunServiceChild() {
	if os.Getenv(childEnv) != "1" {
		return
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	if err := app.Run(ctx, nil, os.Getenv, os.Stderr); err != nil {
		os.Exit(1)
	}
	os.Exit(0)
}

// ServiceChild is a command that starts this test binary as the service (configure it with
// environment variables added to cmd.Env), so crash tests can SIGKILL a real process without
// building another binary.
func ServiceChild() *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = []string{childEnv + "=1"}
	return cmd
}
