package main

import (
	"bytes"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestMain lets the tests run this binary's real main() as a child process.
func TestMain(m *testing.M) {
	if os.Getenv("TAS_MAIN_CHILD") == "1" {
		os.Args = os.Args[:1] // drop the test flags: main sees a plain start
		if a := os.Getenv("TAS_MAIN_ARGS"); a != "" {
			os.Args = append(os.Args, strings.Split(a, "\x1f")...)
		}
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func child(env ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), append([]string{"TAS_MAIN_CHILD=1"}, env...)...)
	return cmd
}

// Bad configuration stops the program with one clear line and a non-zero exit.
func TestBadConfigExitsWithOneLine(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, []byte("x"), 0o600)
	cases := []struct {
		name string
		env  []string
		want string
	}{
		{"listen nonsense", []string{"LISTEN_ADDR=nonsense"}, `LISTEN_ADDR "nonsense" is not host:port`},
		{"data dir under a file", []string{"LISTEN_ADDR=127.0.0.1:0", "DATA_DIR=" + filepath.Join(file, "data")}, "DATA_DIR"},
		{"bad secret key", []string{"LISTEN_ADDR=127.0.0.1:0", "DATA_DIR=" + t.TempDir(), "SECRET_KEY=short"}, "SECRET_KEY must be 32 bytes"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var stderr bytes.Buffer
			cmd := child(c.env...)
			cmd.Stderr = &stderr
			err := cmd.Run()
			if code := cmd.ProcessState.ExitCode(); err == nil || code == 0 {
				t.Fatalf("exit code %d", code)
			}
			out := strings.TrimSpace(stderr.String())
			if strings.Count(out, "\n") != 0 || !strings.Contains(out, c.want) {
				t.Fatalf("stderr is not one line saying %q:\n%s", c.want, out)
			}
		})
	}
}

// From a fresh DATA_DIR the service answers /healthz and renders the first-run page.
func TestFreshStartServesFirstRunPage(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := child("LISTEN_ADDR="+addr, "DATA_DIR="+filepath.Join(t.TempDir(), "data"), "LOG_LEVEL=error")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Signal(os.Interrupt); cmd.Wait() }()
	var resp *http.Response
	for range 600 { // bounded wait for the child to listen; not a speed assertion
		if resp, err = http.Get("http://" + addr + "/healthz"); err == nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("/healthz: %d", resp.StatusCode)
	}
	resp, err = http.Get("http://" + addr + "/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "This is the first run") {
		t.Fatalf("GET / after redirects: %d\n%s", resp.StatusCode, body)
	}
}

// runChild runs main with args and env and returns its exit code, stdout and stderr.
func runChild(t *testing.T, args []string, env ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	cmd := child(append(env, "TAS_MAIN_ARGS="+strings.Join(args, "\x1f"))...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.Run()
	return cmd.ProcessState.ExitCode(), stdout.String(), stderr.String()
}

// The operations commands against a running service: version, healthcheck (what a
// container's HEALTHCHECK runs), backup while it runs, restore refused until it stops.
func TestOperationsCommands(t *testing.T) {
	if code, out, _ := runChild(t, []string{"version"}); code != 0 || !strings.HasPrefix(out, "toggl-attio-sync ") || !strings.Contains(out, "commit ") {
		t.Fatalf("version: exit %d, %q", code, out)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	dataDir := filepath.Join(t.TempDir(), "data")
	env := []string{"LISTEN_ADDR=" + addr, "DATA_DIR=" + dataDir, "LOG_LEVEL=error"}
	if code, _, stderr := runChild(t, []string{"healthcheck"}, env...); code == 0 || strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
		t.Fatalf("healthcheck with no service: exit %d, stderr %q", code, stderr)
	}
	svc := child(env...)
	if err := svc.Start(); err != nil {
		t.Fatal(err)
	}
	stopped := false
	stop := func() {
		if !stopped {
			svc.Process.Signal(os.Interrupt)
			svc.Wait()
			stopped = true
		}
	}
	defer stop()
	ready := false
	for range 600 { // bounded wait for the child to be ready; not a speed assertion
		if code, _, _ := runChild(t, []string{"healthcheck"}, env...); code == 0 {
			ready = true
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if !ready {
		t.Fatal("healthcheck never passed against the running service")
	}
	resp, err := http.Get("http://" + addr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	metrics, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(metrics), `tas_build_info{build_time="`) {
		t.Fatalf("/metrics has no tas_build_info:\n%.2000s", metrics)
	}
	file := filepath.Join(t.TempDir(), "backup.db")
	if code, out, stderr := runChild(t, []string{"backup", "-data-dir", dataDir, file}, "LOG_LEVEL=error"); code != 0 || !strings.Contains(out, "integrity ok") || !strings.Contains(out, "secret.key") {
		t.Fatalf("backup while running: exit %d\n%s%s", code, out, stderr)
	}
	if code, _, stderr := runChild(t, []string{"restore", "-data-dir", dataDir, file}); code == 0 || !strings.Contains(stderr, "stop the service first") && !strings.Contains(stderr, "the service is running") {
		t.Fatalf("restore beside a running service: exit %d, %q", code, stderr)
	}
	stop()
	if code, out, stderr := runChild(t, []string{"restore", "-data-dir", dataDir, file}); code != 0 || !strings.Contains(out, "kept as") {
		t.Fatalf("restore after stop: exit %d\n%s%s", code, out, stderr)
	}
	if code, out, _ := runChild(t, []string{"backup", "-h"}); code != 0 || !strings.Contains(out, "usage: toggl-attio-sync backup") {
		t.Fatalf("backup -h: exit %d, %q", code, out)
	}
}

// -h, --help and help print usage and succeed; each command's -h too; an unknown command or
// flag is one line saying what exists.
func TestCommandLineHelp(t *testing.T) {
	for _, args := range [][]string{{"-h"}, {"--help"}, {"help"}} {
		code, out, stderr := runChild(t, args)
		if code != 0 || stderr != "" || !strings.Contains(out, "commands:") || !strings.Contains(out, "-listen") || !strings.Contains(out, "LISTEN_ADDR") || !strings.Contains(out, "(default 127.0.0.1:8080)") {
			t.Fatalf("%v: exit %d\n%s%s", args, code, out, stderr)
		}
	}
	for _, cmd := range []string{"serve", "sim", "resync", "bench", "chaos", "backup", "restore"} {
		code, out, stderr := runChild(t, []string{cmd, "-h"})
		if code != 0 || !strings.Contains(out, "usage: toggl-attio-sync") {
			t.Fatalf("%s -h: exit %d\n%s%s", cmd, code, out, stderr)
		}
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"bogus"}, `unknown command "bogus"; commands: serve, sim`},
		{[]string{"-bogus"}, "flag provided but not defined: -bogus (flags: -attio-api-url"},
		{[]string{"bench", "-bogus"}, "bench: flag provided but not defined: -bogus (flags: -concurrency"},
	} {
		code, _, stderr := runChild(t, c.args)
		if code == 0 || strings.Count(strings.TrimSpace(stderr), "\n") != 0 || !strings.Contains(stderr, c.want) {
			t.Fatalf("%v: exit %d, stderr %q", c.args, code, stderr)
		}
	}
}
