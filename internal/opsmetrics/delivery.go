package opsmetrics

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/toggl"
)

// TogglDelivery is how delivery looks from Toggl's side: each subscription this service
// stored, as Toggl lists it, with the failed delivery attempts of the events it kept.
type TogglDelivery struct {
	FetchedAt time.Time
	Subs      []SubscriptionDelivery
	Error     string // Toggl could not be asked
}

// SubscriptionDelivery is one subscription as Toggl reports it.
type SubscriptionDelivery struct {
	ID                             int64
	Description                    string
	Enabled, Validated, HasPending bool
	Events                         int // events Toggl kept (a week)
	Failing                        int // events with failed delivery attempts
	FailedAttempts                 int
	LastError                      string
	LastAttempt                    time.Time // of LastError
	Error                          string    // the events could not be read, or Toggl no longer lists it
}

// TogglDelivery asks Toggl about the connection's stored subscriptions. Answers are kept
// briefly per connection and concurrent viewers share one request, so opening dashboards
// never multiplies calls against Toggl's quota; a fetch is bounded by a timeout, and every
// failure is worded in Error.
func (d *Dashboard) TogglDelivery(ctx context.Context, conn *connection.Connection) TogglDelivery {
	return d.delivery.get(ctx, conn.ID, d.Now(), func(ctx context.Context) TogglDelivery {
		return d.askToggl(ctx, conn)
	})
}

func (d *Dashboard) askToggl(ctx context.Context, conn *connection.Connection) TogglDelivery {
	v := TogglDelivery{FetchedAt: d.Now()}
	stored, err := d.Store.ListActiveTogglSubscriptions(ctx, conn.ID)
	if err != nil {
		v.Error = err.Error()
		return v
	}
	if len(stored) == 0 {
		v.Error = "this connection has no Toggl subscription to ask about"
		return v
	}
	if d.Toggl == nil {
		v.Error = "this console was started without Toggl access"
		return v
	}
	tc, err := d.Toggl(ctx, conn)
	if err != nil {
		v.Error = err.Error()
		return v
	}
	subs, err := tc.ListSubscriptions(ctx, conn.TogglWorkspaceID)
	if err != nil {
		v.Error = togglProblem(err)
		return v
	}
	ours := map[int64]bool{}
	for _, s := range stored {
		ours[s.SubscriptionID] = true
	}
	for _, s := range subs {
		if !ours[s.ID] {
			continue
		}
		sv := SubscriptionDelivery{ID: s.ID, Description: s.Description, Enabled: s.Enabled, Validated: s.Validated(), HasPending: s.HasPendingEvents}
		if evs, err := tc.SubscriptionEvents(ctx, conn.TogglWorkspaceID, s.ID, 0); err != nil {
			sv.Error = togglProblem(err)
		} else {
			summarizeEvents(&sv, evs)
		}
		v.Subs = append(v.Subs, sv)
		delete(ours, s.ID)
	}
	for id := range ours {
		v.Subs = append(v.Subs, SubscriptionDelivery{ID: id, Error: "Toggl does not list this subscription any more"})
	}
	return v
}

// summarizeEvents counts the events Toggl kept and their failed attempts, and keeps the
// newest delivery error.
func summarizeEvents(sv *SubscriptionDelivery, evs toggl.SubscriptionEvents) {
	sv.Events = max(evs.Total, len(evs.Events))
	for _, e := range evs.Events {
		if e.FailedDeliveryAttempts > 0 {
			sv.Failing++
			sv.FailedAttempts += e.FailedDeliveryAttempts
		}
		if e.LastDeliveryError != "" && e.LastDeliveryAttempt.Time.After(sv.LastAttempt) {
			sv.LastAttempt, sv.LastError = e.LastDeliveryAttempt.Time, e.LastDeliveryError
		}
	}
}

// answerTimeout is what a page says when Toggl did not answer before the fetch's timeout.
const answerTimeout = "Toggl did not answer in time"

// togglProblem words a Toggl failure for the page.
func togglProblem(err error) string {
	var q *toggl.QuotaError
	if errors.As(err, &q) {
		return fmt.Sprintf("Toggl's hourly quota is used up until %s", pageTime(q.ResetAt))
	}
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return answerTimeout
	}
	return err.Error()
}

// pageTime writes a time as the console does (views.FmtTime): UTC, said so; "never" for none.
func pageTime(t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return t.UTC().Format("2006-01-02 15:04:05 UTC")
}

// deliveryCache keeps Toggl's answer per connection for ttl, and lets concurrent viewers
// share one request.
type deliveryCache struct {
	ttl, timeout time.Duration

	mu      sync.Mutex
	entries map[int64]*deliveryEntry
}

type deliveryEntry struct {
	at   time.Time
	view TogglDelivery
	done chan struct{}
}

func newDeliveryCache(ttl, timeout time.Duration) *deliveryCache {
	return &deliveryCache{ttl: ttl, timeout: timeout, entries: map[int64]*deliveryEntry{}}
}

// get returns a fresh cached answer, waits for a fetch in flight, or fetches (bounded by
// timeout).
func (c *deliveryCache) get(ctx context.Context, id int64, now time.Time, fetch func(context.Context) TogglDelivery) TogglDelivery {
	c.mu.Lock()
	e := c.entries[id]
	if e != nil {
		select {
		case <-e.done:
			if now.Sub(e.at) < c.ttl {
				c.mu.Unlock()
				return e.view
			}
		default:
			c.mu.Unlock()
			select {
			case <-e.done:
				return e.view
			case <-ctx.Done():
				return TogglDelivery{Error: answerTimeout}
			}
		}
	}
	e = &deliveryEntry{at: now, done: make(chan struct{})}
	c.entries[id] = e
	c.mu.Unlock()

	fctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	e.view = fetch(fctx)
	if fctx.Err() != nil && e.view.Error == "" {
		e.view.Error = answerTimeout
	}
	close(e.done)
	return e.view
}
