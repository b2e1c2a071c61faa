package attio

import (
	"context"
	"net/http"
	"slices"
	"testing"
	"time"
)

// serveFile answers every request with a testdata file.
func serveFile(t *testing.T, name string) *Client {
	t.Helper()
	body := testdata(t, name)
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, _ []byte) { writeJSON(w, 200, body) })
	return newTestClient(t, rec.srv.URL, newFakeClock())
}

// TestDecodeRecordValues decodes a record carrying one value of each type the sync reads
// (shapes from the spec's output-value examples and docs/api/attio.md §3) and reads current values.
func TestDecodeRecordValues(t *testing.T) {
	c := serveFile(t, "record_values.json")
	r, err := c.GetRecord(context.Background(), "projects", "bf071e1f-6035-429d-b874-d83ea64ea13b")
	if err != nil {
		t.Fatal(err)
	}
	if r.ID.RecordID != "bf071e1f-6035-429d-b874-d83ea64ea13b" || r.ID.ObjectID != "97052eb9-e65e-443f-a297-f2d9a4a7f795" {
		t.Errorf("id %+v", r.ID)
	}
	if want := time.Date(2022, 11, 21, 13, 22, 49, 61281000, time.UTC); !r.CreatedAt.Equal(want) {
		t.Errorf("created_at %v", r.CreatedAt)
	}
	v := r.Values
	if s, ok := v.Text("name"); !ok || s != "Lorem ipsum dolor sit amet" {
		t.Errorf("Text(name) = %q %v, want the active value, not the historic one", s, ok)
	}
	if len(v["name"]) != 2 || len(v.Active("name")) != 1 {
		t.Errorf("name history %d, active %d", len(v["name"]), len(v.Active("name")))
	}
	if f, ok := v.Number("hours"); !ok || f != 42 {
		t.Errorf("Number(hours) = %v %v", f, ok)
	}
	if b, ok := v.Checkbox("billable"); !ok || !b {
		t.Errorf("Checkbox(billable) = %v %v", b, ok)
	}
	if ts, ok := v.Timestamp("last_synced_at"); !ok || !ts.Equal(time.Date(2023, 1, 1, 15, 0, 0, 0, time.UTC)) {
		t.Errorf("Timestamp = %v %v", ts, ok)
	}
	if d, ok := v.Date("start_date"); !ok || !d.Equal(time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("Date = %v %v", d, ok)
	}
	if s, ok := v.SelectTitle("project_type"); !ok || s != "Retainer" {
		t.Errorf("SelectTitle = %q %v", s, ok)
	}
	if cur, _ := v.Current("project_type"); cur.Option.ID.OptionID != "08c2c59a-c18e-40c6-8dc4-95415313b2ea" {
		t.Errorf("option id %+v", cur.Option)
	}
	// The spec's second select form carries only the option id.
	if cur, ok := v.Current("legacy_select"); !ok || cur.Option == nil || cur.Option.ID.OptionID != "08c2c59a-c18e-40c6-8dc4-95415313b2ea" {
		t.Errorf("legacy select %+v", cur.Option)
	}
	if _, ok := v.SelectTitle("legacy_select"); ok {
		t.Error("SelectTitle of an id-only option reported a title")
	}
	if s, ok := v.StatusTitle("stage"); !ok || s != "In Progress" {
		t.Errorf("StatusTitle = %q %v", s, ok)
	}
	if ref, ok := v.RecordRef("company"); !ok || ref != (Ref{"companies", "891dcbfc-9141-415d-9b2a-2238a6cc012d"}) {
		t.Errorf("RecordRef = %+v %v", ref, ok)
	}
	wantTeam := []Ref{{"people", "aaaaaaaa-9141-415d-9b2a-2238a6cc012d"}, {"people", "cccccccc-9141-415d-9b2a-2238a6cc012d"}}
	if got := v.RecordRefs("team"); !slices.Equal(got, wantTeam) {
		t.Errorf("RecordRefs(team) = %v, want %v (historic one dropped)", got, wantTeam)
	}
	if amt, code, ok := v.Currency("budget"); !ok || amt != 99 || code != "USD" {
		t.Errorf("Currency(budget) = %v %q %v", amt, code, ok)
	}
	if amt, code, ok := v.Currency("docs_budget"); !ok || amt != 499 || code != "" {
		t.Errorf("Currency(docs_budget) = %v %q %v", amt, code, ok)
	}
	if cur, ok := v.Current("owner"); !ok || cur.ReferencedActorType != "workspace-member" || deref(cur.ReferencedActorID) != "50cf242c-7fa3-4cad-87d0-75b1af71c57b" {
		t.Errorf("owner %+v", cur)
	}
	if cur, _ := v.Current("hours"); cur.CreatedByActor != (Actor{Type: "system"}) {
		t.Errorf("system actor %+v", cur.CreatedByActor)
	}
	// Type mismatches and missing attributes read as absent.
	if _, ok := v.Text("hours"); ok {
		t.Error("Text of a number value reported ok")
	}
	if _, ok := v.Text("empty"); ok {
		t.Error("Text of [] reported ok")
	}
	if _, ok := v.Number("missing"); ok {
		t.Error("Number of a missing attribute reported ok")
	}
}

func TestDecodeSpecExamples(t *testing.T) {
	ctx := context.Background()
	t.Run("entry", func(t *testing.T) {
		e, err := serveFile(t, "entry_spec_example.json").GetEntry(ctx, "33ebdbe9-e529-47c9-b894-0ba25e9c15c0", "2e6e29ea-c4e0-4f44-842d-78a891f8c156")
		if err != nil {
			t.Fatal(err)
		}
		if e.ID.EntryID != "2e6e29ea-c4e0-4f44-842d-78a891f8c156" || e.ParentRecordID != "891dcbfc-9141-415d-9b2a-2238a6cc012d" || e.ParentObject != "people" {
			t.Errorf("entry %+v", e)
		}
		if s, ok := e.EntryValues.StatusTitle("status"); !ok || s != "In Progress" {
			t.Errorf("status %q %v", s, ok)
		}
		if cur, _ := e.EntryValues.Current("status"); cur.Status.ID.StatusID != "527def35-7994-4ef7-9584-80ef8de352a8" {
			t.Errorf("status id %+v", cur.Status)
		}
		if _, ok := e.EntryValues.Timestamp("created_at"); !ok {
			t.Error("created_at timestamp missing")
		}
	})
	t.Run("list", func(t *testing.T) {
		l, err := serveFile(t, "list_spec_example.json").GetList(ctx, "hiring-engineering")
		if err != nil {
			t.Fatal(err)
		}
		if l.ID.ListID != "33ebdbe9-e529-47c9-b894-0ba25e9c15c0" || !slices.Equal(l.ParentObject, []string{"people"}) ||
			deref(l.WorkspaceAccess) != AccessReadAndWrite || len(l.WorkspaceMemberAccess) != 1 || l.CreatedByActor != (Actor{}) {
			t.Errorf("list %+v", l)
		}
	})
	t.Run("webhook", func(t *testing.T) {
		w, err := serveFile(t, "webhook_create_spec_example.json").CreateWebhook(ctx, CreateWebhookInput{TargetURL: "https://example.com/webhook"})
		if err != nil {
			t.Fatal(err)
		}
		if w.ID.WebhookID != "23e42eaf-323a-41da-b5bb-fd67eebda553" || w.Status != "active" || w.Secret == "" ||
			len(w.Subscriptions) != 1 || w.Subscriptions[0].Filter == nil || w.Subscriptions[0].Filter.And[0].Field != "parent_object_id" {
			t.Errorf("webhook %+v", w)
		}
	})
	t.Run("attribute", func(t *testing.T) {
		a, err := serveFile(t, "attribute_spec_example.json").CreateAttribute(ctx, Objects, "people", CreateAttributeInput{})
		if err != nil {
			t.Fatal(err)
		}
		if a.ID.AttributeID != "41252299-f8c7-4b5e-99c9-4ff8321d2f96" || a.APISlug != "my-rating" || !a.IsUnique ||
			a.Relationship == nil || deref(a.Config.Currency.DefaultCurrencyCode) != "USD" ||
			!slices.Equal(a.Config.RecordReference.AllowedObjectIDs, []string{"97052eb9-e65e-443f-a297-f2d9a4a7f795"}) {
			t.Errorf("attribute %+v", a)
		}
	})
	t.Run("status", func(t *testing.T) {
		s, err := serveFile(t, "status_spec_example.json").CreateStatus(ctx, Lists, "l", "stage", CreateStatusInput{Title: "In Progress"})
		if err != nil {
			t.Fatal(err)
		}
		if s.ID.StatusID != "11f07f01-c10f-4e05-a522-33e050bc52ee" || s.Title != "In Progress" || deref(s.TargetTimeInStatus) != "P0Y0M1DT0H0M0S" {
			t.Errorf("status %+v", s)
		}
	})
	t.Run("select option", func(t *testing.T) {
		o, err := serveFile(t, "select_option_spec_example.json").CreateSelectOption(ctx, Objects, "o", "a", "Medium")
		if err != nil {
			t.Fatal(err)
		}
		if o.ID.OptionID != "08c2c59a-c18e-40c6-8dc4-95415313b2ea" || o.Title != "Medium" {
			t.Errorf("option %+v", o)
		}
	})
	t.Run("object", func(t *testing.T) {
		o, err := serveFile(t, "object_spec_example.json").GetObject(ctx, "people")
		if err != nil {
			t.Fatal(err)
		}
		if o.ID.ObjectID != "97052eb9-e65e-443f-a297-f2d9a4a7f795" || o.Slug() != "people" || deref(o.PluralNoun) != "People" {
			t.Errorf("object %+v", o)
		}
	})
	t.Run("self active, not wrapped in data", func(t *testing.T) {
		s, err := serveFile(t, "self_active.json").Self(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !s.Active || s.WorkspaceSlug != "acme" || s.Exp != nil || len(s.Scopes()) != 4 {
			t.Errorf("self %+v", s)
		}
	})
}
