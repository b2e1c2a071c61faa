package togglsim

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
)

// subscriptionInput is the writable part of models.WebhookSubscription (docs/api/toggl.md §1.3).
type subscriptionInput struct {
	URLCallback  optString  `json:"url_callback"`
	EventFilters optFilters `json:"event_filters"`
	Enabled      optBool    `json:"enabled"`
	Description  optString  `json:"description"`
	Secret       optString  `json:"secret"`
}

// optFilters is an event_filters field that may be absent, null or a list.
type optFilters struct {
	Set bool
	V   []EventFilter
}

func (o *optFilters) UnmarshalJSON(b []byte) error {
	o.Set = true
	if string(b) == "null" {
		return nil
	}
	return json.Unmarshal(b, &o.V)
}

// filterPart is the allowed form of an entity or action (docs/api/toggl.md §1.2: "can only contain
// letters, numbers and '_' or be '*'").
var filterPart = regexp.MustCompile(`^(?:[A-Za-z0-9_]+|\*)$`)

// validActions are the actions docs/api/toggl.md §1.4 lists.
var validActions = map[string]bool{"created": true, "updated": true, "deleted": true, "*": true}

// checkSubscription applies the 400 rules of docs/api/toggl.md §1.2 to the subscription as it would be
// stored, in the order the spec lists them. Caller holds Sim.mu.
func (s *Sim) checkSubscription(sub *Subscription) string {
	desc := strings.TrimSpace(sub.Description)
	if desc == "" {
		return "Subscription description must not be empty"
	}
	for _, other := range s.st.subs {
		if other.ID != sub.ID && other.WorkspaceID == sub.WorkspaceID && other.DeletedAt == nil && other.Description == sub.Description {
			return fmt.Sprintf("Subscription description '%s' is already in use for workspace %d", sub.Description, sub.WorkspaceID)
		}
	}
	if len(sub.EventFilters) == 0 {
		return "The list of event filters must not be empty"
	}
	limits := s.cfg.PlanLimits[s.st.workspaces[sub.WorkspaceID].Plan]
	if len(sub.EventFilters) > limits.MaxEventFilters {
		return fmt.Sprintf("The limit of %d event filters for your subscription has been exceeded as you're trying to set %d filters",
			limits.MaxEventFilters, len(sub.EventFilters))
	}
	seen := map[EventFilter]bool{}
	for _, f := range sub.EventFilters {
		switch {
		case f.Entity == "":
			return "The entity field for each subscription event filter must be non-empty"
		case !filterPart.MatchString(f.Entity):
			return fmt.Sprintf("The value '%s' for the filter entity can only contain letters, numbers and '_' or be '*' to match all entities", f.Entity)
		case f.Action == "":
			return "The action field for each subscription event filter must be non-empty"
		case !filterPart.MatchString(f.Action):
			return fmt.Sprintf("The value '%s' for the filter action can only contain letters, numbers and '_' or be '*' to match all actions", f.Action)
		case !validActions[f.Action]:
			return fmt.Sprintf("Invalid value '%s' for event filter action", f.Action)
		case seen[f]:
			// The spec's POST text ends in "{subscription_id}" (sic), PUT's in "{event_filter}";
			// both print the filter here, in Go's %v form (UNCONFIRMED).
			return fmt.Sprintf("The following event filter appears more than once for your subscription: %v", struct{ Entity, Action string }{f.Entity, f.Action})
		}
		seen[f] = true
	}
	if sub.Enabled {
		if msg := s.checkEnabledLimit(sub); msg != "" {
			return msg
		}
	}
	return ""
}

// checkEnabledLimit counts the creator's other enabled subscriptions in the workspace
// (docs/api/toggl.md §1.5: the spec's error "counts enabled subscriptions per user per workspace";
// S-tw1 glossary: "a limit of subscriptions per user and workspace"). Caller holds Sim.mu.
func (s *Sim) checkEnabledLimit(sub *Subscription) string {
	limit := s.cfg.PlanLimits[s.st.workspaces[sub.WorkspaceID].Plan].MaxWebhooks
	n := 0
	for _, other := range s.st.subs {
		if other.ID != sub.ID && other.WorkspaceID == sub.WorkspaceID && other.UserID == sub.UserID && other.Enabled && other.DeletedAt == nil {
			n++
		}
	}
	if n >= limit {
		return fmt.Sprintf("User %d already reached the limit of %d enabled subscriptions for workspace %d", sub.UserID, limit, sub.WorkspaceID)
	}
	return ""
}

// applySubscriptionInput copies present fields onto sub.
func applySubscriptionInput(sub *Subscription, in subscriptionInput) {
	if in.URLCallback.Set {
		sub.URLCallback = in.URLCallback.V
	}
	if in.EventFilters.Set {
		sub.EventFilters = in.EventFilters.V
	}
	if in.Enabled.Set {
		sub.Enabled = in.Enabled.V
	}
	if in.Description.Set {
		sub.Description = in.Description.V
	}
	if in.Secret.Set && in.Secret.V != "" {
		sub.Secret = in.Secret.V
	}
}
