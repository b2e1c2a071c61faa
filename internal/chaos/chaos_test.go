package chaos

import (
	"context"
	"os"
	"testing"

	"toggl-attio-sync/internal/testrig"
)

// TestMain doubles as the service: the suite re-runs this test binary as its child process,
// so the SIGKILLs hit a real separate process without building another binary.
func TestMain(m *testing.M) {
	testrig.RunServiceChild()
	os.Exit(m.Run())
}

// The small CI run of the fault suite: 5 SIGKILLs under load, Attio 30% 503 + 10% 429 +
// latency, every event 1–3 times in shuffled order.
func TestCrashSuiteLosesNothing(t *testing.T) {
	res, err := Run(context.Background(), Options{
		Entries: 60, Kills: 5, Seed: 7, WorkDir: t.TempDir(), Logf: t.Logf,
		Service: testrig.ServiceChild,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v", res)
	if res.Kills != 5 || res.Acknowledged != res.Events {
		t.Fatalf("kills %d, acknowledged %d of %d events", res.Kills, res.Acknowledged, res.Events)
	}
	if res.Lost != 0 || res.Duplicated != 0 || res.Stale != 0 || res.Applied != 60 {
		t.Fatalf("lost %d, duplicated %d, stale %d, applied %d of 60", res.Lost, res.Duplicated, res.Stale, res.Applied)
	}
	if res.Sent <= res.Events || res.AttioFaults == 0 {
		t.Fatalf("the suite did not exercise duplicates (%d sent for %d events) or faults (%d)", res.Sent, res.Events, res.AttioFaults)
	}
}
