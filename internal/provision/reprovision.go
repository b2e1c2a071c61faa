package provision

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"toggl-attio-sync/internal/attio"
	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/fieldmap"
)

// ReprovisionPlan is what a settings change (field maps, rules, outbound triggers) needs in
// Attio, shown to the admin before anything is written.
type ReprovisionPlan struct {
	Next    connection.Settings
	Schema  SchemaPlan
	Changes []string // the settings diff in words
	// WebhookChanged: the outbound triggers changed, so the Attio webhook is updated too.
	WebhookChanged bool
}

// PlanReprovision compares the connection's current settings with next and plans the schema
// for next (reads only).
func PlanReprovision(ctx context.Context, ac *attio.Client, conn *connection.Connection, next connection.Settings, opt SchemaOptions) (ReprovisionPlan, error) {
	cur := conn.Settings.WithDefaults()
	next = next.WithDefaults()
	p := ReprovisionPlan{Next: next}
	p.Changes = append(p.Changes, mapDiff("time entry map", cur.TimeEntryMap, next.TimeEntryMap)...)
	p.Changes = append(p.Changes, mapDiff("project map", cur.ProjectMap, next.ProjectMap)...)
	p.Changes = append(p.Changes, mapDiff("client map", cur.ClientMap, next.ClientMap)...)
	if cur.Rules.TypeAttribute != next.Rules.TypeAttribute || cur.Rules.StatusAttribute != next.Rules.StatusAttribute ||
		!slices.Equal(cur.Rules.Exclusions, next.Rules.Exclusions) {
		p.Changes = append(p.Changes, fmt.Sprintf("rules: type from %q, status from %q, %d exclusion(s)",
			next.Rules.TypeAttribute, next.Rules.StatusAttribute, len(next.Rules.Exclusions)))
	}
	if !slices.Equal(cur.OutboundEvents, next.OutboundEvents) {
		p.WebhookChanged = true
		p.Changes = append(p.Changes, "outbound triggers: "+strings.Join(next.OutboundEvents, ", "))
	}
	var err error
	p.Schema, err = PlanAttioSchema(ctx, ac, next, opt)
	return p, err
}

// Apply creates what the new settings need, stores them, and updates the Attio webhook when
// the triggers changed. With problems in the plan nothing is written: the sync would fail on
// every write into a mistyped attribute.
func (p ReprovisionPlan) Apply(ctx context.Context, ac *attio.Client, conns *connection.Service, conn *connection.Connection, publicURL string) (SchemaResult, error) {
	if probs := p.Schema.Problems(); len(probs) > 0 {
		lines := make([]string, len(probs))
		for i, it := range probs {
			lines[i] = it.Where() + ": " + it.Note
		}
		return SchemaResult{Problems: probs}, &UserError{Message: "Not applied; fix these first: " + strings.Join(lines, "; ")}
	}
	res, err := p.Schema.Apply(ctx, ac)
	if err != nil {
		return res, err
	}
	if err := conns.SaveSettings(ctx, conn, p.Next); err != nil {
		return res, err
	}
	if p.WebhookChanged {
		if _, err := EnsureAttioWebhook(ctx, ac, conns, conn, publicURL); err != nil {
			return res, err
		}
	}
	return res, nil
}

// mapDiff words the differences of two field maps, by target attribute.
func mapDiff(name string, a, b fieldmap.Map) []string {
	old := map[string]fieldmap.Field{}
	for _, f := range a {
		old[f.Target] = f
	}
	var out []string
	seen := map[string]bool{}
	for _, f := range b {
		seen[f.Target] = true
		o, ok := old[f.Target]
		switch {
		case !ok:
			out = append(out, fmt.Sprintf("%s: adds %s → %s (%s)", name, f.Source, f.Target, f.Type))
		case o.Source != f.Source || o.Type != f.Type:
			out = append(out, fmt.Sprintf("%s: %s now from %s as %s (was %s as %s)", name, f.Target, f.Source, f.Type, o.Source, o.Type))
		}
	}
	for _, f := range a {
		if !seen[f.Target] {
			out = append(out, fmt.Sprintf("%s: stops writing %s (the attribute stays in Attio)", name, f.Target))
		}
	}
	return out
}
