package bench

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

// Options size one benchmark run.
type Options struct {
	Requests    int
	Concurrency int
	Events      int // time entries for the end-to-end latency
	WorkDir     string
	// Service starts the service for the start-to-ready figure (env is added); nil: this
	// executable with no arguments.
	Service func() *exec.Cmd
}

// Report is everything one run measured.
type Report struct {
	Machine        string
	Ack            AckResult
	AckNormal      AckResult // synchronous=NORMAL, for the durability trade-off
	Latency        LatencyResult
	StartToReady   time.Duration
	PeakRSSKiB     int64
	Command        string
	Took           time.Duration
	LatencySkipped string
}

// Run measures everything and returns the report.
func Run(ctx context.Context, o Options, progress io.Writer) (Report, error) {
	start := time.Now()
	r := Report{Machine: machine(), Command: "make bench"}
	dir := o.WorkDir
	var err error
	fmt.Fprintln(progress, "bench: ack throughput, bare Fiber vs service (synchronous=FULL)")
	if r.Ack, err = Ack(ctx, filepath.Join(dir, "ack-full"), o.Requests, o.Concurrency); err != nil {
		return r, err
	}
	fmt.Fprintln(progress, "bench: ack throughput with synchronous=NORMAL")
	if r.AckNormal, err = ackWith(ctx, filepath.Join(dir, "ack-normal"), o.Requests, o.Concurrency, "NORMAL"); err != nil {
		return r, err
	}
	fmt.Fprintln(progress, "bench: Toggl event → Attio write latency against the emulators")
	if r.Latency, err = Latency(ctx, filepath.Join(dir, "latency"), o.Events); err != nil {
		return r, err
	}
	fmt.Fprintln(progress, "bench: start-to-ready")
	if r.StartToReady, err = startToReady(ctx, filepath.Join(dir, "start"), o.Service); err != nil {
		return r, err
	}
	r.PeakRSSKiB = peakRSS()
	r.Took = time.Since(start)
	return r, nil
}

func ackWith(ctx context.Context, dir string, requests, concurrency int, synchronous string) (AckResult, error) {
	res := AckResult{Requests: requests, Concurrency: concurrency}
	_, url, conn, stop, err := serviceOnly(ctx, dir, synchronous)
	if err != nil {
		return res, err
	}
	defer stop()
	res.Service, err = runLoad(ctx, url+"/webhooks/toggl/"+conn.Slug, requests, concurrency)
	return res, err
}

// startToReady runs this binary as the service on a fresh DATA_DIR and times until /readyz
// answers 200.
func startToReady(ctx context.Context, dir string, service func() *exec.Cmd) (time.Duration, error) {
	var cmd *exec.Cmd
	if service != nil {
		cmd = service()
	} else {
		exe, err := os.Executable()
		if err != nil {
			return 0, err
		}
		cmd = exec.CommandContext(ctx, exe)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd.Env = append(append(os.Environ(), cmd.Env...), "DATA_DIR="+dir, "LISTEN_ADDR="+addr, "LOG_LEVEL=error")
	t0 := time.Now()
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	for time.Since(t0) < 30*time.Second {
		resp, err := http.Get("http://" + addr + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return time.Since(t0), nil
			}
		}
		time.Sleep(2 * time.Millisecond)
	}
	return 0, fmt.Errorf("service not ready after 30 s")
}

// peakRSS is this process's high-water resident set (VmHWM), which includes the service
// under load since it runs in-process.
func peakRSS() int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if v, ok := strings.CutPrefix(s.Text(), "VmHWM:"); ok {
			var kib int64
			fmt.Sscan(strings.TrimSuffix(strings.TrimSpace(v), " kB"), &kib)
			return kib
		}
	}
	return 0
}

func machine() string {
	model := "unknown CPU"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(line, "model name"); ok {
				model = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(v), ":"))
				break
			}
		}
	}
	mem := ""
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		var kib int64
		fmt.Sscanf(strings.SplitN(string(b), "\n", 2)[0], "MemTotal: %d kB", &kib)
		mem = fmt.Sprintf(", %.0f GiB RAM", float64(kib)/1024/1024)
	}
	return fmt.Sprintf("%s, %d CPUs%s, %s %s/%s", model, runtime.NumCPU(), mem, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}
