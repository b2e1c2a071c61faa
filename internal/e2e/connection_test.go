package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"toggl-attio-sync/internal/app"
	"toggl-attio-sync/internal/attiosim"
	"toggl-attio-sync/internal/testrig"
	"toggl-attio-sync/internal/toggl"
	"toggl-attio-sync/internal/togglsim"
)

const wid = togglsim.SeedWorkspaceID

// wizardWorld is both emulators and the service behind an https proxy (Attio delivers to
// https only), with an admin password; Toggl calls are not paced (the emulator's limits are
// off). The browser uses the service's own http address.
func wizardWorld(t *testing.T, env map[string]string) *testrig.World {
	t.Helper()
	o := testrig.WorldOptions{HTTPS: true}
	o.Env = map[string]string{"ADMIN_PASSWORD": password}
	for k, v := range env {
		o.Env[k] = v
	}
	o.Toggl.DisableLimits = true
	o.App = []app.Option{app.WithTogglOptions(func(opts *toggl.Options) { opts.Registry = toggl.NewRegistry(0, 1) })}
	return testrig.StartWorld(t, o)
}

func login(t *testing.T, ctx context.Context, w *testrig.World) {
	t.Helper()
	must(t, chromedp.Do(ctx,
		chromedp.Navigate(w.URL+"/login"),
		chromedp.WaitVisible("#login-form"),
		chromedp.SendKeys("#password", password),
		chromedp.Submit("#login-form"),
		chromedp.WaitVisible("#logout"),
	))
}

// pasteTokens fills the new-connection form and submits it.
func pasteTokens(t *testing.T, ctx context.Context, w *testrig.World, name, togglToken, attioToken string) {
	t.Helper()
	must(t, chromedp.Do(ctx,
		chromedp.Navigate(w.URL+"/connection"),
		chromedp.WaitVisible("#token-form"),
	))
	if name != "" {
		must(t, chromedp.Do(ctx, chromedp.SendKeys("#name", name)))
	}
	must(t, chromedp.Do(ctx,
		chromedp.SendKeys("#toggl_token", togglToken),
		chromedp.SendKeys("#attio_token", attioToken),
		chromedp.Click("#check-tokens"),
	))
}

// provisionInBrowser goes from the connection page through the plan to the result.
func provisionInBrowser(t *testing.T, ctx context.Context, choice string) {
	t.Helper()
	must(t, chromedp.Do(ctx, chromedp.WaitVisible("#plan-form")))
	if choice != "" {
		must(t, chromedp.Do(ctx, chromedp.Click(`input[name="filters"][value="`+choice+`"]`)))
	}
	must(t, chromedp.Do(ctx,
		chromedp.Click("#show-plan"),
		chromedp.WaitVisible("#apply-form"),
		chromedp.Click("#apply"),
		chromedp.WaitVisible("#back"),
	))
}

func count(t *testing.T, ctx context.Context, sel string) int {
	t.Helper()
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll(`+"`"+sel+"`"+`).length`))
	must(t, err)
	return n
}

func pageHTML(t *testing.T, ctx context.Context) string {
	t.Helper()
	html, err := chromedp.Run(ctx, chromedp.OuterHTML("html"))
	must(t, err)
	return html
}

// The whole wizard: tokens pasted → plan → provisioned → a time entry created in Toggl
// appears in Attio. Then the same plan again finds everything in place and writes nothing,
// and disconnect removes the subscription and the webhook.
func TestWizardConnectProvisionSync(t *testing.T) {
	w := wizardWorld(t, nil)
	ctx := testrig.Chromium(t)
	login(t, ctx, w)
	pasteTokens(t, ctx, w, "", togglsim.SeedAdaToken, attiosim.SeedToken)
	must(t, chromedp.Do(ctx, chromedp.WaitVisible("#plan-form")))
	if got := text(t, ctx, "h1"); got != "Acme Agency ↔ Acme Agency" {
		t.Fatalf("connection name %q", got)
	}
	if count(t, ctx, "#not-admin") != 0 {
		t.Fatal("admin warned as non-admin")
	}
	if got := text(t, ctx, "#limits"); !strings.Contains(got, "3 enabled webhook subscription(s) per user, with up to 12 event filters") {
		t.Fatalf("limits: %q", got)
	}
	html := pageHTML(t, ctx)
	for _, secret := range []string{togglsim.SeedAdaToken, attiosim.SeedToken} {
		if strings.Contains(html, secret) {
			t.Fatal("a token is rendered on the connection page")
		}
	}

	must(t, chromedp.Do(ctx, chromedp.Click("#show-plan"), chromedp.WaitVisible("#apply-form")))
	if n := count(t, ctx, "#schema-plan tr.plan-create"); n < 10 {
		t.Fatalf("plan creates only %d items", n)
	}
	if count(t, ctx, "#schema-plan tr.plan-problem") != 0 {
		t.Fatalf("plan has problems:\n%s", text(t, ctx, "#schema-plan"))
	}
	if got := text(t, ctx, "#subscription-plan"); !strings.Contains(got, "time_entry:*, project:*, client:*") {
		t.Fatalf("subscription plan %q", got)
	}
	must(t, chromedp.Do(ctx, chromedp.Click("#apply"), chromedp.WaitVisible("#back")))
	if n := count(t, ctx, ".result-error"); n != 0 {
		t.Fatalf("apply errors: %s", text(t, ctx, ".result-error"))
	}
	if got := text(t, ctx, "#subscriptions"); !strings.Contains(got, "enabled") || !strings.Contains(got, "validated") || strings.Contains(got, "not validated") {
		t.Fatalf("subscriptions after apply: %q", got)
	}
	if got := text(t, ctx, "#webhook-result"); !strings.HasPrefix(got, "created, active") {
		t.Fatalf("webhook: %q", got)
	}
	// Only the validation ping has arrived: the page says it waits, not that events arrive.
	if got := text(t, ctx, "main"); !strings.Contains(got, "waiting for the first event") || strings.Contains(got, "events reach this service") {
		t.Fatalf("before any event, the result says:\n%s", got)
	}

	_, err := w.Toggl.CreateTimeEntry(togglsim.SeedAdaToken, wid, map[string]any{
		"created_with": "e2e", "workspace_id": wid, "project_id": 20300003, "description": "typed in Toggl",
		"start": time.Now().Add(-2 * time.Hour).UTC().Format(time.RFC3339), "duration": 5400,
	})
	must(t, err)
	deadline := time.Now().Add(60 * time.Second)
	for found := false; !found; {
		for _, e := range w.Attio.Entries("toggl_time_entries") {
			found = found || e.Value("description") == "typed in Toggl"
		}
		if !found && time.Now().After(deadline) {
			t.Fatal("the Toggl time entry never reached Attio")
		}
		time.Sleep(100 * time.Millisecond)
	}

	// Provisioning again changes nothing.
	writes := w.Attio.Stats().Writes
	subID := w.Toggl.Subscriptions()[0].ID
	must(t, chromedp.Do(ctx, chromedp.Click("#back"), chromedp.WaitVisible("#plan-form"),
		chromedp.Click("#show-plan"), chromedp.WaitVisible("#up-to-date"),
		chromedp.Click("#apply"), chromedp.WaitVisible("#back")))
	if got := text(t, ctx, "#schema-summary"); !strings.HasPrefix(got, "0 created") {
		t.Fatalf("second apply: %q", got)
	}
	if got := text(t, ctx, "main"); !strings.Contains(got, "Toggl events reach this service") {
		t.Fatalf("after an event arrived, the result says:\n%s", got)
	}
	if got := text(t, ctx, "#subscriptions"); !strings.Contains(got, "(reused)") {
		t.Fatalf("second apply subscriptions: %q", got)
	}
	if got := w.Attio.Stats().Writes - writes; got != 0 {
		t.Fatalf("second provisioning wrote %d times to Attio", got)
	}
	if subs := w.Toggl.Subscriptions(); len(subs) != 1 || subs[0].ID != subID || subs[0].UpdatedAt != nil {
		t.Fatalf("Toggl subscriptions changed: %+v", subs)
	}

	// Disabled in Toggl: re-check enables it again.
	tc, err := toggl.New(toggl.Options{BaseURL: w.TogglURL, APIToken: togglsim.SeedAdaToken, Registry: toggl.NewRegistry(0, 1)})
	must(t, err)
	_, err = tc.SetSubscriptionEnabled(context.Background(), wid, subID, false)
	must(t, err)
	must(t, chromedp.Do(ctx, chromedp.Click("#back"), chromedp.WaitVisible("#recheck"),
		chromedp.Click("#recheck"), chromedp.WaitVisible("#back")))
	if got := text(t, ctx, "#subscriptions"); !strings.Contains(got, "(re-enabled)") || strings.Contains(got, "disabled") {
		t.Fatalf("re-check: %q", got)
	}

	// The list shows the connection; disconnect removes the remote parts.
	must(t, chromedp.Do(ctx, chromedp.Navigate(w.URL+"/connection"), chromedp.WaitVisible("#connections")))
	if got := text(t, ctx, "#connections"); !strings.Contains(got, "active") || !strings.Contains(got, "1: 1 enabled, 1 validated") {
		t.Fatalf("list: %q", got)
	}
	must(t, chromedp.Do(ctx, chromedp.Click("#connections a"), chromedp.WaitVisible("#disconnect"),
		chromedp.Click("#disconnect"), chromedp.WaitVisible("#back")))
	if got := text(t, ctx, ".message"); !strings.Contains(got, "Deleted 1 Toggl subscription(s) and 1 Attio webhook(s)") {
		t.Fatalf("disconnect: %q", got)
	}
	if subs := w.Toggl.Subscriptions(); subs[0].DeletedAt == nil {
		t.Fatal("Toggl subscription not deleted")
	}
	if len(w.Attio.Webhooks()) != 0 {
		t.Fatal("Attio webhook not deleted")
	}
}

// Wrong tokens, an Attio token without the needed scopes, and a Toggl member who is no admin
// each get their own message.
func TestWizardTokenMessages(t *testing.T) {
	w := wizardWorld(t, nil)
	w.Attio.AddToken("limited-attio-token", "record_permission:read-write", "object_configuration:read")
	ctx := testrig.Chromium(t)
	login(t, ctx, w)

	pasteTokens(t, ctx, w, "", "not-a-toggl-token", "not-an-attio-token")
	must(t, chromedp.Do(ctx, chromedp.WaitVisible("#toggl_token-error")))
	if got := text(t, ctx, "#toggl_token-error"); !strings.Contains(got, "Toggl did not accept this API token") {
		t.Fatalf("toggl error %q", got)
	}
	if got := text(t, ctx, "#attio_token-error"); !strings.Contains(got, "Attio did not accept this access token") {
		t.Fatalf("attio error %q", got)
	}

	pasteTokens(t, ctx, w, "", togglsim.SeedAdaToken, "limited-attio-token")
	must(t, chromedp.Do(ctx, chromedp.WaitVisible("#missing-scopes")))
	got := text(t, ctx, "#missing-scopes")
	for _, scope := range []string{"object_configuration:read-write", "list_configuration:read-write", "list_entry:read-write", "webhook:read-write"} {
		if !strings.Contains(got, scope) {
			t.Fatalf("missing scopes %q lack %s", got, scope)
		}
	}
	if strings.Contains(got, "record_permission") {
		t.Fatalf("a granted scope is listed as missing: %q", got)
	}
	if count(t, ctx, "#toggl_token-error") != 0 {
		t.Fatal("a good Toggl token was refused")
	}
	if conns, err := w.App.Conns.List(context.Background()); err != nil || len(conns) != 0 {
		t.Fatalf("refused tokens created connections: %v %v", conns, err)
	}

	pasteTokens(t, ctx, w, "", togglsim.SeedBenToken, attiosim.SeedToken)
	must(t, chromedp.Do(ctx, chromedp.WaitVisible("#not-admin")))
	if got := text(t, ctx, "#not-admin"); !strings.Contains(got, "other people's time entries will not arrive") {
		t.Fatalf("non-admin warning %q", got)
	}
}

// Free, Starter and Premium: the page states the plan's limits and the chosen filters are
// spread within them; Free's trade-off is explained. A reinstall meets the old
// subscription's description and gets a timestamp suffix.
func TestWizardPlanLimitsAndReinstall(t *testing.T) {
	w := wizardWorld(t, nil)
	ctx := testrig.Chromium(t)
	login(t, ctx, w)
	for _, tt := range []struct {
		plan   togglsim.Plan
		limits string
		subs   int
		note   string
	}{
		{togglsim.PlanFree, "1 enabled webhook subscription(s) per user, with up to 3 event filters", 1, "left out: project:created"},
		{togglsim.PlanStarter, "2 enabled webhook subscription(s) per user, with up to 6 event filters", 2, ""},
		{togglsim.PlanPremium, "3 enabled webhook subscription(s) per user, with up to 12 event filters", 1, ""},
	} {
		w.Toggl.SetPlan(wid, tt.plan)
		pasteTokens(t, ctx, w, "plan "+string(tt.plan), togglsim.SeedAdaToken, attiosim.SeedToken)
		must(t, chromedp.Do(ctx, chromedp.WaitVisible("#limits")))
		if got := text(t, ctx, "#limits"); !strings.Contains(got, tt.limits) {
			t.Fatalf("%s limits %q", tt.plan, got)
		}
		if got := text(t, ctx, "#filters"); !strings.Contains(got, "on Free only the 3 time entry filters fit") {
			t.Fatalf("trade-off not explained: %q", got)
		}
		must(t, chromedp.Do(ctx, chromedp.Click(`input[name="filters"][value="explicit"]`),
			chromedp.Click("#show-plan"), chromedp.WaitVisible("#subscription-plan")))
		if n := count(t, ctx, "#subscription-plan li"); n != tt.subs {
			t.Fatalf("%s: %d subscriptions planned, want %d", tt.plan, n, tt.subs)
		}
		if tt.note != "" && !strings.Contains(text(t, ctx, ".filter-note"), tt.note) {
			t.Fatalf("%s: no note on what is left out", tt.plan)
		}
		must(t, chromedp.Do(ctx, chromedp.Click("#apply"), chromedp.WaitVisible("#back")))
		if n := count(t, ctx, "#subscriptions tr.subscription"); n != tt.subs {
			t.Fatalf("%s: %d subscriptions made:\n%s", tt.plan, n, pageHTML(t, ctx))
		}
		must(t, chromedp.Do(ctx, chromedp.Click("#back"), chromedp.WaitVisible("#disconnect"),
			chromedp.Click("#disconnect"), chromedp.WaitVisible("#back")))
	}

	// Reinstall: an earlier installation's subscription still holds the description.
	w.Toggl.SetPlan(wid, togglsim.PlanPremium)
	w.Toggl.AddSubscription(togglsim.Subscription{WorkspaceID: wid, UserID: togglsim.SeedAdaID, Description: "toggl-attio-sync: Acme",
		URLCallback: "https://old-install.example/webhooks/toggl/x", EventFilters: []togglsim.EventFilter{{Entity: "time_entry", Action: "*"}}})
	pasteTokens(t, ctx, w, "Acme", togglsim.SeedAdaToken, attiosim.SeedToken)
	provisionInBrowser(t, ctx, "")
	if got := text(t, ctx, "#subscriptions"); !strings.Contains(got, "toggl-attio-sync: Acme · installed ") || strings.Contains(got, "not validated") {
		t.Fatalf("reinstall subscription: %q", got)
	}
}

// PUBLIC_URL that Toggl cannot reach: the URL probe's failure in words.
func TestWizardUnreachablePublicURL(t *testing.T) {
	w := wizardWorld(t, map[string]string{"PUBLIC_URL": "http://127.0.0.1:1"})
	ctx := testrig.Chromium(t)
	login(t, ctx, w)
	pasteTokens(t, ctx, w, "", togglsim.SeedAdaToken, attiosim.SeedToken)
	provisionInBrowser(t, ctx, "")
	got := text(t, ctx, ".result-error")
	for _, want := range []string{"Toggl could not reach this service at http://127.0.0.1:1/webhooks/toggl/", "nothing listens there", "PUBLIC_URL (now http://127.0.0.1:1)"} {
		if !strings.Contains(got, want) {
			t.Fatalf("error %q lacks %q", got, want)
		}
	}
}
