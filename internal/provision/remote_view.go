package provision

import (
	"context"
	"fmt"

	"toggl-attio-sync/internal/attio"
	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/toggl"
)

// Workspace is one Toggl workspace the token's user sees.
type Workspace struct {
	ID       int64
	Name     string
	Admin    bool
	Selected bool // the connection's
}

// RemoteView is what Toggl and Attio say about a connection's tokens now: the workspaces to
// choose from, the webhook limits of the plan and the Attio workspace.
type RemoteView struct {
	Workspaces     []Workspace
	TogglUser      string // the selected workspace's name
	NotAdmin       bool   // the token's user is no admin of the selected workspace
	Limits         string // Toggl's webhook limits, worded ("" unknown)
	AttioWorkspace string
	Problem        string // what failed, worded for the console ("" none)
}

// ViewRemote reads the connection's current state in Toggl and Attio for its page.
func ViewRemote(ctx context.Context, tc *toggl.Client, ac *attio.Client, conn *connection.Connection) RemoteView {
	var v RemoteView
	workspaces, err := tc.Workspaces(ctx)
	if err != nil {
		v.Problem = "Toggl: " + TogglProblem(err)
		return v
	}
	for _, w := range workspaces {
		admin := w.Admin || w.Role == "admin"
		selected := w.ID == conn.TogglWorkspaceID
		if selected {
			v.TogglUser, v.NotAdmin = w.Name, !admin
		}
		v.Workspaces = append(v.Workspaces, Workspace{ID: w.ID, Name: w.Name, Admin: admin, Selected: selected})
	}
	if limits, err := tc.WebhookLimits(ctx, conn.TogglWorkspaceID); err == nil {
		v.Limits = fmt.Sprintf("Toggl's plan for this workspace allows %d enabled webhook subscription(s) per user, with up to %d event filters each.",
			limits.MaxWebhooks, limits.MaxEventsPerWebhook)
	}
	if self, err := ac.Self(ctx); err == nil && self.Active {
		v.AttioWorkspace = self.WorkspaceName
	} else {
		v.Problem = "Attio no longer accepts the stored access token; create the connection again with a new one."
	}
	return v
}

// TogglProblem words a Toggl failure on the console.
func TogglProblem(err error) string {
	if toggl.IsUnauthorized(err) {
		return "Toggl no longer accepts the stored API token; create the connection again with a new one."
	}
	return Explain(err)
}
