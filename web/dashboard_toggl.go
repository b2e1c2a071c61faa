package web

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"

	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/toggl"
	"toggl-attio-sync/views"
)

// dashboardToggl asks Toggl how delivery looks from its side: each subscription's state,
// has_pending_events, and failed delivery attempts from the subscription events endpoint.
// The page loads it after itself; answers are cached briefly and bounded by a timeout, and
// an error is shown as it is.
func (h *console) dashboardToggl(c *fiber.Ctx) error {
	conn, _, err := h.pickConnection(c)
	if err != nil {
		return err
	}
	if conn == nil {
		return h.notConfigured(c, "Dashboard", "dashboard")
	}
	v := h.toggl.get(c.UserContext(), conn.ID, h.Now(), func(ctx context.Context) views.TogglView {
		return h.askToggl(ctx, conn)
	})
	if c.Get("HX-Request") == "true" {
		return render(c, fiber.StatusOK, views.TogglViewPart(v))
	}
	return render(c, fiber.StatusOK, views.TogglViewPage(h.page(c, "Toggl's view of delivery", "dashboard"), v))
}

// askToggl reads the subscriptions this service stored from Toggl's side.
func (h *console) askToggl(ctx context.Context, conn *connection.Connection) views.TogglView {
	v := views.TogglView{FetchedAt: views.FmtTime(h.Now())}
	stored, err := h.Store.ListActiveTogglSubscriptions(ctx, conn.ID)
	if err != nil {
		v.Error = err.Error()
		return v
	}
	if len(stored) == 0 {
		v.Error = "this connection has no Toggl subscription to ask about"
		return v
	}
	if h.Toggl == nil {
		v.Error = "this console was started without Toggl access"
		return v
	}
	tc, err := h.Toggl(ctx, conn)
	if err != nil {
		v.Error = err.Error()
		return v
	}
	subs, err := tc.ListSubscriptions(ctx, conn.TogglWorkspaceID)
	if err != nil {
		v.Error = togglViewProblem(err)
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
		sv := views.TogglSubView{ID: s.ID, Description: s.Description, Enabled: s.Enabled, Validated: s.Validated(), HasPending: s.HasPendingEvents}
		evs, err := tc.SubscriptionEvents(ctx, conn.TogglWorkspaceID, s.ID, 0)
		if err != nil {
			sv.Error = togglViewProblem(err)
		} else {
			sv.Events = max(evs.Total, len(evs.Events))
			var last time.Time
			for _, e := range evs.Events {
				if e.FailedDeliveryAttempts > 0 {
					sv.Failing++
					sv.FailedAttempts += e.FailedDeliveryAttempts
				}
				if e.LastDeliveryError != "" && e.LastDeliveryAttempt.Time.After(last) {
					last, sv.LastError = e.LastDeliveryAttempt.Time, e.LastDeliveryError
					sv.LastAttempt = views.FmtTime(last)
				}
			}
		}
		v.Subs = append(v.Subs, sv)
		delete(ours, s.ID)
	}
	for id := range ours {
		v.Subs = append(v.Subs, views.TogglSubView{ID: id, Error: "Toggl does not list this subscription any more"})
	}
	return v
}

// togglViewProblem words a Toggl failure for the page.
func togglViewProblem(err error) string {
	var q *toggl.QuotaError
	if errors.As(err, &q) {
		return fmt.Sprintf("Toggl's hourly quota is used up until %s", views.FmtTime(q.ResetAt))
	}
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return "Toggl did not answer in time"
	}
	return err.Error()
}

// togglViewCache keeps Toggl's answer per connection for ttl, and lets concurrent viewers
// share one request, so opening dashboards never multiplies calls against Toggl's quota.
type togglViewCache struct {
	ttl, timeout time.Duration

	mu      sync.Mutex
	entries map[int64]*togglViewEntry
}

type togglViewEntry struct {
	at   time.Time
	view views.TogglView
	done chan struct{}
}

func newTogglViewCache(ttl, timeout time.Duration) *togglViewCache {
	return &togglViewCache{ttl: ttl, timeout: timeout, entries: map[int64]*togglViewEntry{}}
}

// get returns a fresh cached view, waits for a fetch in flight, or fetches (bounded by timeout).
func (c *togglViewCache) get(ctx context.Context, id int64, now time.Time, fetch func(context.Context) views.TogglView) views.TogglView {
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
				return views.TogglView{Error: "Toggl did not answer in time"}
			}
		}
	}
	e = &togglViewEntry{at: now, done: make(chan struct{})}
	c.entries[id] = e
	c.mu.Unlock()

	fctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	e.view = fetch(fctx)
	if fctx.Err() != nil && e.view.Error == "" {
		e.view.Error = "Toggl did not answer in time"
	}
	close(e.done)
	return e.view
}
