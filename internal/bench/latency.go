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
	loop := &http.Client{Timeout: 30 * time.Second}
	ts := togglsim.New(togglsim.Config{HTTPClient: loop, DisableLimits: true})
	as := attiosim.New(attiosim.Config{HTTPClient: loop, Deliveries: attiosim.Deliveries{AllowHTTP: true}})
	defer ts.Close()
	defer as.Close()
	togglsim.Seed(ts, time.Now())
	attiosim.Seed(as)
	rec := &written{at: map[int64]time.Time{}}
	togglCalls := &counting{next: ts}
	togglURL, stopT, err := serve(togglCalls)
	if err != nil {
		return res, err
	}
	defer stopT()
	attioURL, stopA, err := serve(rec.recordEntries(as))
	if err != nil {
		return res, err
	}
	defer stopA()

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return res, err
	}
	env := map[string]string{"DATA_DIR": dir, "LISTEN_ADDR": ln.Addr().String(), "LOG_LEVEL": "error", "TOGGL_API_URL": togglURL, "ATTIO_API_URL": attioURL}
	cfg, err := config.Load(nil, func(k string) string { return env[k] })
	if err != nil {
		return res, err
	}
	a, err := app.New(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return res, err
	}
	sctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { a.Serve(sctx, ln); close(done) }()
	defer func() { cancel(); <-done }()

	// The console's connect sequence. Without an https PUBLIC_URL it cannot make the Attio
	// webhook, which this measurement does not need.
	clients := connection.NewClients(a.Conns, connection.ClientsConfig{TogglURL: togglURL, AttioURL: attioURL, TogglOptions: unpaced})
	wid := togglsim.SeedWorkspaceID
	connected, err := provision.Connect(ctx, provision.ConnectDeps{Conns: a.Conns, Toggl: clients.TogglForToken, Attio: clients.AttioForToken,
		PublicURL: cfg.PublicURL.String()}, provision.ConnectInput{Name: "bench", TogglToken: togglsim.SeedAdaToken, AttioToken: attiosim.SeedToken, TogglWorkspaceID: wid})
	if err == nil {
		err = connected.InboundErr()
	}
	if err != nil {
		return res, fmt.Errorf("connect: %s", provision.Explain(err))
	}
	// Warm-up: the first event of a project reads its Attio Project once (then cached).
	if _, err := ts.CreateTimeEntry(togglsim.SeedAdaToken, wid, entryBody(-1)); err != nil {
		return res, err
	}
	if err := waitWritten(ctx, rec, 1, 30*time.Second); err != nil {
		return res, err
	}
	res.SetupAttio, res.SetupToggl = as.Stats().Reads+as.Stats().Writes, togglCalls.n.Load()
	beforeStats := as.Stats()
	beforeToggl := togglCalls.n.Load()
	rec.mu.Lock()
	clear(rec.at)
	rec.mu.Unlock()

	started := map[int64]time.Time{}
	for i := range events {
		t0 := time.Now()
		te, err := ts.CreateTimeEntry(togglsim.SeedAdaToken, wid, entryBody(i))
		if err != nil {
			return res, err
		}
		started[te.ID] = t0
		time.Sleep(50 * time.Millisecond)
	}
	if err := waitWritten(ctx, rec, events, time.Minute); err != nil {
		return res, err
	}
	var lat []time.Duration
	rec.mu.Lock()
	for id, t0 := range started {
		if t1, ok := rec.at[id]; ok {
			lat = append(lat, t1.Sub(t0))
		}
	}
	rec.mu.Unlock()
	slices.Sort(lat)
	after := as.Stats()
	res.P50, res.P99, res.Max = loadgen.Percentile(lat, 50), loadgen.Percentile(lat, 99), lat[len(lat)-1]
	res.AttioCallsPerEvent = float64((after.Reads+after.Writes)-(beforeStats.Reads+beforeStats.Writes)) / float64(events)
	res.AttioWritesPerEvent = float64(after.Writes-beforeStats.Writes) / float64(events)
	res.TogglCallsPerEvent = float64(togglCalls.n.Load()-beforeToggl) / float64(events)
	return res, nil
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
