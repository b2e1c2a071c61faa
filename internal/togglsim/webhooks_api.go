package togglsim

import (
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// subscriptionJSON is models.WebhookSubscription in the docs' key order (docs/api/toggl.md §1.3).
type subscriptionJSON struct {
	SubscriptionID   int64         `json:"subscription_id"`
	WorkspaceID      int64         `json:"workspace_id"`
	UserID           int64         `json:"user_id"`
	Enabled          bool          `json:"enabled"`
	Description      string        `json:"description"`
	EventFilters     []EventFilter `json:"event_filters"`
	URLCallback      string        `json:"url_callback"`
	Secret           string        `json:"secret"`
	ValidatedAt      *string       `json:"validated_at"`
	HasPendingEvents bool          `json:"has_pending_events"`
	CreatedAt        string        `json:"created_at"`
	UpdatedAt        string        `json:"updated_at,omitempty"`
	DeletedAt        string        `json:"deleted_at,omitempty"`
}

// microTime renders subscription times with microseconds ("2022-05-31T02:50:45.984607Z").
func microTime(t time.Time) string { return nanoTime(t.Truncate(time.Microsecond)) }

// subscriptionOut renders a subscription. Caller holds Sim.mu.
func (s *Sim) subscriptionOut(sub *Subscription) subscriptionJSON {
	out := subscriptionJSON{
		SubscriptionID: sub.ID, WorkspaceID: sub.WorkspaceID, UserID: sub.UserID, Enabled: sub.Enabled,
		Description: sub.Description, EventFilters: sub.EventFilters, URLCallback: sub.URLCallback,
		Secret: sub.Secret, HasPendingEvents: s.hasPending(sub.ID), CreatedAt: microTime(sub.CreatedAt),
	}
	if out.EventFilters == nil {
		out.EventFilters = []EventFilter{}
	}
	if sub.ValidatedAt != nil {
		v := microTime(*sub.ValidatedAt)
		out.ValidatedAt = &v
	}
	if sub.UpdatedAt != nil {
		out.UpdatedAt = microTime(*sub.UpdatedAt)
	}
	if sub.DeletedAt != nil {
		out.DeletedAt = microTime(*sub.DeletedAt)
	}
	return out
}

// getEventFilters serves GET /webhooks/api/v1/event_filters. docs/api/toggl.md §1.4: "an emulator should
// return at least {client, project, project_group, project_user, tag, task, time_entry,
// workspace, workspace_user} with ["created","updated","deleted"]".
func (s *Sim) getEventFilters(w http.ResponseWriter, r *http.Request, c *call) {
	actions := []string{"created", "updated", "deleted"}
	out := map[string][]string{}
	for _, e := range []string{"client", "project", "project_group", "project_user", "tag", "task", "time_entry", "workspace", "workspace_user"} {
		out[e] = actions
	}
	writeJSON(w, http.StatusOK, out)
}

// getWebhookStatus serves GET /webhooks/api/v1/status ({"status": string}).
func (s *Sim) getWebhookStatus(w http.ResponseWriter, r *http.Request, c *call) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "OK"})
}

// getWebhookLimits serves GET /webhooks/api/v1/limits/{wid}: {"max_webhooks",
// "max_events_per_webhook"} of the workspace's plan (docs/api/toggl.md §1.5). An unknown workspace, or
// one the given credentials cannot see, gets the webhooks 403.
func (s *Sim) getWebhookLimits(w http.ResponseWriter, r *http.Request, c *call) {
	wid, _ := pathID(r.PathValue("wid"))
	s.mu.Lock()
	defer s.mu.Unlock()
	ws := s.st.workspaces[wid]
	if ws == nil {
		s.writeErr(w, http.StatusForbidden, msgWebhookForbidden)
		return
	}
	if c.user.ID != 0 {
		if member, _ := s.isMember(wid, c.user.ID); !member {
			s.writeErr(w, http.StatusForbidden, msgWebhookForbidden)
			return
		}
	}
	l := s.cfg.PlanLimits[ws.Plan]
	writeJSON(w, http.StatusOK, map[string]int{"max_webhooks": l.MaxWebhooks, "max_events_per_webhook": l.MaxEventFilters})
}

// listSubscriptions serves GET /webhooks/api/v1/subscriptions/{wid}. S-tw1 glossary: "A
// workspace administrator may list and edit subscriptions from other users in that workspace";
// members see their own.
func (s *Sim) listSubscriptions(w http.ResponseWriter, r *http.Request, c *call) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []subscriptionJSON{}
	for _, sid := range sortedKeys(s.st.subs) {
		sub := s.st.subs[sid]
		if sub.WorkspaceID == c.wid && sub.DeletedAt == nil && (c.admin || sub.UserID == c.user.ID) {
			out = append(out, s.subscriptionOut(sub))
		}
	}
	writeJSON(w, http.StatusOK, out)
}

// findSubscription resolves {sid} to a live subscription the caller may manage, else answers
// the spec's 404 "subscription {subscription_id} for workspace {workspace_id} was not found".
// Caller holds Sim.mu.
func (s *Sim) findSubscription(w http.ResponseWriter, r *http.Request, c *call) *Subscription {
	sid, _ := pathID(r.PathValue("sid"))
	sub := s.st.subs[sid]
	if sub == nil || sub.WorkspaceID != c.wid || sub.DeletedAt != nil || !(c.admin || sub.UserID == c.user.ID) {
		s.writeErr(w, http.StatusNotFound, fmt.Sprintf("subscription %s for workspace %d was not found", r.PathValue("sid"), c.wid))
		return nil
	}
	return sub
}

// createSubscription serves POST /webhooks/api/v1/subscriptions/{wid}: the §1.2 rules, then the
// synchronous URL probe. The subscription exists during the probe (so a receiver may validate
// asynchronously right away) and is removed again when the probe fails.
func (s *Sim) createSubscription(w http.ResponseWriter, r *http.Request, c *call) {
	var in subscriptionInput
	if err := decodeObject(c.body, &in); err != nil {
		s.writeErr(w, http.StatusBadRequest, err.Error())
		return
	}
	s.mu.Lock()
	now := s.now()
	sub := &Subscription{WorkspaceID: c.wid, UserID: c.user.ID, CreatedAt: now}
	applySubscriptionInput(sub, in)
	if sub.Secret == "" {
		sub.Secret = s.newSecret()
	}
	if msg := s.checkSubscription(sub); msg != "" {
		s.mu.Unlock()
		s.writeErr(w, http.StatusBadRequest, msg)
		return
	}
	sub.ID = s.newID(idSubscription)
	sub.ValidationCode = s.newValidationCode()
	s.st.subs[sub.ID] = sub
	s.mu.Unlock()

	if msg := s.ping(sub.ID, false); msg != "" {
		s.mu.Lock()
		delete(s.st.subs, sub.ID)
		delete(s.st.events, sub.ID)
		s.mu.Unlock()
		s.writeErr(w, http.StatusBadRequest, msg)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	writeJSON(w, http.StatusOK, s.subscriptionOut(sub))
}

// updateSubscription serves PUT /webhooks/api/v1/subscriptions/{wid}/{sid}. Fields missing from
// the body keep their value (docs/api/toggl.md §1.3: the 2022 bug where PUT misbehaved without `enabled`
// is not copied). A new url_callback must be validated again (UNCONFIRMED). The probe runs on
// every PUT; a failed probe restores the previous state.
func (s *Sim) updateSubscription(w http.ResponseWriter, r *http.Request, c *call) {
	var in subscriptionInput
	if err := decodeObject(c.body, &in); err != nil {
		s.writeErr(w, http.StatusBadRequest, err.Error())
		return
	}
	s.mu.Lock()
	sub := s.findSubscription(w, r, c)
	if sub == nil {
		s.mu.Unlock()
		return
	}
	prev := sub.clone()
	next := sub.clone()
	applySubscriptionInput(&next, in)
	if msg := s.checkSubscription(&next); msg != "" {
		s.mu.Unlock()
		s.writeErr(w, http.StatusBadRequest, msg)
		return
	}
	if next.URLCallback != prev.URLCallback {
		next.ValidatedAt = nil
		next.ValidationCode = s.newValidationCode()
	}
	now := s.now()
	next.UpdatedAt = &now
	*sub = next
	s.mu.Unlock()

	if msg := s.ping(sub.ID, true); msg != "" {
		s.mu.Lock()
		*sub = prev
		s.mu.Unlock()
		s.writeErr(w, http.StatusBadRequest, msg)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	writeJSON(w, http.StatusOK, s.subscriptionOut(sub))
}

// patchSubscription serves PATCH …/{sid} with {"enabled": bool}. Enabling checks the enabled
// limit and probes the URL (docs/api/toggl.md §1.2: 400 "URL probe / limit errors only").
func (s *Sim) patchSubscription(w http.ResponseWriter, r *http.Request, c *call) {
	var in struct {
		Enabled optBool `json:"enabled"`
	}
	if err := decodeObject(c.body, &in); err != nil {
		s.writeErr(w, http.StatusBadRequest, err.Error())
		return
	}
	s.mu.Lock()
	sub := s.findSubscription(w, r, c)
	if sub == nil {
		s.mu.Unlock()
		return
	}
	if !in.Enabled.Set || in.Enabled.V == sub.Enabled {
		defer s.mu.Unlock()
		writeJSON(w, http.StatusOK, s.subscriptionOut(sub))
		return
	}
	now := s.now()
	if !in.Enabled.V {
		defer s.mu.Unlock()
		sub.Enabled, sub.UpdatedAt = false, &now
		writeJSON(w, http.StatusOK, s.subscriptionOut(sub))
		return
	}
	if msg := s.checkEnabledLimit(sub); msg != "" {
		s.mu.Unlock()
		s.writeErr(w, http.StatusBadRequest, msg)
		return
	}
	prev := sub.clone()
	sub.Enabled, sub.UpdatedAt, sub.ConsecutiveFailures = true, &now, 0
	s.mu.Unlock()
	if msg := s.ping(sub.ID, false); msg != "" {
		s.mu.Lock()
		sub.Enabled, sub.UpdatedAt = prev.Enabled, prev.UpdatedAt
		s.mu.Unlock()
		s.writeErr(w, http.StatusBadRequest, msg)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	writeJSON(w, http.StatusOK, s.subscriptionOut(sub))
}

// deleteSubscription serves DELETE …/{sid} and answers the deleted subscription. Disabled
// subscriptions are deleted too (docs/api/toggl.md §1.3: the 2022 bug is not copied). Queued events are
// abandoned by the worker's enabled/deleted check.
func (s *Sim) deleteSubscription(w http.ResponseWriter, r *http.Request, c *call) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sub := s.findSubscription(w, r, c)
	if sub == nil {
		return
	}
	now := s.now()
	sub.DeletedAt = &now
	writeJSON(w, http.StatusOK, s.subscriptionOut(sub))
}

// pingSubscription serves POST /webhooks/api/v1/ping/{wid}/{sid}: a PING even to a disabled or
// unvalidated subscription (docs/api/toggl.md §2). The `status` value is UNCONFIRMED: "OK", or the probe
// error text when the receiver fails.
func (s *Sim) pingSubscription(w http.ResponseWriter, r *http.Request, c *call) {
	s.mu.Lock()
	sub := s.findSubscription(w, r, c)
	s.mu.Unlock()
	if sub == nil {
		return
	}
	status := "OK"
	if msg := s.ping(sub.ID, false); msg != "" {
		status = msg
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": status})
}

// validateSubscription serves GET /webhooks/api/v1/validate/{wid}/{sid}/{code}, unauthenticated
// (docs/api/toggl.md §1.1: "/validate is clearly meant to be opened unauthenticated"). 200 "OK", or the
// two 400s of §1.2 verbatim.
func (s *Sim) validateSubscription(w http.ResponseWriter, r *http.Request, c *call) {
	wid, _ := strconv.ParseInt(r.PathValue("wid"), 10, 64)
	sid, _ := strconv.ParseInt(r.PathValue("sid"), 10, 64)
	code := r.PathValue("code")
	s.mu.Lock()
	defer s.mu.Unlock()
	sub := s.st.subs[sid]
	if sub == nil || sub.WorkspaceID != wid || sub.DeletedAt != nil || (sub.ValidatedAt == nil && sub.ValidationCode != code) {
		s.writeErr(w, http.StatusBadRequest, fmt.Sprintf("subscription %s for workspace %s and validation code '%s' was not found",
			r.PathValue("sid"), r.PathValue("wid"), code))
		return
	}
	if sub.ValidatedAt != nil {
		s.writeErr(w, http.StatusBadRequest, fmt.Sprintf("subscription %d has already been validated", sid))
		return
	}
	now := s.now()
	sub.ValidatedAt = &now
	writeJSON(w, http.StatusOK, "OK")
}
