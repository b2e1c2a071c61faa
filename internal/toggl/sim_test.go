package toggl_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"toggl-attio-sync/internal/contract"
	"toggl-attio-sync/internal/togglsim"
)

const wid = togglsim.SeedWorkspaceID

// TestSimulator runs the client against the emulator with every request and response checked
// against the official specs, then reports which spec operations were exercised.
func TestSimulator(t *testing.T) {
	scenarios := []struct {
		name string
		run  func(*testing.T)
	}{
		{"track", simTrack},
		{"project paging", simProjectPaging},
		{"report paging", simReportPaging},
		{"report first_id quirk", simReportQuirk},
		{"report totals", simReportTotals},
		{"webhooks", simWebhooks},
		{"rate limit", simRateLimit},
		{"quota wait", simQuotaWait},
		{"quota fail fast", simQuotaFailFast},
		{"plan 402", simPlan402},
		{"bad token", simBadToken},
	}
	ran := 0
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			ran++
			sc.run(t)
		})
	}

	covered := togglCoverage()
	t.Logf("contract.Covered() for the Toggl specs (%d operations):\n  %s", len(covered), strings.Join(covered, "\n  "))
	fmt.Printf("contract coverage (Toggl, %d operations):\n  %s\n", len(covered), strings.Join(covered, "\n  "))
	if ran < len(scenarios) {
		return // a -run filter skipped some scenarios, so coverage is partial by design
	}
	// Every operation the client implements must have crossed the contract check.
	for _, op := range []string{
		"toggl-track GET /me", "toggl-track GET /me/workspaces", "toggl-track GET /me/quota",
		"toggl-track GET /workspaces/{workspace_id}/users",
		"toggl-track GET /workspaces/{workspace_id}/projects", "toggl-track POST /workspaces/{workspace_id}/projects",
		"toggl-track GET /workspaces/{workspace_id}/projects/{project_id}", "toggl-track PUT /workspaces/{workspace_id}/projects/{project_id}",
		"toggl-track GET /workspaces/{workspace_id}/clients", "toggl-track POST /workspaces/{workspace_id}/clients",
		"toggl-track GET /workspaces/{workspace_id}/clients/{client_id}", "toggl-track PUT /workspaces/{workspace_id}/clients/{client_id}",
		"toggl-track GET /me/time_entries", "toggl-track GET /me/time_entries/current",
		"toggl-track POST /workspaces/{workspace_id}/time_entries",
		"toggl-track PUT /workspaces/{workspace_id}/time_entries/{time_entry_id}",
		"toggl-track PATCH /workspaces/{workspace_id}/time_entries/{time_entry_id}/stop",
		"toggl-track DELETE /workspaces/{workspace_id}/time_entries/{time_entry_id}",
		"toggl-reports POST /reports/api/v3/workspace/{workspace_id}/search/time_entries",
		"toggl-reports POST /reports/api/v3/workspace/{workspace_id}/search/time_entries/totals",
		"toggl-webhooks GET /event_filters", "toggl-webhooks GET /limits/{workspace_id}", "toggl-webhooks GET /status",
		"toggl-webhooks GET /subscriptions/{workspace_id}", "toggl-webhooks POST /subscriptions/{workspace_id}",
		"toggl-webhooks PUT /subscriptions/{workspace_id}/{subscription_id}",
		"toggl-webhooks PATCH /subscriptions/{workspace_id}/{subscription_id}",
		"toggl-webhooks DELETE /subscriptions/{workspace_id}/{subscription_id}",
		"toggl-webhooks POST /ping/{workspace_id}/{subscription_id}",
		"toggl-webhooks GET /validate/{workspace_id}/{subscription_id}/{validation_code}",
		"toggl-webhooks GET /subscriptions/{workspace_id}/{subscription_id}/events (not in spec, allow-listed)",
	} {
		if !slices.Contains(covered, op) {
			t.Errorf("operation not exercised under the contract check: %s", op)
		}
	}
}

func togglCoverage() []string {
	var out []string
	for _, op := range contract.Covered() {
		if strings.HasPrefix(op, "toggl-") {
			out = append(out, op)
		}
	}
	return out
}
