package demo

import (
	"context"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
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
	d, err := Start(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), Options{
		TogglAddr: "127.0.0.1:0", AttioAddr: "127.0.0.1:0", Listener: ln, Every: 20 * time.Millisecond,
		Rand: rand.New(rand.NewPCG(1, 2)), TogglOptions: func(o *toggl.Options) { o.Registry = toggl.NewRegistry(0, 1) },
	})
	if err != nil {
		t.Fatal(err)
	}
	if d.Connection.Status != "active" {
		t.Fatalf("connection %q", d.Connection.Status)
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
