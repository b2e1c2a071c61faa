package testrig

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"toggl-attio-sync/internal/attio"
	"toggl-attio-sync/internal/attiosim"
	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/contract"
	"toggl-attio-sync/internal/provision"
	"toggl-attio-sync/internal/toggl"
	"toggl-attio-sync/internal/togglsim"
)

// Connect runs the console wizard's connect sequence (provision.Connect) with the seed
// tokens for Toggl workspace 7435584: the tokens checked and stored, the Attio schema
// provisioned, the Toggl subscription created and validated through the service's own
// webhook endpoint, the Attio webhook for outbound sync, the connection active and its
// "provisioned" audit row written. It returns the connection as stored. Every call it makes
// is checked against the specs.
//
// Attio accepts only https webhook targets: start the World with WorldOptions.HTTPS for the
// Attio webhook (outbound tests). Without it the webhook is skipped with a log line, which is
// enough for Toggl → Attio tests.
func (w *World) Connect(t testing.TB) *connection.Connection {
	t.Helper()
	checked := contract.Transport(t, http.DefaultTransport)
	deps := provision.ConnectDeps{Conns: w.App.Conns, PublicURL: w.App.Config.PublicURL.String(),
		// No pacing of our own: the emulator's 429s are retried by the client, whatever
		// limits the World runs with.
		Toggl: func(token string) (*toggl.Client, error) {
			return toggl.New(toggl.Options{BaseURL: w.TogglURL, APIToken: token, Transport: checked, Registry: toggl.NewRegistry(0, 1)})
		},
		Attio: func(token string) (*attio.Client, error) {
			return attio.New(attio.Options{BaseURL: w.AttioURL, AccessToken: token, Transport: checked})
		}}
	res, err := provision.Connect(context.Background(), deps, provision.ConnectInput{Name: "Acme Agency",
		TogglToken: togglsim.SeedAdaToken, AttioToken: attiosim.SeedToken, TogglWorkspaceID: togglsim.SeedWorkspaceID, CreateProjectsObject: true})
	if err != nil {
		t.Fatalf("connect: %s", provision.Explain(err))
	}
	if err := res.Err(); err != nil {
		if !errors.Is(err, provision.ErrAttioNeedsHTTPS) {
			t.Fatalf("connect: %s", provision.Explain(err))
		}
		t.Logf("Attio webhook skipped: %s", provision.Explain(err))
	}
	return res.Connection
}
