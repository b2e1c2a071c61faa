package opsmetrics

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"toggl-attio-sync/internal/toggl"
)

func TestSummarizeEventsKeepsTheNewestError(t *testing.T) {
	at := func(min int) toggl.Time { return toggl.Time{Time: time.Date(2030, 1, 1, 0, min, 0, 0, time.UTC)} }
	var sv SubscriptionDelivery
	summarizeEvents(&sv, toggl.SubscriptionEvents{Total: 1, Events: []toggl.SubscriptionEvent{
		{FailedDeliveryAttempts: 2, LastDeliveryError: "503", LastDeliveryAttempt: at(5)},
		{FailedDeliveryAttempts: 1, LastDeliveryError: "timeout", LastDeliveryAttempt: at(9)},
		{LastDeliveryError: "older", LastDeliveryAttempt: at(1)},
		{},
	}})
	if sv.Events != 4 || sv.Failing != 2 || sv.FailedAttempts != 3 || sv.LastError != "timeout" || !sv.LastAttempt.Equal(at(9).Time) {
		t.Fatalf("summary %+v", sv)
	}
	var none SubscriptionDelivery
	summarizeEvents(&none, toggl.SubscriptionEvents{Total: 12})
	if none.Events != 12 || none.LastError != "" || !none.LastAttempt.IsZero() {
		t.Fatalf("no events kept: %+v", none)
	}
}

func TestTogglProblemWording(t *testing.T) {
	reset := time.Date(2030, 1, 1, 10, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		err  error
		want string
	}{
		{fmt.Errorf("list: %w", &toggl.QuotaError{ResetAt: reset}), "Toggl's hourly quota is used up until 2030-01-01 10:00:00 UTC"},
		{context.DeadlineExceeded, "Toggl did not answer in time"},
		{fmt.Errorf("get: %w", context.Canceled), "Toggl did not answer in time"},
		{errors.New("401 Unauthorized"), "401 Unauthorized"},
	} {
		if got := togglProblem(c.err); got != c.want {
			t.Errorf("%v: %q, want %q", c.err, got, c.want)
		}
	}
}

// Viewers at once share one fetch; an answer is kept for the ttl and fetched again after it.
func TestDeliveryCacheSharesOneFetchPerTTL(t *testing.T) {
	c := newDeliveryCache(30*time.Second, time.Minute)
	var fetches atomic.Int32
	started, release := make(chan struct{}), make(chan struct{})
	slow := func(context.Context) TogglDelivery {
		if fetches.Add(1) == 1 {
			close(started)
			<-release
		}
		return TogglDelivery{Error: "answer"}
	}
	now := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	ctx := context.Background()
	var wg sync.WaitGroup
	answers := make([]TogglDelivery, 4)
	wg.Add(1)
	go func() { defer wg.Done(); answers[0] = c.get(ctx, 1, now, slow) }()
	<-started
	for i := 1; i < len(answers); i++ {
		wg.Add(1)
		go func() { defer wg.Done(); answers[i] = c.get(ctx, 1, now, slow) }()
	}
	close(release)
	wg.Wait()
	for i, a := range answers {
		if a.Error != "answer" {
			t.Errorf("viewer %d got %+v", i, a)
		}
	}
	if n := fetches.Load(); n != 1 {
		t.Fatalf("%d fetches for viewers at once", n)
	}
	c.get(ctx, 1, now.Add(30*time.Second-time.Nanosecond), slow)
	c.get(ctx, 2, now, slow) // another connection has its own answer
	if n := fetches.Load(); n != 2 {
		t.Fatalf("%d fetches within the ttl (one for the other connection)", n)
	}
	c.get(ctx, 1, now.Add(30*time.Second), slow)
	if n := fetches.Load(); n != 3 {
		t.Fatalf("%d fetches after the ttl", n)
	}
}

// A fetch that outlives the timeout is answered "did not answer in time", whatever it returns.
func TestDeliveryCacheBoundsAFetch(t *testing.T) {
	c := newDeliveryCache(time.Minute, time.Millisecond)
	got := c.get(context.Background(), 1, time.Now(), func(ctx context.Context) TogglDelivery {
		<-ctx.Done()
		return TogglDelivery{}
	})
	if got.Error != "Toggl did not answer in time" {
		t.Fatalf("answer %+v", got)
	}
}
