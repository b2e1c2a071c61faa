package clock

import (
	"context"
	"testing"
	"time"
)

func TestManual(t *testing.T) {
	t0 := time.Unix(1000, 0)
	c := NewManual(t0)
	if err := c.Sleep(context.Background(), 3*time.Hour); err != nil || !c.Now().Equal(t0.Add(3*time.Hour)) {
		t.Fatalf("Sleep did not advance: %v %v", c.Now(), err)
	}
	c.Set(t0)
	c.Advance(time.Second)
	if !c.Now().Equal(t0.Add(time.Second)) {
		t.Fatal("Set/Advance")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := c.Sleep(ctx, time.Hour); err == nil || !c.Now().Equal(t0.Add(time.Second)) {
		t.Fatal("Sleep on a done context moved the clock")
	}
}

func TestSystemSleepHonoursContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := (System{}).Sleep(ctx, time.Hour); err == nil {
		t.Fatal("Sleep ignored a cancelled context")
	}
	if err := (System{}).Sleep(context.Background(), 0); err != nil {
		t.Fatal(err)
	}
}

func TestManualRecordsSleeps(t *testing.T) {
	t0 := time.Unix(1000, 0)
	c := NewManual(t0)
	ctx := context.Background()
	for _, d := range []time.Duration{time.Second, 0, 2 * time.Second} {
		if err := c.Sleep(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	if got := c.Sleeps(); len(got) != 3 || got[0] != time.Second || got[1] != 0 || got[2] != 2*time.Second {
		t.Fatalf("Sleeps %v", got)
	}
	if c.Slept() != 3*time.Second || !c.Now().Equal(t0.Add(3*time.Second)) {
		t.Fatalf("Slept %v, now %v", c.Slept(), c.Now())
	}
	// Frozen, sleeps are recorded but the time stays.
	c.Freeze()
	if err := c.Sleep(ctx, time.Hour); err != nil || !c.Now().Equal(t0.Add(3*time.Second)) || c.Slept() != time.Hour+3*time.Second {
		t.Fatalf("frozen Sleep: now %v, slept %v, %v", c.Now(), c.Slept(), err)
	}
}

func TestBlockingSleepWaitsForAdvance(t *testing.T) {
	c := NewBlocking(time.Unix(1000, 0))
	done := make(chan error, 1)
	go func() { done <- c.Sleep(context.Background(), 10*time.Second) }()
	waitUntil(t, func() bool { return c.Waiters() == 1 })
	c.Advance(5 * time.Second)
	if c.Waiters() != 1 {
		t.Fatal("woken before its end")
	}
	c.Set(c.Now().Add(5 * time.Second))
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if c.Waiters() != 0 || c.Slept() != 10*time.Second {
		t.Fatalf("after waking: %d waiters, slept %v", c.Waiters(), c.Slept())
	}

	// A sleeper whose context ends leaves without the clock moving.
	ctx, cancel := context.WithCancel(context.Background())
	go func() { done <- c.Sleep(ctx, time.Hour) }()
	waitUntil(t, func() bool { return c.Waiters() == 1 })
	cancel()
	if err := <-done; err == nil {
		t.Fatal("Sleep ignored its cancelled context")
	}
	if c.Waiters() != 0 {
		t.Fatal("a cancelled sleeper stayed registered")
	}
}

// waitUntil polls cond; the bound only guards against a hung test.
func waitUntil(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("timed out")
		}
		time.Sleep(time.Millisecond)
	}
}
