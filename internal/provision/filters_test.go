package provision

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"toggl-attio-sync/internal/toggl"
	"toggl-attio-sync/internal/togglsim"
)

var offered = map[string][]string{
	"client": {"created", "updated", "deleted"}, "project": {"created", "updated", "deleted"},
	"time_entry": {"created", "updated", "deleted"}, "tag": {"created", "updated", "deleted"},
}

func TestPlanFilters(t *testing.T) {
	free := toggl.WebhookLimits{MaxWebhooks: 1, MaxEventsPerWebhook: 3}
	starter := toggl.WebhookLimits{MaxWebhooks: 2, MaxEventsPerWebhook: 6}
	premium := toggl.WebhookLimits{MaxWebhooks: 3, MaxEventsPerWebhook: 12}
	for _, tt := range []struct {
		name      string
		limits    toggl.WebhookLimits
		available map[string][]string
		choice    FilterChoice
		want      string // subscriptions separated by " | "
		dropped   int
	}{
		{"default on free", free, offered, "", "time_entry:* project:* client:*", 0},
		{"time entries on free", free, offered, FiltersTimeEntries, "time_entry:created time_entry:updated time_entry:deleted", 0},
		{"explicit on free", free, offered, FiltersExplicit, "time_entry:created time_entry:updated time_entry:deleted", 6},
		{"explicit on starter", starter, offered, FiltersExplicit,
			"time_entry:created time_entry:updated time_entry:deleted project:created project:updated project:deleted | client:created client:updated client:deleted", 0},
		{"explicit on premium", premium, offered, FiltersExplicit,
			"time_entry:created time_entry:updated time_entry:deleted project:created project:updated project:deleted client:created client:updated client:deleted", 0},
		{"client not offered", free, map[string][]string{"time_entry": {"created"}, "project": {"created"}}, "", "time_entry:* project:*", 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p, err := PlanFilters(tt.limits, tt.available, tt.choice)
			if err != nil {
				t.Fatal(err)
			}
			var subs []string
			for _, s := range p.Subscriptions {
				subs = append(subs, strings.ReplaceAll(filterList(s), ",", ""))
			}
			if got := strings.Join(subs, " | "); got != tt.want || len(p.Dropped) != tt.dropped {
				t.Fatalf("got %q dropped %v, want %q dropped %d", got, p.Dropped, tt.want, tt.dropped)
			}
		})
	}
	if _, err := PlanFilters(toggl.WebhookLimits{}, offered, ""); err == nil {
		t.Fatal("no webhooks allowed: want an error")
	}
	if _, err := PlanFilters(free, offered, "everything"); err == nil {
		t.Fatal("unknown choice: want an error")
	}
}

// A receiver that verifies nothing and never echoes the code (as behind a proxy that rewrites
// bodies): provisioning validates through GET /validate with the code the endpoint recorded.
func TestValidateEndpointFallback(t *testing.T) {
	e := newTogglEnv(t, togglsim.Config{})
	conns := newConns(t)
	ctx := context.Background()
	conn, err := conns.Create(ctx, "fallback")
	noErr(t, err)
	noErr(t, conns.SetTokens(ctx, conn, togglsim.SeedAdaToken, "attio", togglsim.SeedWorkspaceID, "ws"))
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var ping struct {
			SubscriptionID int64  `json:"subscription_id"`
			ValidationCode string `json:"validation_code"`
		}
		json.Unmarshal(body, &ping)
		ValidationCodes.Remember(conn.ID, ping.SubscriptionID, ping.ValidationCode)
		w.Write([]byte(`{"status":"ok"}`))
	}))
	t.Cleanup(recv.Close)

	res, err := EnsureTogglSubscriptions(ctx, e.c, conns, conn, recv.URL, FiltersTimeEntries)
	noErr(t, err)
	if !res.AllLive() {
		t.Fatalf("not validated through the fallback: %+v", res.Subscriptions)
	}
	stored, err := conns.TogglSubscriptions(ctx, conn.ID)
	noErr(t, err)
	if len(stored) != 1 || stored[0].ValidatedAt == nil {
		t.Fatalf("stored %+v", stored)
	}
}

func TestChoiceOfRecognisesPlans(t *testing.T) {
	for _, c := range []FilterChoice{FiltersPerEntity, FiltersTimeEntries, FiltersExplicit} {
		p, err := PlanFilters(toggl.WebhookLimits{MaxWebhooks: 2, MaxEventsPerWebhook: 6}, offered, c)
		noErr(t, err)
		if got := ChoiceOf(p.Subscriptions); got != c {
			t.Errorf("ChoiceOf(plan of %s) = %s", c, got)
		}
	}
	if got := ChoiceOf(nil); got != DefaultFilterChoice {
		t.Errorf("no subscriptions: %s", got)
	}
}
