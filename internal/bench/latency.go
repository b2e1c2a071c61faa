package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"toggl-attio-sync/internal/app"
	"toggl-attio-sync/internal/attiosim"
	"toggl-attio-sync/internal/config"
	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/loadgen"
	"toggl-attio-sync/internal/provision"
	"toggl-attio-sync/internal/toggl"
	"toggl-attio-sync/internal/togglsim"
)

// LatencyResult is the end-to-end cost of one Toggl change.
type LatencyResult struct {
	Events                 int
	P50, P99, Max          time.Duration
	AttioCallsPerEvent     float64
	AttioWritesPerEvent    float64
	TogglCallsPerEvent     float64
	SetupAttio, SetupToggl int64 // calls spent provisioning, excluded above
}

// written records when the emulator stored the entry of each Toggl time entry.
type written struct {
	mu sync.Mutex
	at map[int64]time.Time
}

// recordEntries wraps the Attio emulator: after a successful entry create it notes the time
// against the entry's toggl_time_entry_id.
func (w *written) recordEntries(next http.Handler) http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || !strings.HasSuffix(r.URL.Path, "/entries") {
			next.ServeHTTP(rw, r)
			return
		}
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		rec := &statusWriter{ResponseWriter: rw, status: 200}
		next.ServeHTTP(rec, r)
		if rec.status != 200 {
			return
		}
		var in struct {
			Data struct {
				EntryValues map[string][]struct {
					Value any `json:"value"`
				} `json:"entry_values"`
			} `json:"data"`
		}
		if json.Unmarshal(body, &in) == nil {
			if v := in.Data.EntryValues["toggl_time_entry_id"]; len(v) == 1 {
				if f, ok := v[0].Value.(float64); ok {
					w.mu.Lock()
					w.at[int64(f)] = time.Now()
					w.mu.Unlock()
				}
			}
		}
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (s *statusWriter) WriteHeader(code int) { s.status = code; s.ResponseWriter.WriteHeader(code) }

type counting struct {
	n    atomic.Int64
	next http.Handler
}

func (c *counting) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c.n.Add(1)
	c.next.ServeHTTP(w, r)
}

func serve(h http.Handler) (string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	return "http://" + ln.Addr().String(), func() { srv.Close() }, nil
}

// Latency creates events time entries in the Toggl emulator, one every 50 ms (20 per second, under Attio's 25 writes per second), and measures
// until each is written to the Attio emulator by the service, end to end over loopback:
// signed delivery, durable queue, worker, routing, Attio write.
func Latency(ctx context.Context, dir string, events int) (LatencyResult, error) {
	res := LatencyResult{Events: events}
	l := &latencyRun{ctx: ctx, rec: &written{at: map[int64]time.Time{}}}
	defer l.close()
	if err := l.startEmulators(); err != nil {
		return res, err
	}
	if err := l.startService(dir); err != nil {
		return res, err
	}
	if err := l.connect(); err != nil {
		return res, err
	}
	if err := l.warmUp(); err != nil {
		return res, err
	}
	res.SetupAttio, res.SetupToggl = l.as.Stats().Reads+l.as.Stats().Writes, l.togglCalls.n.Load()
	beforeStats := l.as.Stats()
	beforeToggl := l.togglCalls.n.Load()
	l.rec.mu.Lock()
	clear(l.rec.at)
	l.rec.mu.Unlock()

	started, err := l.createEntries(events)
	if err != nil {
		return res, err
	}
	if err := waitWritten(ctx, l.rec, events, time.Minute); err != nil {
		return res, err
	}
	lat := l.rec.latencies(started)
	after := l.as.Stats()
	res.P50, res.P99, res.Max = loadgen.Percentile(lat, 50), loadgen.Percentile(lat, 99), lat[len(lat)-1]
	res.AttioCallsPerEvent = float64((after.Reads+after.Writes)-(beforeStats.Reads+beforeStats.Writes)) / float64(events)
	res.AttioWritesPerEvent = float64(after.Writes-beforeStats.Writes) / float64(events)
	res.TogglCallsPerEvent = float64(l.togglCalls.n.Load()-beforeToggl) / float64(events)
	return res, nil
}

// latencyRun is the state of one latency measurement, shared by its steps.
type latencyRun struct {
	ctx        context.Context
	closers    []func() // undone in reverse order by close
	rec        *written
	ts         *togglsim.Sim
	as         *attiosim.Sim
	togglCalls *counting
	togglURL   string
	attioURL   string
	app        *app.App
	cfg        config.Config
}

func (l *latencyRun) close() {
	for i := len(l.closers) - 1; i >= 0; i-- {
		l.closers[i]()
	}
}

// startEmulators serves both emulators, counting the Toggl calls and recording the Attio
// entry writes.
func (l *latencyRun) startEmulators() error {
	loop := &http.Client{Timeout: 30 * time.Second}
	l.ts = togglsim.New(togglsim.Config{HTTPClient: loop, DisableLimits: true})
	l.as = attiosim.New(attiosim.Config{HTTPClient: loop, Deliveries: attiosim.Deliveries{AllowHTTP: true}})
	l.closers = append(l.closers, l.ts.Close, l.as.Close)
	togglsim.Seed(l.ts, time.Now())
	attiosim.Seed(l.as)
	l.togglCalls = &counting{next: l.ts}
	var stopT, stopA func()
	var err error
	if l.togglURL, stopT, err = serve(l.togglCalls); err != nil {
		return err
	}
	l.closers = append(l.closers, stopT)
	if l.attioURL, stopA, err = serve(l.rec.recordEntries(l.as)); err != nil {
		return err
	}
	l.closers = append(l.closers, stopA)
	return nil
}

// startService runs the service in this process on a free loopback port, its data in dir.
func (l *latencyRun) startService(dir string) error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	env := map[string]string{"DATA_DIR": dir, "LISTEN_ADDR": ln.Addr().String(), "LOG_LEVEL": "error", "TOGGL_API_URL": l.togglURL, "ATTIO_API_URL": l.attioURL}
	if l.cfg, err = config.Load(nil, func(k string) string { return env[k] }); err != nil {
		return err
	}
	if l.app, err = app.New(l.ctx, l.cfg, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		return err
	}
	sctx, cancel := context.WithCancel(l.ctx)
	done := make(chan struct{})
	go func() { l.app.Serve(sctx, ln); close(done) }()
	l.closers = append(l.closers, func() { cancel(); <-done })
	return nil
}

// connect runs the console's connect sequence. Without an https PUBLIC_URL it cannot make
// the Attio webhook, which this measurement does not need.
func (l *latencyRun) connect() error {
	clients := connection.NewClients(l.app.Conns, connection.ClientsConfig{TogglURL: l.togglURL, AttioURL: l.attioURL, TogglOptions: unpaced})
	connected, err := provision.Connect(l.ctx, provision.ConnectDeps{Conns: l.app.Conns, Toggl: clients.TogglForToken, Attio: clients.AttioForToken,
		PublicURL: l.cfg.PublicURL.String()}, provision.ConnectInput{Name: "bench", TogglToken: togglsim.SeedAdaToken, AttioToken: attiosim.SeedToken, TogglWorkspaceID: togglsim.SeedWorkspaceID})
	if err == nil {
		err = connected.InboundErr()
	}
	if err != nil {
		return fmt.Errorf("connect: %s", provision.Explain(err))
	}
	return nil
}

// warmUp sends one event through: the first event of a project reads its Attio Project once
// (then cached).
func (l *latencyRun) warmUp() error {
	if _, err := l.ts.CreateTimeEntry(togglsim.SeedAdaToken, togglsim.SeedWorkspaceID, entryBody(-1)); err != nil {
		return err
	}
	return waitWritten(l.ctx, l.rec, 1, 30*time.Second)
}

// createEntries creates events time entries in the Toggl emulator, one every 50 ms, and
// returns when each was created, by Toggl ID.
func (l *latencyRun) createEntries(events int) (map[int64]time.Time, error) {
	started := map[int64]time.Time{}
	for i := range events {
		t0 := time.Now()
		te, err := l.ts.CreateTimeEntry(togglsim.SeedAdaToken, togglsim.SeedWorkspaceID, entryBody(i))
		if err != nil {
			return nil, err
		}
		started[te.ID] = t0
		time.Sleep(50 * time.Millisecond)
	}
	return started, nil
}

// latencies are, sorted, the times from each start to its entry's write in Attio.
func (w *written) latencies(started map[int64]time.Time) []time.Duration {
	var lat []time.Duration
	w.mu.Lock()
	for id, t0 := range started {
		if t1, ok := w.at[id]; ok {
			lat = append(lat, t1.Sub(t0))
		}
	}
	w.mu.Unlock()
	slices.Sort(lat)
	return lat
}

func entryBody(i int) map[string]any {
	start := time.Now().Add(-time.Hour).UTC().Truncate(time.Second)
	return map[string]any{"created_with": "bench", "workspace_id": togglsim.SeedWorkspaceID, "project_id": 20300001,
		"start": start.Format(time.RFC3339), "duration": 1800, "description": fmt.Sprintf("bench entry %d", i), "billable": true}
}

func waitWritten(ctx context.Context, rec *written, n int, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		rec.mu.Lock()
		got := len(rec.at)
		rec.mu.Unlock()
		if got >= n {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Millisecond):
		}
	}
	return fmt.Errorf("only some of %d events reached Attio within %s", n, limit)
}

// unpaced: the Toggl emulator runs without limits here, so its clients keep no pace of their own.
func unpaced(o *toggl.Options) { o.Registry = toggl.NewRegistry(0, 1) }
