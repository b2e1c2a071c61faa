package provision

import (
	"context"
	"fmt"

	"toggl-attio-sync/internal/attio"
	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/toggl"
)

// DisconnectResult lists what Disconnect removed and what it could not.
type DisconnectResult struct {
	DeletedSubscriptions []int64
	DeletedWebhooks      []string
	// Failed names remote deletions that did not work (e.g. a revoked token); they were
	// forgotten locally anyway, so their deliveries are rejected from now on.
	Failed []string
}

// Disconnect deletes the connection's Toggl subscriptions (those stored and any others that
// call its URL) and its Attio webhook, forgets their secrets and marks the connection
// disconnected. Mappings, audit rows and Attio data stay. tc or ac may be nil when a token no
// longer works; the remote side is then left to the admin and reported in Failed.
func Disconnect(ctx context.Context, tc *toggl.Client, ac *attio.Client, conns *connection.Service, conn *connection.Connection, publicURL string) (DisconnectResult, error) {
	var res DisconnectResult
	subs, err := conns.TogglSubscriptions(ctx, conn.ID)
	if err != nil {
		return res, err
	}
	ids := map[int64]bool{}
	for _, s := range subs {
		if s.ID > 0 {
			ids[s.ID] = true
		}
	}
	if tc != nil {
		if remote, err := tc.ListSubscriptions(ctx, conn.TogglWorkspaceID); err == nil {
			callback := TogglCallbackURL(publicURL, conn.Slug)
			for _, s := range remote {
				if s.URLCallback == callback {
					ids[s.ID] = true
				}
			}
		}
	}
	for id := range ids {
		switch {
		case tc == nil:
			res.Failed = append(res.Failed, fmt.Sprintf("Toggl subscription %d: no working Toggl token", id))
		default:
			if _, err := tc.DeleteSubscription(ctx, conn.TogglWorkspaceID, id); err != nil && !toggl.IsNotFound(err) {
				res.Failed = append(res.Failed, fmt.Sprintf("Toggl subscription %d: %s", id, Explain(explainToggl(err, publicURL))))
			} else {
				res.DeletedSubscriptions = append(res.DeletedSubscriptions, id)
			}
		}
	}
	for _, s := range subs {
		if err := conns.DeactivateTogglSubscription(ctx, conn.ID, s.ID); err != nil {
			return res, err
		}
	}
	hooks, err := conns.AttioWebhooks(ctx, conn.ID)
	if err != nil {
		return res, err
	}
	for _, h := range hooks {
		switch {
		case ac == nil:
			res.Failed = append(res.Failed, "Attio webhook "+h.ID+": no working Attio token")
		default:
			if err := ac.DeleteWebhook(ctx, h.ID); err != nil && !attio.IsNotFound(err) {
				res.Failed = append(res.Failed, "Attio webhook "+h.ID+": "+err.Error())
			} else {
				res.DeletedWebhooks = append(res.DeletedWebhooks, h.ID)
			}
		}
		if err := conns.DeactivateAttioWebhook(ctx, conn.ID, h.ID); err != nil {
			return res, err
		}
	}
	return res, conns.SetStatus(ctx, conn, "disconnected")
}
