package provision_test

import (
	"context"
	"database/sql"
	"errors"
	"net/http"
	"strings"
	"testing"

	"toggl-attio-sync/internal/attiosim"
	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/contract"
	"toggl-attio-sync/internal/provision"
	"toggl-attio-sync/internal/store"
	"toggl-attio-sync/internal/testrig"
	"toggl-attio-sync/internal/toggl"
	"toggl-attio-sync/internal/togglsim"
)

// connectDeps is what the console passes Connect, with spec-checked, unpaced clients.
func connectDeps(t testing.TB, w *testrig.World, publicURL string) provision.ConnectDeps {
	t.Helper()
	clients := connection.NewClients(w.App.Conns, connection.ClientsConfig{TogglURL: w.TogglURL, AttioURL: w.AttioURL,
		Transport: contract.Transport(t, http.DefaultTransport), TogglOptions: func(o *toggl.Options) { o.Registry = toggl.NewRegistry(0, 1) }})
	return provision.ConnectDeps{Conns: w.App.Conns, Toggl: clients.TogglForToken, Attio: clients.AttioForToken, PublicURL: publicURL}
}

// plainWorld is both emulators (Toggl without limits) and the service on http: no Attio
// webhook can point at it.
func plainWorld(t testing.TB) *testrig.World {
	t.Helper()
	o := testrig.WorldOptions{}
	o.Toggl.DisableLimits = true
	return testrig.StartWorld(t, o)
}

// provisionedRows are the messages of a connection's "provisioned" audit rows.
func provisionedRows(t testing.TB, w *testrig.World, connID int64) []string {
	t.Helper()
	rows, err := w.App.Store.ListAuditAfter(context.Background(), store.ListAuditAfterParams{
		ConnectionID: sql.NullInt64{Int64: connID, Valid: true}, Limit: 1000})
	must(t, err)
	var out []string
	for _, r := range rows {
		if r.Entity == "connection" && r.Status == "provisioned" {
			out = append(out, r.Message)
		}
	}
	return out
}

// Refused tokens make no connection; good ones connect. A second connection for the same
// pair of workspaces is refused, whether it comes with new tokens (Connect) or through the
// wizard's steps (Create, then Connect on the stored connection), and stays inactive.
func TestConnectRefusesBadTokensAndDuplicatePairs(t *testing.T) {
	w := plainWorld(t)
	ctx := context.Background()
	d := connectDeps(t, w, w.App.Config.PublicURL.String())
	seed := provision.ConnectInput{TogglToken: togglsim.SeedAdaToken, AttioToken: attiosim.SeedToken, TogglWorkspaceID: wid}

	bad := seed
	bad.TogglToken = "not-a-toggl-token"
	_, err := provision.Connect(ctx, d, bad)
	var refused *provision.TokensRefused
	if !errors.As(err, &refused) || !strings.Contains(refused.Check.TogglError, "Toggl did not accept this API token") {
		t.Fatalf("a wrong Toggl token: %v", err)
	}
	if all, err := w.App.Conns.List(ctx); err != nil || len(all) != 0 {
		t.Fatalf("refused tokens made %d connection(s), %v", len(all), err)
	}

	first, err := provision.Connect(ctx, d, seed)
	must(t, err)
	if first.Connection.Status != "active" || first.Connection.Name != "Acme Agency ↔ Acme Agency" || !first.Live {
		t.Fatalf("first connection %+v, live %v", first.Connection, first.Live)
	}
	if !errors.Is(first.WebhookErr, provision.ErrAttioNeedsHTTPS) || first.InboundErr() != nil {
		t.Fatalf("over http: webhook %v, inbound %v", first.WebhookErr, first.InboundErr())
	}

	_, err = provision.Connect(ctx, d, seed)
	if !errors.Is(err, provision.ErrDuplicate) || !strings.Contains(provision.Explain(err), "already syncs Toggl workspace 7435584") {
		t.Fatalf("second Connect: %v", err)
	}
	second, err := provision.Create(ctx, d, seed)
	must(t, err)
	res, err := provision.Connect(ctx, d, provision.ConnectInput{ConnectionID: second.ID})
	if !errors.Is(err, provision.ErrDuplicate) || res.Connection == nil || res.Connection.ID != second.ID {
		t.Fatalf("the wizard's second connection: %v", err)
	}
	if got, err := w.App.Conns.Get(ctx, second.ID); err != nil || got.Status != "new" {
		t.Fatalf("refused connection: %+v %v", got, err)
	}
	if rows := provisionedRows(t, w, second.ID); len(rows) != 0 {
		t.Fatalf("a refused connect wrote %q", rows)
	}
	if subs := live(w.Toggl.Subscriptions()); len(subs) != 1 {
		t.Fatalf("%d Toggl subscriptions after the refusals", len(subs))
	}
}

// When Toggl cannot validate the subscription (PUBLIC_URL does not reach the service), the
// connection stays inactive and its "provisioned" row records the failure.
func TestConnectInactiveUnlessSubscriptionsLive(t *testing.T) {
	w := plainWorld(t)
	res, err := provision.Connect(context.Background(), connectDeps(t, w, "http://127.0.0.1:1"),
		provision.ConnectInput{TogglToken: togglsim.SeedAdaToken, AttioToken: attiosim.SeedToken, CreateProjectsObject: true})
	must(t, err)
	if res.SubscriptionsErr == nil || res.Live || res.Connection.Status == "active" {
		t.Fatalf("unreachable PUBLIC_URL: subscriptions %v, live %v, status %q", res.SubscriptionsErr, res.Live, res.Connection.Status)
	}
	if err := res.InboundErr(); !strings.Contains(provision.Explain(err), "Toggl could not reach this service") {
		t.Fatalf("InboundErr %v", err)
	}
	rows := provisionedRows(t, w, res.Connection.ID)
	if len(rows) != 1 || !strings.HasPrefix(rows[0], "provisioning: provisioning failed;") || !strings.Contains(rows[0], "2 error(s)") {
		t.Fatalf("provisioned rows %q (errors %q)", rows, res.Errors)
	}
}
