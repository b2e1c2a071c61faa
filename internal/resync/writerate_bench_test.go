package resync_test

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// BenchmarkBackfillWriteRate measures the Attio write rate a backfill sustains against the
// write limit the client is configured with (docs/BENCHMARKS.md). Run it alone, without
// -race, one iteration per limit:
//
//	go test -run '^$' -bench BackfillWriteRate -benchtime 1x ./internal/resync/
//
// 25/s is Attio's documented limit (the client paces at 95% of the emulator's limit, see
// clientShare); 500/s is the scaled limit of TestBackfill5000.
func BenchmarkBackfillWriteRate(b *testing.B) {
	for _, c := range []struct{ limit, entries int }{{25, 1000}, {500, 5000}} {
		b.Run(fmt.Sprintf("attio-%d-per-s", c.limit), func(b *testing.B) {
			for range b.N {
				w := startWorld(b, options{writesPerSecond: c.limit, workers: 24})
				now := time.Now()
				w.seedEntries(c.entries, 70, 60, now)
				before := w.Attio.Stats()
				b.ResetTimer()
				p := w.wait(b, w.start(b, window(70, 60, now)))
				b.StopTimer()
				if p.Status != "done" || p.Counts.Created != c.entries {
					b.Fatalf("backfill: %s", p.Summary())
				}
				after := w.Attio.Stats()
				rate, seconds := steadyWriteRate(before, after)
				b.ReportMetric(rate, "writes/s")
				b.ReportMetric(100*rate/w.opts.clientLimit(), "%-of-client-limit")
				b.ReportMetric(100*rate/float64(c.limit), "%-of-attio-limit")
				b.ReportMetric(float64(after.RateLimited-before.RateLimited), "429s")
				b.ReportMetric(float64(after.PeakWritesPerSecond()), "peak-writes/s")
				for k, n := range w.requests.snapshot() {
					if strings.HasSuffix(k, " 429") {
						b.Logf("429: %s ×%d", k, n)
					}
				}
				b.Logf("%d entries: %.1f writes/s over %d full seconds; client paced at %.2f/s, Attio limit %d/s; %d 429s",
					c.entries, rate, seconds, w.opts.clientLimit(), c.limit, after.RateLimited-before.RateLimited)
			}
		})
	}
}
