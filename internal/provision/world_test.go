package provision_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"toggl-attio-sync/internal/attio"
	"toggl-attio-sync/internal/attiosim"
	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/contract"
	"toggl-attio-sync/internal/provision"
	"toggl-attio-sync/internal/testrig"
	"toggl-attio-sync/internal/toggl"
	"toggl-attio-sync/internal/togglsim"
)

const wid = togglsim.SeedWorkspaceID

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(provision.Explain(err))
	}
}

// world is both emulators and the service behind an https proxy (Attio delivers to https
// only).
func world(t testing.TB) *testrig.World {
	t.Helper()
	o := testrig.WorldOptions{HTTPS: true}
	o.Toggl.DisableLimits = true
	return testrig.StartWorld(t, o)
}

func togglClient(t testing.TB, w *testrig.World, token string) *toggl.Client {
	t.Helper()
	c, err := toggl.New(toggl.Options{BaseURL: w.TogglURL, APIToken: token, Registry: toggl.NewRegistry(0, 1),
		Transport: contract.Transport(t, http.DefaultTransport), MaxRetries: -1})
	must(t, err)
	return c
}

func attioClient(t testing.TB, w *testrig.World) *attio.Client {
	t.Helper()
	c, err := attio.New(attio.Options{BaseURL: w.AttioURL, AccessToken: attiosim.SeedToken,
		Transport: contract.Transport(t, http.DefaultTransport), Pacer: attio.NewPacer(attio.Limits{}, nil)})
	must(t, err)
	return c
}

// newConn stores a connection with tokens, as the wizard does before provisioning.
func newConn(t testing.TB, w *testrig.World, name, togglToken string) *connection.Connection {
	t.Helper()
	ctx := context.Background()
	c, err := w.App.Conns.Create(ctx, name)
	must(t, err)
	must(t, w.App.Conns.SetTokens(ctx, c, togglToken, attiosim.SeedToken, wid, w.Attio.WorkspaceID()))
	return c
}

func live(subs []togglsim.Subscription) []togglsim.Subscription {
	var out []togglsim.Subscription
	for _, s := range subs {
		if s.DeletedAt == nil {
			out = append(out, s)
		}
	}
	return out
}

// eventually polls cond; the bound only stops a hung test, it asserts no speed.
func eventually(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting: %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Connect provisions everything; a time entry created in Toggl then reaches Attio through the
// validated subscription and the service's workers.
func TestConnectThenTimeEntryReachesAttio(t *testing.T) {
	w := world(t)
	conn := w.Connect(t)

	subs := live(w.Toggl.Subscriptions())
	if len(subs) != 1 || subs[0].ValidatedAt == nil || !subs[0].Enabled {
		t.Fatalf("Toggl subscriptions: %+v", subs)
	}
	if !strings.HasSuffix(subs[0].URLCallback, "/webhooks/toggl/"+conn.Slug) {
		t.Fatalf("url_callback %s", subs[0].URLCallback)
	}
	stored, err := w.App.Conns.TogglSubscriptions(context.Background(), conn.ID)
	must(t, err)
	if len(stored) != 1 || stored[0].ID != subs[0].ID || stored[0].ValidatedAt == nil || stored[0].Secret != subs[0].Secret {
		t.Fatalf("stored subscriptions %+v", stored)
	}
	hooks := w.Attio.Webhooks()
	if len(hooks) != 1 {
		t.Fatalf("Attio webhooks: %+v", hooks)
	}

	te, err := w.Toggl.CreateTimeEntry(togglsim.SeedAdaToken, wid, map[string]any{
		"created_with": "test", "workspace_id": wid, "project_id": 20300001, "description": "after connect",
		"start": time.Now().Add(-time.Hour).UTC().Format(time.RFC3339), "duration": 3600,
	})
	must(t, err)
	eventually(t, "the entry in Attio", func() bool {
		for _, e := range w.Attio.Entries("toggl_time_entries") {
			if e.Value("description") == "after connect" {
				return true
			}
		}
		return false
	})
	_ = te
}

// Running every provisioning step a second time writes nothing to Attio and changes nothing
// in Toggl.
func TestProvisioningTwiceChangesNothing(t *testing.T) {
	w := world(t)
	conn := w.Connect(t)
	ctx := context.Background()
	ac, tc := attioClient(t, w), togglClient(t, w, togglsim.SeedAdaToken)
	before := w.Attio.Stats().Writes
	subsBefore := live(w.Toggl.Subscriptions())
	plan, _, err := provision.EnsureAttioSchema(ctx, ac, conn.Settings, provision.SchemaOptions{TogglWorkspaceID: wid, TogglWorkspaceName: "Acme Agency"})
	must(t, err)
	if !plan.UpToDate() {
		t.Fatalf("second schema plan: create %v problems %v", plan.ToCreate(), plan.Problems())
	}
	res, err := provision.EnsureTogglSubscriptions(ctx, tc, w.App.Conns, conn, w.App.Config.PublicURL.String(), "")
	must(t, err)
	if res.Changed() || !res.AllLive() {
		t.Fatalf("second subscription run: %+v", res)
	}
	hook, err := provision.EnsureAttioWebhook(ctx, ac, w.App.Conns, conn, w.App.Config.PublicURL.String())
	must(t, err)
	if hook.Action != "reused" {
		t.Fatalf("webhook %s", hook.Action)
	}
	if got := w.Attio.Stats().Writes - before; got != 0 {
		t.Fatalf("second provisioning made %d Attio writes", got)
	}
	subsAfter := live(w.Toggl.Subscriptions())
	if len(subsAfter) != len(subsBefore) || subsAfter[0].ID != subsBefore[0].ID || subsAfter[0].UpdatedAt != nil {
		t.Fatalf("Toggl subscriptions changed: %+v → %+v", subsBefore, subsAfter)
	}
}

// Each plan gets what fits: explicit filters spread over the subscriptions the plan allows.
func TestSubscriptionsWithinPlanLimits(t *testing.T) {
	w := world(t)
	ctx := context.Background()
	tc := togglClient(t, w, togglsim.SeedAdaToken)
	ac := attioClient(t, w)
	public := w.App.Config.PublicURL.String()
	for _, tt := range []struct {
		plan    togglsim.Plan
		choice  provision.FilterChoice
		sizes   []int
		dropped int
	}{
		{togglsim.PlanFree, provision.FiltersPerEntity, []int{3}, 0},
		{togglsim.PlanFree, provision.FiltersExplicit, []int{3}, 6},
		{togglsim.PlanFree, provision.FiltersTimeEntries, []int{3}, 0},
		{togglsim.PlanStarter, provision.FiltersExplicit, []int{6, 3}, 0},
		{togglsim.PlanPremium, provision.FiltersExplicit, []int{9}, 0},
	} {
		t.Run(string(tt.plan)+"/"+string(tt.choice), func(t *testing.T) {
			w.Toggl.SetPlan(wid, tt.plan)
			conn := newConn(t, w, "plan "+string(tt.plan)+" "+string(tt.choice), togglsim.SeedAdaToken)
			res, err := provision.EnsureTogglSubscriptions(ctx, tc, w.App.Conns, conn, public, tt.choice)
			must(t, err)
			if len(res.Subscriptions) != len(tt.sizes) || len(res.Plan.Dropped) != tt.dropped || !res.AllLive() {
				t.Fatalf("result %+v", res)
			}
			for i, s := range res.Subscriptions {
				if len(s.Filters) != tt.sizes[i] {
					t.Fatalf("subscription %d has %d filters, want %d", i, len(s.Filters), tt.sizes[i])
				}
			}
			if tt.dropped > 0 && !strings.Contains(strings.Join(res.Plan.Notes, " "), "left out: project:created") {
				t.Fatalf("notes %v", res.Plan.Notes)
			}
			// Disconnect frees the slots for the next plan.
			dr, err := provision.Disconnect(ctx, tc, ac, w.App.Conns, conn, public)
			must(t, err)
			if len(dr.DeletedSubscriptions) != len(tt.sizes) || len(dr.Failed) > 0 {
				t.Fatalf("disconnect %+v", dr)
			}
			if n := len(live(w.Toggl.Subscriptions())); n != 0 {
				t.Fatalf("%d subscriptions left after disconnect", n)
			}
		})
	}
}

// On Free, a second installation cannot get a second enabled subscription: the admin reads why.
func TestFreePlanLimitExplained(t *testing.T) {
	w := world(t)
	ctx := context.Background()
	w.Toggl.SetPlan(wid, togglsim.PlanFree)
	tc := togglClient(t, w, togglsim.SeedAdaToken)
	public := w.App.Config.PublicURL.String()
	first := newConn(t, w, "first", togglsim.SeedAdaToken)
	_, err := provision.EnsureTogglSubscriptions(ctx, tc, w.App.Conns, first, public, "")
	must(t, err)
	second := newConn(t, w, "second", togglsim.SeedAdaToken)
	_, err = provision.EnsureTogglSubscriptions(ctx, tc, w.App.Conns, second, public, "")
	if msg := provision.Explain(err); !strings.Contains(msg, "allows 1 enabled webhook subscription(s) per user") {
		t.Fatalf("limit error: %q", msg)
	}
	stored, _ := w.App.Conns.TogglSubscriptions(ctx, second.ID)
	if len(stored) != 0 {
		t.Fatalf("a failed create left stored secrets: %+v", stored)
	}
}

// A reinstall meets the old installation's description: visible (suffix chosen up front) and
// invisible to a non-admin (Toggl's "already in use" answer, then the suffix).
func TestDescriptionConflictOnReinstall(t *testing.T) {
	w := world(t)
	ctx := context.Background()
	public := w.App.Config.PublicURL.String()
	old := w.Toggl.AddSubscription(togglsim.Subscription{WorkspaceID: wid, UserID: togglsim.SeedAdaID, Enabled: false,
		Description: "toggl-attio-sync: Acme Agency", URLCallback: "https://old.example/webhooks/toggl/gone",
		EventFilters: []togglsim.EventFilter{{Entity: "time_entry", Action: "*"}}})

	admin := newConn(t, w, "Acme Agency", togglsim.SeedAdaToken)
	res, err := provision.EnsureTogglSubscriptions(ctx, togglClient(t, w, togglsim.SeedAdaToken), w.App.Conns, admin, public, "")
	must(t, err)
	if d := res.Subscriptions[0].Description; !strings.HasPrefix(d, old.Description+" · installed ") {
		t.Fatalf("admin's description %q", d)
	}

	member := newConn(t, w, "Acme Agency", togglsim.SeedBenToken)
	res, err = provision.EnsureTogglSubscriptions(ctx, togglClient(t, w, togglsim.SeedBenToken), w.App.Conns, member, public, "")
	must(t, err)
	if d := res.Subscriptions[0].Description; !strings.HasPrefix(d, old.Description+" · installed ") || !res.AllLive() {
		t.Fatalf("member's subscription %+v", res.Subscriptions)
	}
}

// PUBLIC_URL that Toggl cannot reach: the URL probe's error in words, nothing left behind.
func TestUnreachablePublicURL(t *testing.T) {
	w := world(t)
	ctx := context.Background()
	conn := newConn(t, w, "unreachable", togglsim.SeedAdaToken)
	_, err := provision.EnsureTogglSubscriptions(ctx, togglClient(t, w, togglsim.SeedAdaToken), w.App.Conns, conn, "http://127.0.0.1:1", "")
	msg := provision.Explain(err)
	for _, want := range []string{"Toggl could not reach this service at http://127.0.0.1:1/webhooks/toggl/" + conn.Slug, "connection refused", "PUBLIC_URL (now http://127.0.0.1:1)"} {
		if !strings.Contains(msg, want) {
			t.Fatalf("message %q lacks %q", msg, want)
		}
	}
	if n := len(live(w.Toggl.Subscriptions())); n != 0 {
		t.Fatalf("%d subscriptions exist after a failed probe", n)
	}
}

// A subscription disabled in Toggl is re-enabled; one that is not validated is validated by a
// PING that our endpoint answers.
func TestReenableAndValidate(t *testing.T) {
	w := world(t)
	ctx := context.Background()
	conn := w.Connect(t)
	tc := togglClient(t, w, togglsim.SeedAdaToken)
	id := live(w.Toggl.Subscriptions())[0].ID
	_, err := tc.SetSubscriptionEnabled(ctx, wid, id, false)
	must(t, err)
	res, err := provision.EnsureTogglSubscriptions(ctx, tc, w.App.Conns, conn, w.App.Config.PublicURL.String(), "")
	must(t, err)
	if res.Subscriptions[0].Action != "re-enabled" || !res.AllLive() {
		t.Fatalf("after disable: %+v", res.Subscriptions)
	}

	// Toggl forgot the validation (e.g. the subscription was recreated by hand with our URL).
	must(t, provisionDisconnectToggl(ctx, tc, id))
	sub := w.Toggl.AddSubscription(togglsim.Subscription{WorkspaceID: wid, UserID: togglsim.SeedAdaID, Enabled: true,
		Description: "by hand", URLCallback: provision.TogglCallbackURL(w.App.Config.PublicURL.String(), conn.Slug),
		EventFilters: []togglsim.EventFilter{{Entity: "time_entry", Action: "*"}, {Entity: "project", Action: "*"}, {Entity: "client", Action: "*"}}})
	res, err = provision.EnsureTogglSubscriptions(ctx, tc, w.App.Conns, conn, w.App.Config.PublicURL.String(), "")
	must(t, err)
	if len(res.Subscriptions) != 1 || res.Subscriptions[0].ID != sub.ID || !res.AllLive() {
		t.Fatalf("adopted: %+v", res.Subscriptions)
	}
}

func provisionDisconnectToggl(ctx context.Context, tc *toggl.Client, id int64) error {
	_, err := tc.DeleteSubscription(ctx, wid, id)
	return err
}
