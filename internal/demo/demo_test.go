package demo

import (
	"bytes"
	"context"
	"database/sql"
	"log/slog"
	"math/rand/v2"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"toggl-attio-sync/internal/config"
	"toggl-attio-sync/internal/provision"
	"toggl-attio-sync/internal/store"
	"toggl-attio-sync/internal/toggl"
)

// startDemo is a demo on loopback ports with unpaced Toggl clients and its log output.
func startDemo(t *testing.T, ctx context.Context) (*Demo, *lockedBuffer) {
	t.Helper()
	cfg, err := config.Load([]string{"-demo", "-listen", "127.0.0.1:0"}, func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	logs := &lockedBuffer{}
	d, err := Start(ctx, cfg, slog.New(slog.NewTextHandler(logs, nil)), Options{
		TogglAddr: "127.0.0.1:0", AttioAddr: "127.0.0.1:0", Listener: ln, Every: 20 * time.Millisecond,
		Rand: rand.New(rand.NewPCG(1, 2)), TogglOptions: unpaced,
	})
	if err != nil {
		t.Fatal(err)
	}
	return d, logs
}

func unpaced(o *toggl.Options) { o.Registry = toggl.NewRegistry(0, 1) }

// The demo connects through the wizard's sequence (provision.Connect) and its activity
// reaches Attio (time entries) and Toggl (a Project created in Attio).
func TestDemoSyncsLiveActivity(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	d, logs := startDemo(t, ctx)
	if d.Connection.Status != "active" {
		t.Fatalf("connection %q", d.Connection.Status)
	}
	// A person trying the demo is told the token that edits Attio as a workspace member.
	if !strings.Contains(logs.String(), "attio_member_token=sim-attio-member-token") {
		t.Errorf("the startup output does not name the Attio member token:\n%s", logs.String())
	}
	projects := len(d.Toggl.Projects())
	done := make(chan error, 1)
	go func() { done <- d.Wait(ctx) }()

	deadline := time.Now().Add(90 * time.Second)
	for len(d.Attio.Entries("toggl_time_entries")) == 0 || len(d.Toggl.Projects()) == projects {
		if time.Now().After(deadline) {
			t.Fatalf("no live sync: %d Attio entries, %d → %d Toggl projects", len(d.Attio.Entries("toggl_time_entries")), projects, len(d.Toggl.Projects()))
		}
		time.Sleep(50 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("demo stopped with %v", err)
	}
}

// The demo's connection ends like the wizard's: active with live subscriptions, a
// "provisioned" audit row, and a second connection for the same pair of workspaces refused.
func TestDemoConnectsLikeTheWizard(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	d, _ := startDemo(t, ctx)
	defer func() {
		cancel()
		d.Wait(ctx)
	}()
	if d.Connection.Status != "active" {
		t.Fatalf("connection %q", d.Connection.Status)
	}
	rows, err := d.App.Store.ListAuditAfter(ctx, store.ListAuditAfterParams{
		ConnectionID: sql.NullInt64{Int64: d.Connection.ID, Valid: true}, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	provisioned := 0
	for _, r := range rows {
		if r.Entity == "connection" && r.Status == "provisioned" {
			provisioned++
			if !strings.Contains(r.Message, "provisioning: active;") || !strings.Contains(r.Message, " 0 error(s)") {
				t.Errorf("provisioned row says %q", r.Message)
			}
		}
	}
	if provisioned != 1 {
		t.Fatalf("%d provisioned audit rows, want 1: %+v", provisioned, rows)
	}

	cfg := d.App.Config
	_, err = d.connect(ctx, cfg.TogglAPIURL.String(), cfg.AttioAPIURL.String(), unpaced)
	if err == nil || !strings.Contains(provision.Explain(err), "already syncs Toggl workspace") {
		t.Fatalf("a second connect of the same workspaces: %v", err)
	}
	if conns, err := d.App.Conns.List(ctx); err != nil || len(conns) != 1 {
		t.Fatalf("connections after a refused second connect: %d, %v", len(conns), err)
	}
}

// lockedBuffer collects log output written from the demo's goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
