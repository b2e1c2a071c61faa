package provision

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"toggl-attio-sync/internal/toggl"
)

// FilterChoice is the admin's pick of Toggl event filters. Plans limit how many filters one
// subscription may carry (Free 3, Starter 6, Premium 12) and how many subscriptions a user may
// have enabled (1, 2, 3) (docs/api/toggl.md §1.5).
type FilterChoice string

// The choices. Entities come in the order the sync needs them: time entries, projects, clients.
const (
	// FiltersPerEntity (the default) subscribes time_entry:*, project:* and client:*: three
	// filters, so everything the sync uses fits one subscription on every plan, Free included.
	FiltersPerEntity FilterChoice = "per_entity"
	// FiltersTimeEntries subscribes time_entry created/updated/deleted only, spelled out. Project
	// and client changes then reach Attio only through a resync or when a time entry names them.
	FiltersTimeEntries FilterChoice = "time_entries"
	// FiltersExplicit spells out every action of all three entities (9 filters), spread over as
	// many subscriptions as the plan allows; what does not fit is left out and reported.
	FiltersExplicit FilterChoice = "explicit"
)

// DefaultFilterChoice is used when the admin made no choice.
const DefaultFilterChoice = FiltersPerEntity

// FilterOption describes one choice for the wizard.
type FilterOption struct {
	Choice  FilterChoice
	Label   string
	Explain string
}

// FilterOptions lists the choices with their trade-offs.
func FilterOptions() []FilterOption {
	return []FilterOption{
		{FiltersPerEntity, "Time entries, projects and clients (3 filters, one per entity with every action)",
			"Everything the sync uses arrives at once, in one subscription on every plan. Uses Toggl's '*' action wildcard."},
		{FiltersTimeEntries, "Time entries only (created, updated, deleted)",
			"Time entries arrive at once; renamed or new projects and clients reach Attio only with the next time entry that names them, or a resync."},
		{FiltersExplicit, "Every action spelled out (9 filters)",
			"No wildcards. Needs 9 filters: on Free only the 3 time entry filters fit; Starter splits them over 2 subscriptions; Premium fits them in one."},
	}
}

// syncedEntities are the entities the sync reads, most important first.
var syncedEntities = []string{"time_entry", "project", "client"}

var explicitActions = []string{"created", "updated", "deleted"}

// FilterPlan is how the chosen filters fit the workspace's limits.
type FilterPlan struct {
	Choice        FilterChoice
	Limits        toggl.WebhookLimits
	Subscriptions [][]toggl.EventFilter // one filter set per subscription
	Dropped       []toggl.EventFilter   // filters that did not fit the plan or are not offered
	Notes         []string
}

// PlanFilters picks filters for choice within limits, using only what Toggl offers (available
// is GET /event_filters, entity → actions; nil means "not read").
func PlanFilters(limits toggl.WebhookLimits, available map[string][]string, choice FilterChoice) (FilterPlan, error) {
	if choice == "" {
		choice = DefaultFilterChoice
	}
	p := FilterPlan{Choice: choice, Limits: limits}
	var wanted []toggl.EventFilter
	switch choice {
	case FiltersPerEntity:
		for _, e := range syncedEntities {
			wanted = append(wanted, toggl.EventFilter{Entity: e, Action: "*"})
		}
	case FiltersTimeEntries:
		for _, a := range explicitActions {
			wanted = append(wanted, toggl.EventFilter{Entity: "time_entry", Action: a})
		}
	case FiltersExplicit:
		for _, e := range syncedEntities {
			for _, a := range explicitActions {
				wanted = append(wanted, toggl.EventFilter{Entity: e, Action: a})
			}
		}
	default:
		return p, fmt.Errorf("unknown event filter choice %q", choice)
	}
	if available != nil {
		kept := wanted[:0]
		for _, f := range wanted {
			actions, ok := available[f.Entity]
			if ok && (f.Action == "*" || slices.Contains(actions, f.Action)) {
				kept = append(kept, f)
				continue
			}
			p.Dropped = append(p.Dropped, f)
			p.Notes = append(p.Notes, fmt.Sprintf("Toggl does not offer %s:%s in this workspace", f.Entity, f.Action))
		}
		wanted = kept
	}
	per, most := limits.MaxEventsPerWebhook, limits.MaxWebhooks
	if per <= 0 || most <= 0 {
		return p, fmt.Errorf("Toggl reports no webhooks for this workspace (max %d subscriptions, %d filters each)", most, per)
	}
	for len(wanted) > 0 && len(p.Subscriptions) < most {
		n := min(per, len(wanted))
		p.Subscriptions = append(p.Subscriptions, slices.Clone(wanted[:n]))
		wanted = wanted[n:]
	}
	if len(wanted) > 0 {
		p.Dropped = append(p.Dropped, wanted...)
		p.Notes = append(p.Notes, fmt.Sprintf("the plan allows %d subscription(s) of %d filters; left out: %s", most, per, filterList(wanted)))
	}
	if len(p.Subscriptions) == 0 {
		return p, fmt.Errorf("no event filter of this choice is available")
	}
	return p, nil
}

func filterList(fs []toggl.EventFilter) string {
	parts := make([]string, len(fs))
	for i, f := range fs {
		parts[i] = f.Entity + ":" + f.Action
	}
	return strings.Join(parts, ", ")
}

// sameFilters compares filter sets ignoring order.
func sameFilters(a, b []toggl.EventFilter) bool {
	if len(a) != len(b) {
		return false
	}
	for _, f := range a {
		if !slices.Contains(b, f) {
			return false
		}
	}
	return true
}

// ChoiceOf recognises the choice that produced a set of subscriptions' filters, so a re-check
// keeps what the admin picked. Anything else counts as FiltersExplicit.
func ChoiceOf(subs [][]toggl.EventFilter) FilterChoice {
	var all []toggl.EventFilter
	for _, s := range subs {
		all = append(all, s...)
	}
	if len(all) == 0 {
		return DefaultFilterChoice
	}
	wild, teOnly := true, true
	for _, f := range all {
		wild = wild && f.Action == "*"
		teOnly = teOnly && f.Entity == "time_entry" && f.Action != "*"
	}
	switch {
	case wild:
		return FiltersPerEntity
	case teOnly:
		return FiltersTimeEntries
	}
	return FiltersExplicit
}

// DecodeFilters reads a stored subscription's event filters (JSON); unreadable ones are none.
func DecodeFilters(stored string) []toggl.EventFilter {
	var fs []toggl.EventFilter
	_ = json.Unmarshal([]byte(stored), &fs)
	return fs
}
