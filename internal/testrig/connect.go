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

// Connect does what the console's wizard does for the seed data: a connection with the seed
// tokens for Toggl workspace 7435584, the Attio schema provisioned, the Toggl subscription
// created and validated through the service's own webhook endpoint, and the Attio webhook for
// outbound sync. It returns the connection as stored.
//
// Attio accepts only https webhook targets: start the World with WorldOptions.HTTPS for the
// Attio webhook (outbound tests). Without it the webhook is skipped with a log line, which is
// enough for Toggl → Attio tests.
func (w *World) Connect(t testing.TB) *connection.Connection {
	t.Helper()
	ctx := context.Background()
	conns := w.App.Conns
	conn, err := conns.Create(ctx, "Acme Agency")
	if err != nil {
		t.Fatal(err)
	}
	wid := togglsim.SeedWorkspaceID
	if err := conns.SetTokens(ctx, conn, togglsim.SeedAdaToken, attiosim.SeedToken, wid, w.Attio.WorkspaceID()); err != nil {
		t.Fatal(err)
	}
	checked := contract.Transport(t, http.DefaultTransport)
	// No pacing of our own: the emulator's 429s are retried by the client, whatever limits
	// the World runs with.
	tc, err := toggl.New(toggl.Options{BaseURL: w.TogglURL, APIToken: togglsim.SeedAdaToken, Transport: checked, Registry: toggl.NewRegistry(0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	ac, err := attio.New(attio.Options{BaseURL: w.AttioURL, AccessToken: attiosim.SeedToken, Transport: checked})
	if err != nil {
		t.Fatal(err)
	}
	_, res, err := provision.EnsureAttioSchema(ctx, ac, conn.Settings, provision.SchemaOptions{
		CreateProjectsObject: true, TogglWorkspaceID: wid, TogglWorkspaceName: "Acme Agency"})
	if err != nil {
		t.Fatalf("provision Attio schema: %v", err)
	}
	if len(res.Problems) > 0 {
		t.Fatalf("provision Attio schema: problems %v", res.Problems)
	}
	publicURL := w.App.Config.PublicURL.String()
	subs, err := provision.EnsureTogglSubscriptions(ctx, tc, conns, conn, publicURL, provision.DefaultFilterChoice)
	if err != nil {
		t.Fatalf("provision Toggl subscriptions: %s", provision.Explain(err))
	}
	if !subs.AllLive() {
		t.Fatalf("Toggl subscriptions not live: %+v", subs.Subscriptions)
	}
	if _, err := provision.EnsureAttioWebhook(ctx, ac, conns, conn, publicURL); err != nil {
		if !errors.Is(err, provision.ErrAttioNeedsHTTPS) {
			t.Fatalf("provision Attio webhook: %s", provision.Explain(err))
		}
		t.Logf("Attio webhook skipped: %s", provision.Explain(err))
	}
	if err := conns.SetStatus(ctx, conn, "active"); err != nil {
		t.Fatal(err)
	}
	stored, err := conns.Get(ctx, conn.ID)
	if err != nil {
		t.Fatal(err)
	}
	return stored
}
