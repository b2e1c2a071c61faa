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
