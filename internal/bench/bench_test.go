package bench

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"toggl-attio-sync/internal/fieldmap"
	"toggl-attio-sync/internal/routing"
	"toggl-attio-sync/internal/signature"
	"toggl-attio-sync/internal/testrig"
	"toggl-attio-sync/internal/togglevent"
)

// TestMain doubles as the service for the start-to-ready figure (see chaos_test.go).
func TestMain(m *testing.M) {
	testrig.RunServiceChild()
	os.Exit(m.Run())
}

// The benchmark run works end to end at a small size; it asserts counts, never speed.
func TestSmallRunProducesEveryFigure(t *testing.T) {
	r, err := Run(context.Background(), Options{Requests: 200, Concurrency: 4, Events: 5, WorkDir: t.TempDir(), Service: testrig.ServiceChild}, &strings.Builder{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Ack.Bare.OK != 200 || r.Ack.Service.OK != 200 || r.AckNormal.Service.OK != 200 {
		t.Fatalf("acks: %d %d %d", r.Ack.Bare.OK, r.Ack.Service.OK, r.AckNormal.Service.OK)
	}
	if r.Latency.Events != 5 || r.Latency.P50 <= 0 || r.Latency.AttioWritesPerEvent != 1 || r.Latency.TogglCallsPerEvent != 0 {
		t.Fatalf("latency: %+v", r.Latency)
	}
	if r.StartToReady <= 0 || r.PeakRSSKiB <= 0 {
		t.Fatalf("process: %v %d", r.StartToReady, r.PeakRSSKiB)
	}
	md := r.Markdown(time.Now())
	for _, want := range []string{"bare Fiber", "Ratio service ÷ bare", "synchronous", "Attio writes per event", "start-to-ready", "CPUs"} {
		if !strings.Contains(md, want) {
			t.Fatalf("markdown lacks %q", want)
		}
	}
}

func BenchmarkVerifyToggl(b *testing.B) {
	body := deliveryBody(1)
	sig := signature.SignToggl(benchSecret, body)
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if !signature.VerifyToggl(benchSecret, body, sig) {
			b.Fatal("rejected")
		}
	}
}

func BenchmarkParseDelivery(b *testing.B) {
	body := deliveryBody(1)
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if _, err := togglevent.Parse(body); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRenderTimeEntry(b *testing.B) {
	ev, _ := togglevent.Parse(deliveryBody(1))
	m := fieldmap.DefaultTimeEntryMap()
	src := fieldmap.Source{TimeEntry: ev.TimeEntry, User: &fieldmap.User{ID: 9547721, Name: "Ada"}, Now: time.Now()}
	for b.Loop() {
		if _, err := fieldmap.Render(m, src); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecideViaCompany(b *testing.B) {
	pid, cid := int64(1), int64(2)
	in := routing.Input{
		TogglProjectID: &pid, TogglClientID: &cid,
		ClientRecord: &routing.Record{RecordID: "c"}, Company: &routing.Record{RecordID: "co"},
		CompanyProjects: []routing.Project{{RecordID: "p1", Type: "retainer", Status: "complete"}, {RecordID: "p2", Type: "fixed", Status: "active"}},
		Rules:           routing.Rules{TypeAttribute: "type", StatusAttribute: "status", Exclusions: []routing.Exclusion{{Type: "retainer", Status: "complete"}}},
	}
	for b.Loop() {
		if d := routing.Decide(in); d.ProjectRecordID != "p2" {
			b.Fatal(d.Reason)
		}
	}
}
