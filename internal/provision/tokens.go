package provision

import (
	"context"
	"errors"

	"toggl-attio-sync/internal/attio"
	"toggl-attio-sync/internal/toggl"
)

// TokenCheck is what the two tokens opened: Toggl's user and workspaces, Attio's workspace.
// TogglError and AttioError are worded for the admin; MissingScopes names the Attio scopes the
// token lacks.
type TokenCheck struct {
	Me            toggl.Me
	Workspaces    []toggl.Workspace
	Self          attio.Self
	TogglError    string
	AttioError    string
	MissingScopes []string
}

// OK reports whether both tokens work and Attio's has every scope.
func (c TokenCheck) OK() bool { return c.TogglError == "" && c.AttioError == "" }

// Admin reports whether the Toggl user administers workspace wid.
func (c TokenCheck) Admin(wid int64) bool {
	for _, w := range c.Workspaces {
		if w.ID == wid {
			return w.Admin || w.Role == "admin"
		}
	}
	return false
}

// CheckTokens validates both tokens: Toggl GET /me and /me/workspaces, Attio GET /v2/self and
// its scopes against attio.RequiredScopes. Only transport failures are returned as errors;
// refused tokens are reported in the TokenCheck.
func CheckTokens(ctx context.Context, tc *toggl.Client, ac *attio.Client) (TokenCheck, error) {
	var c TokenCheck
	var err error
	if c.Me, err = tc.Me(ctx); err == nil {
		c.Workspaces, err = tc.Workspaces(ctx)
	}
	switch {
	case toggl.IsUnauthorized(err):
		c.TogglError = "Toggl did not accept this API token. Copy it again from Toggl (Profile settings → API Token); a token stops working when it is reset there."
	case err != nil:
		return c, explainToggl(err, "")
	case len(c.Workspaces) == 0:
		c.TogglError = "This Toggl user belongs to no workspace."
	}
	c.Self, err = ac.Self(ctx)
	switch {
	case attio.IsUnauthorized(err), err == nil && !c.Self.Active:
		c.AttioError = "Attio did not accept this access token: it is wrong, revoked or expired. Copy it again from Attio (Workspace settings → Developers)."
	case err != nil:
		var ae *attio.APIError
		if errors.As(err, &ae) {
			return c, &UserError{Err: err, Message: "Attio answered " + ae.Error()}
		}
		return c, &UserError{Err: err, Message: "Attio could not be reached from this service: " + err.Error()}
	default:
		if c.MissingScopes = attio.MissingScopes(c.Self.Scope, attio.RequiredScopes()); len(c.MissingScopes) > 0 {
			c.AttioError = "This Attio token lacks scopes the sync needs. Give the integration these scopes in Attio, then paste its token again:"
		}
	}
	return c, nil
}
