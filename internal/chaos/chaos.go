// Package chaos is the fault suite (`make chaos`, and a smaller run in `make test`): the
// service runs as a child process and is killed with SIGKILL at random moments while our
// driver delivers signed Toggl webhooks (each up to three times, out of order) and Attio
// answers 5xx and 429 with added latency. Afterwards every acknowledged event must be in
// Attio exactly once, with the latest version of each time entry, counted against the Attio
// emulator's own state.
package chaos

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"toggl-attio-sync/internal/attiosim"
	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/provision"
	"toggl-attio-sync/internal/secrets"
	"toggl-attio-sync/internal/signature"
	"toggl-attio-sync/internal/store"
	"toggl-attio-sync/internal/toggl"
	"toggl-attio-sync/internal/togglsim"
)

// Options size one run.
type Options struct {
	Entries     int              // distinct time entries; each gets a created and an updated event
	Kills       int              // SIGKILLs during the load
	Seed        uint64           // randomness of kill moments, copies and order
	WorkDir     string           // DATA_DIR of the service lives here
	Service     func() *exec.Cmd // starts the service (env is added); nil: this executable
	Logf        func(format string, args ...any)
	DrainWithin time.Duration // how long the queue may take to drain at the end (0: 3 minutes)
}

// Result are the suite's counts.
type Result struct {
	Events       int // distinct events (2 per entry)
	Sent         int // HTTP deliveries attempted, copies and re-sends included
	Acknowledged int // distinct events answered 2xx at least once
	Applied      int // entries present in Attio
	Lost         int // acknowledged entries missing in Attio
	Duplicated   int // entries present more than once
	Stale        int // entries whose Attio description is not the latest version
	Kills        int
	AttioFaults  int64
}

// event is one delivery: version 1 (created) or 2 (updated) of a time entry.
type event struct {
	eventID int64
	entryID int64
	version int
	body    []byte
}

// Run executes the suite.
func Run(ctx context.Context, o Options) (Result, error) {
	if o.Logf == nil {
		o.Logf = func(string, ...any) {}
	}
	if o.DrainWithin == 0 {
		o.DrainWithin = 3 * time.Minute
	}
	rng := rand.New(rand.NewPCG(o.Seed, o.Seed^0x9e3779b97f4a7c15))
	res := Result{Events: 2 * o.Entries}

	// Emulators in this process; Attio misbehaves on the list it is written through.
	loop := &http.Client{Timeout: 30 * time.Second}
	ts := togglsim.New(togglsim.Config{HTTPClient: loop, DisableLimits: true})
	as := attiosim.New(attiosim.Config{HTTPClient: loop, Limits: attiosim.Limits{WritesPerSecond: 1000, ReadsPerSecond: 1000}})
	defer ts.Close()
	defer as.Close()
	togglsim.Seed(ts, time.Now())
	attiosim.Seed(as)
	togglURL, stopT, err := serve(ts)
	if err != nil {
		return res, err
	}
	defer stopT()
	attioURL, stopA, err := serve(as)
	if err != nil {
		return res, err
	}
	defer stopA()

	dataDir := filepath.Join(o.WorkDir, "data")
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return res, err
	}
	key := strings.Repeat("c4", 32)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return res, err
	}
	addr := ln.Addr().String()
	ln.Close()
	publicURL := "http://" + addr
	env := []string{"DATA_DIR=" + dataDir, "LISTEN_ADDR=" + addr, "PUBLIC_URL=" + publicURL, "SECRET_KEY=" + key, "LOG_LEVEL=warn",
		"RETRY_BASE_DELAY=50ms", "RETRY_MAX_DELAY=1s",
		"TOGGL_API_URL=" + togglURL, "ATTIO_API_URL=" + attioURL}
	svc := &service{opts: o, env: env, addr: addr}
	if err := svc.start(ctx); err != nil {
		return res, err
	}
	defer svc.kill()
	sub, err := connect(ctx, dataDir, key, publicURL, togglURL, attioURL)
	if err != nil {
		return res, err
	}
	as.SetFaults([]attiosim.Fault{
		{Kind: attiosim.FaultStatus, Status: 503, PathPrefix: "/v2/lists", Rate: 0.3},
		{Kind: attiosim.FaultRateLimit, PathPrefix: "/v2/lists", Rate: 0.1},
		{Kind: attiosim.FaultLatency, Latency: 5 * time.Millisecond, PathPrefix: "/v2/", Rate: 0.5},
	})

	url := publicURL + "/webhooks/toggl/" + sub.slug
	events := makeEvents(o.Entries, sub.id, url)
	acked := make([]atomic.Bool, len(events))
	var sent atomic.Int64
	deliver := func(i int) bool {
		sent.Add(1)
		var resp *http.Response
		var err error
		// While the service is down (between a kill and its restart) the sender waits, like
		// Toggl retrying, instead of racing through the plan.
		for try := 0; try < 200; try++ {
			req, _ := http.NewRequestWithContext(ctx, http.MethodPost, url, strings.NewReader(string(events[i].body)))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set(signature.TogglHeader, signature.SignToggl(sub.secret, events[i].body))
			if resp, err = http.DefaultClient.Do(req); err == nil {
				break
			}
			time.Sleep(10 * time.Millisecond)
		}
		if err != nil {
			return false
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode/100 == 2 {
			acked[i].Store(true)
			return true
		}
		return false
	}

	// The load: every event 1–3 times, in shuffled order, from 8 senders, while a killer
	// SIGKILLs the service at random moments and restarts it.
	var plan []int
	for i := range events {
		for range 1 + rng.IntN(3) {
			plan = append(plan, i)
		}
	}
	rng.Shuffle(len(plan), func(a, b int) { plan[a], plan[b] = plan[b], plan[a] })
	var next atomic.Int64
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				k := int(next.Add(1)) - 1
				if k >= len(plan) || ctx.Err() != nil {
					return
				}
				deliver(plan[k])
			}
		}()
	}
	// Each kill falls at a random point of its own slice of the load, so all of them hit the
	// service while deliveries and jobs are in flight.
	for k := range o.Kills {
		slice := len(plan) / (o.Kills + 1)
		at := int64(k*slice + slice/2 + rng.IntN(max(1, slice)))
		for next.Load() < at && next.Load() < int64(len(plan)) {
			time.Sleep(time.Millisecond)
		}
		svc.kill()
		res.Kills++
		o.Logf("chaos: SIGKILL %d after %d of %d deliveries", res.Kills, min(next.Load(), int64(len(plan))), len(plan))
		if err := svc.start(ctx); err != nil {
			return res, err
		}
	}
	wg.Wait()

	// Like Toggl, deliver again what was never acknowledged.
	for round := 0; round < 20; round++ {
		missing := 0
		for i := range events {
			if !acked[i].Load() && !deliver(i) {
				missing++
			}
		}
		if missing == 0 {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	res.Sent = int(sent.Load())
	for i := range acked {
		if acked[i].Load() {
			res.Acknowledged++
		}
	}
	if err := drain(ctx, dataDir, o.DrainWithin); err != nil {
		return res, err
	}
	res.AttioFaults = as.Stats().Statuses[503] + as.Stats().Statuses[429]
	as.SetFaults(nil)
	count(as, events, acked, &res)
	return res, nil
}

// subscription is what the driver needs to deliver as Toggl does: the connection's URL slug
// and its Toggl subscription, whose secret signs every delivery.
type subscription struct {
	slug, secret string
	id           int64
}

// connect runs the console's connect sequence (provision.Connect) on the running service's
// database, so Toggl validates the new subscription through the service's own endpoint. The
// Attio webhook is left out (PUBLIC_URL is http): the suite drives Toggl → Attio only.
func connect(ctx context.Context, dataDir, key, publicURL, togglURL, attioURL string) (subscription, error) {
	var sub subscription
	st, err := store.Open(ctx, filepath.Join(dataDir, "toggl-attio-sync.db"))
	if err != nil {
		return sub, err
	}
	defer st.Close()
	k, _ := secrets.ParseKey(key)
	box, _ := secrets.New(k)
	conns := connection.NewService(st, box, time.Now)
	clients := connection.NewClients(conns, connection.ClientsConfig{TogglURL: togglURL, AttioURL: attioURL,
		TogglOptions: func(o *toggl.Options) { o.Registry = toggl.NewRegistry(0, 1) }})
	res, err := provision.Connect(ctx, provision.ConnectDeps{Conns: conns, Toggl: clients.TogglForToken, Attio: clients.AttioForToken, PublicURL: publicURL},
		provision.ConnectInput{Name: "chaos", TogglToken: togglsim.SeedAdaToken, AttioToken: attiosim.SeedToken, TogglWorkspaceID: togglsim.SeedWorkspaceID})
	if err == nil {
		err = res.InboundErr()
	}
	if err != nil {
		return sub, fmt.Errorf("connect: %s", provision.Explain(err))
	}
	stored, err := conns.TogglSubscriptions(ctx, res.Connection.ID)
	if err != nil {
		return sub, err
	}
	for _, s := range stored {
		if s.ID > 0 {
			sub = subscription{slug: res.Connection.Slug, secret: s.Secret, id: s.ID}
		}
	}
	if sub.secret == "" {
		return sub, fmt.Errorf("connect: no Toggl subscription stored")
	}
	return sub, nil
}

// makeEvents are the deliveries of entries time entries, as Toggl would send them to the
// subscription (id, callback).
func makeEvents(entries int, subID int64, callback string) []event {
	var out []event
	base := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	for e := range entries {
		id := int64(7_000_000_000 + e)
		for v := 1; v <= 2; v++ {
			at := base.Add(time.Duration(e)*time.Minute + time.Duration(v)*time.Second)
			action := "created"
			if v == 2 {
				action = "updated"
			}
			body := fmt.Sprintf(`{"event_id":%d,"created_at":"%s","creator_id":9547721,"metadata":{"action":"%s","event_user_id":"9547721","model":"time_entry","model_owner_id":"9547721","path":"/api/v9/workspaces/7435584/time_entries","request_body":"{}","request_type":"POST","time_entry_id":"%d","workspace_id":"7435584"},"payload":{"at":"%s","billable":true,"description":"entry %d version %d","duration":1800,"duronly":true,"id":%d,"project_id":20300001,"server_deleted_at":null,"start":"%s","stop":"%s","tag_ids":null,"tags":[],"task_id":null,"uid":9547721,"user_id":9547721,"wid":7435584,"workspace_id":7435584},"subscription_id":%d,"timestamp":"%s","url_callback":"%s"}`,
				8_100_000_000_000_000+int64(len(out)), at.Format("2006-01-02T15:04:05.000Z"), action, id,
				at.Format("2006-01-02T15:04:05+00:00"), e, v, id,
				base.Format(time.RFC3339), base.Add(30*time.Minute).Format(time.RFC3339), subID, at.Format(time.RFC3339Nano), callback)
			out = append(out, event{eventID: 8_100_000_000_000_000 + int64(len(out)), entryID: id, version: v, body: []byte(body)})
		}
	}
	return out
}

// drain waits until the service has finished every job, reading its database read-only.
func drain(ctx context.Context, dataDir string, within time.Duration) error {
	st, err := store.Open(ctx, filepath.Join(dataDir, "toggl-attio-sync.db"))
	if err != nil {
		return err
	}
	defer st.Close()
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		n, err := st.CountUnfinishedInbox(ctx)
		if err != nil {
			return err
		}
		if n == 0 {
			return nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	return fmt.Errorf("queue not drained within %s", within)
}

// count checks the Attio emulator's entries against what was acknowledged.
func count(as *attiosim.Sim, events []event, acked []atomic.Bool, res *Result) {
	entries := map[int64][]string{}
	for _, e := range as.Entries("toggl_time_entries") {
		for _, v := range e.Values["toggl_time_entry_id"] {
			if v["active_until"] == nil {
				if f, ok := v["value"].(float64); ok {
					desc := ""
					for _, d := range e.Values["description"] {
						if d["active_until"] == nil {
							desc, _ = d["value"].(string)
						}
					}
					entries[int64(f)] = append(entries[int64(f)], desc)
				}
			}
		}
	}
	latest := map[int64]int{}
	for i, ev := range events {
		if acked[i].Load() && ev.version > latest[ev.entryID] {
			latest[ev.entryID] = ev.version
		}
	}
	ids := make([]int64, 0, len(latest))
	for id := range latest {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		got := entries[id]
		switch {
		case len(got) == 0:
			res.Lost++
		case len(got) > 1:
			res.Duplicated++
			res.Applied++
		default:
			res.Applied++
			if !strings.HasSuffix(got[0], fmt.Sprintf("version %d", latest[id])) {
				res.Stale++
			}
		}
	}
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

// service is the child process under test.
type service struct {
	opts Options
	env  []string
	addr string
	cmd  *exec.Cmd
}

func (s *service) start(ctx context.Context) error {
	var cmd *exec.Cmd
	if s.opts.Service != nil {
		cmd = s.opts.Service()
	} else {
		exe, err := os.Executable()
		if err != nil {
			return err
		}
		cmd = exec.Command(exe)
	}
	cmd.Env = append(append(os.Environ(), cmd.Env...), s.env...)
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	if err := cmd.Start(); err != nil {
		return err
	}
	s.cmd = cmd
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := http.Get("http://" + s.addr + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return nil
			}
		}
		time.Sleep(5 * time.Millisecond)
	}
	return fmt.Errorf("service not ready after restart")
}

func (s *service) kill() {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	s.cmd.Process.Signal(syscall.SIGKILL)
	s.cmd.Wait()
	s.cmd = nil
}
