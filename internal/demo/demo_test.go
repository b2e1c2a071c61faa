package demo

import (
	"bytes"
	"context"
	"log/slog"
	"math/rand/v2"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"toggl-attio-sync/internal/config"
	"toggl-attio-sync/internal/toggl"
)

// The demo provisions through the wizard's code and its activity reaches Attio (time entries)
// and Toggl (a Project created in Attio).
func TestDemoSyncsLiveActivity(t *testing.T) {
	cfg, err := config.Load([]string{"-demo", "-listen", "127.0.0.1:0"}, func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var logs lockedBuffer
	d, err := Start(ctx, cfg, slog.New(slog.NewTextHandler(&logs, nil)), Options{
		TogglAddr: "127.0.0.1:0", AttioAddr: "127.0.0.1:0", Listener: ln, Every: 20 * time.Millisecond,
		Rand: rand.New(rand.NewPCG(1, 2)), TogglOptions: func(o *toggl.Options) { o.Registry = toggl.NewRegistry(0, 1) },
	})
	if err != nil {
		t.Fatal(err)
	}
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
