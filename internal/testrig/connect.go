package testrig

import (
	"context"
	"errors"
	"net/http"
	"testing"

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
	// No pacing of our own: the emulator's 429s are retried by the client, whatever limits
	// the World runs with.
	clients := connection.NewClients(w.App.Conns, connection.ClientsConfig{TogglURL: w.TogglURL, AttioURL: w.AttioURL,
		Transport: contract.Transport(t, http.DefaultTransport), TogglOptions: func(o *toggl.Options) { o.Registry = toggl.NewRegistry(0, 1) }})
	res, err := provision.Connect(context.Background(), provision.ConnectDeps{Conns: w.App.Conns, Toggl: clients.TogglForToken, Attio: clients.AttioForToken,
		PublicURL: w.App.Config.PublicURL.String()}, provision.ConnectInput{Name: "Acme Agency", TogglToken: togglsim.SeedAdaToken, AttioToken: attiosim.SeedToken,
		TogglWorkspaceID: togglsim.SeedWorkspaceID, CreateProjectsObject: true})
	if err == nil {
		err = res.InboundErr()
	}
	if err != nil {
		t.Fatalf("connect: %s", provision.Explain(err))
	}
	if err := res.WebhookErr; err != nil {
		if !errors.Is(err, provision.ErrAttioNeedsHTTPS) {
			t.Fatalf("connect: Attio webhook: %s", provision.Explain(err))
		}
		t.Logf("Attio webhook skipped: %s", provision.Explain(err))
	}
	return res.Connection
}
