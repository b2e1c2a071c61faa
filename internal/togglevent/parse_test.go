package togglevent

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// testdata/*.json are copied verbatim from docs/api/toggl.md:
//   ping_validated_docs.json       §2.1 official signature-docs PING (validated subscription)
//   ping_unvalidated_2023.json     §2.1 captured PING with validation_code
//   ping_old_docs.json             §3   older docs PING (no timestamp, no url_callback)
//   time_entry_created_running.json §2.2 captured "created" (running timer)
//   time_entry_updated_stopped.json §2.2 captured "updated" (timer stopped)

func sample(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// mutate decodes a sample, lets edit change it and re-encodes it; ids stay exact (UseNumber).
func mutate(t testing.TB, name string, edit func(m map[string]any)) []byte {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(sample(t, name)))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		t.Fatal(err)
	}
	edit(m)
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// running is the captured running-timer sample most derived cases start from.
const running = "time_entry_created_running.json"

func meta(m map[string]any) map[string]any    { return m["metadata"].(map[string]any) }
func payload(m map[string]any) map[string]any { return m["payload"].(map[string]any) }

func mustTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestParsePings(t *testing.T) {
	cases := []struct {
		file           string
		subscription   int64
		userID         int64
		validationCode string
		validationURL  string
		timestamp      time.Time
	}{
		{"ping_validated_docs.json", 6, 6, "", "", mustTime("2022-06-25T03:58:10.207820267Z")},
		{"ping_unvalidated_2023.json", 10710, 9547721, "89627dd73f2044f2f73815d665bbce33",
			"https://track.toggl.com/webhooks/api/v1/validate/7435584/10710/89627dd73f2044f2f73815d665bbce33",
			mustTime("2023-07-17T10:57:40.959597671Z")},
		{"ping_old_docs.json", 6, 6, "", "", time.Time{}},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			ev, err := Parse(sample(t, c.file))
			if err != nil {
				t.Fatal(err)
			}
			if !ev.IsPing || ev.EventID != 0 || ev.SubscriptionID != c.subscription || ev.EventUserID != c.userID {
				t.Fatalf("envelope = %+v", ev)
			}
			if ev.ValidationCode != c.validationCode || ev.ValidationCodeURL != c.validationURL {
				t.Fatalf("validation = %q %q", ev.ValidationCode, ev.ValidationCodeURL)
			}
			if !ev.Timestamp.Equal(c.timestamp) {
				t.Fatalf("timestamp = %v, want %v", ev.Timestamp, c.timestamp)
			}
			if ev.Key() != "" || ev.Model != "" || ev.TimeEntry != nil || ev.Project != nil || ev.Client != nil {
				t.Fatalf("ping carries entity data: %+v", ev)
			}
		})
	}
}

func TestParseCapturedTimeEntryCreatedRunning(t *testing.T) {
	ev, err := Parse(sample(t, "time_entry_created_running.json"))
	if err != nil {
		t.Fatal(err)
	}
	if ev.IsPing || ev.EventID != 8023169274704072 || ev.SubscriptionID != 10713 || ev.CreatorID != 9547721 {
		t.Fatalf("envelope = %+v", ev)
	}
	if ev.Model != ModelTimeEntry || ev.Action != ActionCreated || ev.WorkspaceID != 7435584 || ev.EntityID != 3050537739 {
		t.Fatalf("model/action/ids = %s %s %d %d", ev.Model, ev.Action, ev.WorkspaceID, ev.EntityID)
	}
	if ev.Key() != "time_entry:3050537739" {
		t.Fatalf("key = %q", ev.Key())
	}
	if !ev.CreatedAt.Equal(mustTime("2023-07-17T11:43:32.827Z")) || !ev.Timestamp.Equal(mustTime("2023-07-17T11:43:33.170443406Z")) {
		t.Fatalf("times = %v %v", ev.CreatedAt, ev.Timestamp)
	}
	if !ev.At.Equal(mustTime("2023-07-17T11:43:32Z")) {
		t.Fatalf("At = %v", ev.At)
	}
	if ev.EventUserID != 9547721 || ev.Metadata["path"] != "/api/v9/workspaces/7435584/time_entries" || ev.Metadata["request_type"] != "POST" {
		t.Fatalf("metadata = %v", ev.Metadata)
	}
	te := ev.TimeEntry
	if te == nil || ev.Project != nil || ev.Client != nil {
		t.Fatal("want only a time entry payload")
	}
	if !te.Running() || te.Stop != nil || te.Duration != -1689594212 || te.Start.Unix() != -te.Duration {
		t.Fatalf("running entry = %+v", te)
	}
	if te.ID != 3050537739 || te.WorkspaceID != 7435584 || te.UserID != 9547721 || te.ProjectID != nil || te.TaskID != nil {
		t.Fatalf("ids = %+v", te)
	}
	if te.Description == nil || *te.Description != "test" || te.Billable || te.Tags == nil || len(te.Tags) != 0 || te.TagIDs != nil {
		t.Fatalf("fields = %+v", te)
	}
	if te.Deleted || ev.Deleted() || te.ServerDeletedAt != nil {
		t.Fatal("created entry reported deleted")
	}
	if te.Start.Location() != time.UTC || !te.At.Equal(ev.At) {
		t.Fatalf("start %v at %v", te.Start, te.At)
	}
}

func TestParseCapturedTimeEntryUpdatedStopped(t *testing.T) {
	ev, err := Parse(sample(t, "time_entry_updated_stopped.json"))
	if err != nil {
		t.Fatal(err)
	}
	te := ev.TimeEntry
	if ev.Action != ActionUpdated || ev.EntityID != 3095646709 || te == nil {
		t.Fatalf("event = %+v", ev)
	}
	if te.Running() || te.Duration != 3001 || te.Stop == nil || te.Stop.Sub(te.Start) != 3001*time.Second {
		t.Fatalf("stopped entry = %+v", te)
	}
	if *te.Description != "C2C-2 !!" || !ev.At.Equal(mustTime("2023-08-22T12:43:35Z")) {
		t.Fatalf("desc %q at %v", *te.Description, ev.At)
	}
	if !strings.Contains(ev.Metadata["request_body"], `"duration":3001`) {
		t.Fatalf("request_body = %q", ev.Metadata["request_body"])
	}
}

// Derived deliveries: no verbatim project, client or deleted sample exists (docs/api/toggl.md §2.2), so
// these are the captured samples edited to the v9 shapes of §4.3/§4.4.
func TestParseDerived(t *testing.T) {
	t.Run("deleted without payload takes id from metadata and At from created_at", func(t *testing.T) {
		ev, err := Parse(mutate(t, running, func(m map[string]any) {
			meta(m)["action"] = "deleted"
			m["payload"] = nil
		}))
		if err != nil {
			t.Fatal(err)
		}
		if !ev.Deleted() || !ev.TimeEntry.Deleted || ev.EntityID != 3050537739 || ev.WorkspaceID != 7435584 {
			t.Fatalf("event = %+v", ev)
		}
		if !ev.At.Equal(ev.CreatedAt) {
			t.Fatalf("At = %v, want created_at %v", ev.At, ev.CreatedAt)
		}
	})
	t.Run("server_deleted_at marks an update as deleted", func(t *testing.T) {
		ev, err := Parse(mutate(t, running, func(m map[string]any) {
			meta(m)["action"] = "updated"
			payload(m)["server_deleted_at"] = "2023-07-17T12:00:00Z"
		}))
		if err != nil {
			t.Fatal(err)
		}
		if !ev.Deleted() || ev.TimeEntry.ServerDeletedAt == nil {
			t.Fatal("not deleted")
		}
	})
	t.Run("legacy keys fill in", func(t *testing.T) {
		ev, err := Parse(mutate(t, running, func(m map[string]any) {
			p := payload(m)
			delete(p, "project_id")
			delete(p, "user_id")
			delete(p, "workspace_id")
			p["pid"] = 20300002
			delete(meta(m), "workspace_id")
		}))
		if err != nil {
			t.Fatal(err)
		}
		te := ev.TimeEntry
		if te.ProjectID == nil || *te.ProjectID != 20300002 || te.UserID != 9547721 || ev.WorkspaceID != 7435584 {
			t.Fatalf("entry = %+v", te)
		}
	})
	t.Run("project", func(t *testing.T) {
		ev, err := Parse(mutate(t, running, func(m map[string]any) {
			md := meta(m)
			md["model"] = "project"
			md["path"] = "/api/v9/workspaces/7435584/projects"
			delete(md, "time_entry_id")
			md["project_id"] = "20300002"
			m["payload"] = map[string]any{
				"id": 20300002, "workspace_id": 7435584, "client_id": 70000001, "name": "Support Retainer",
				"active": false, "status": "archived", "billable": true, "color": "#0b83d9",
				"at": "2024-02-01T10:00:00+00:00", "server_deleted_at": nil,
			}
		}))
		if err != nil {
			t.Fatal(err)
		}
		p := ev.Project
		if p == nil || ev.TimeEntry != nil || ev.Key() != "project:20300002" {
			t.Fatalf("event = %+v", ev)
		}
		if p.Name != "Support Retainer" || p.Active || p.Status != "archived" || p.ClientID == nil || *p.ClientID != 70000001 ||
			p.Billable == nil || !*p.Billable || p.Color != "#0b83d9" || p.Deleted {
			t.Fatalf("project = %+v", p)
		}
		if !ev.At.Equal(mustTime("2024-02-01T10:00:00Z")) {
			t.Fatalf("At = %v", ev.At)
		}
	})
	t.Run("client with wid and cid-style legacy", func(t *testing.T) {
		ev, err := Parse(mutate(t, running, func(m map[string]any) {
			md := meta(m)
			md["model"] = "client"
			md["action"] = "deleted"
			delete(md, "time_entry_id")
			md["client_id"] = "70000001"
			m["payload"] = map[string]any{"id": 70000001, "wid": 7435584, "name": "Acme", "archived": true, "notes": nil,
				"at": "2024-02-01T10:00:00+00:00"}
		}))
		if err != nil {
			t.Fatal(err)
		}
		c := ev.Client
		if c == nil || c.Name != "Acme" || !c.Archived || c.Notes != nil || !c.Deleted || c.WorkspaceID != 7435584 || ev.Key() != "client:70000001" {
			t.Fatalf("client = %+v", c)
		}
	})
	t.Run("unknown model keeps envelope for audit", func(t *testing.T) {
		ev, err := Parse(mutate(t, running, func(m map[string]any) {
			md := meta(m)
			md["model"] = "tag"
			delete(md, "time_entry_id")
			md["tag_id"] = "555"
			m["payload"] = map[string]any{"id": 555, "workspace_id": 7435584, "name": "urgent"}
		}))
		if !errors.Is(err, ErrUnknownModel) {
			t.Fatalf("err = %v", err)
		}
		if ev.EventID != 8023169274704072 || ev.Model != "tag" || ev.EntityID != 555 || ev.WorkspaceID != 7435584 || ev.Key() != "tag:555" {
			t.Fatalf("envelope = %+v", ev)
		}
	})
}

func TestParseErrors(t *testing.T) {
	cases := []struct {
		name string
		body []byte
		want error
	}{
		{"empty", nil, ErrMalformed},
		{"not json", []byte("event_id=1"), ErrMalformed},
		{"array", []byte("[]"), ErrMalformed},
		{"truncated", sample(t, running)[:100], ErrMalformed},
		{"trailing garbage", append(sample(t, running), '}'), ErrMalformed},
		{"event_id as string", mutate(t, running, func(m map[string]any) { m["event_id"] = "8023169274704072" }), ErrMalformed},
		{"event_id fractional", mutate(t, running, func(m map[string]any) { m["event_id"] = 1.5 }), ErrMalformed},
		{"event_id negative", mutate(t, running, func(m map[string]any) { m["event_id"] = -1 }), ErrMalformed},
		{"event_id missing", mutate(t, running, func(m map[string]any) { delete(m, "event_id") }), ErrMissingID},
		{"subscription_id missing", mutate(t, running, func(m map[string]any) { delete(m, "subscription_id") }), ErrMissingID},
		{"created_at missing", mutate(t, running, func(m map[string]any) { delete(m, "created_at") }), ErrMalformed},
		{"created_at not RFC3339", mutate(t, running, func(m map[string]any) { m["created_at"] = "17/07/2023" }), ErrMalformed},
		{"payload other string", mutate(t, "ping_validated_docs.json", func(m map[string]any) { m["payload"] = "pong" }), ErrMalformed},
		{"payload array", mutate(t, running, func(m map[string]any) { m["payload"] = []any{1} }), ErrMalformed},
		{"payload missing on update", mutate(t, running, func(m map[string]any) { delete(m, "payload") }), ErrMalformed},
		{"action missing", mutate(t, running, func(m map[string]any) { delete(meta(m), "action") }), ErrMalformed},
		{"model missing", mutate(t, running, func(m map[string]any) { delete(meta(m), "model") }), ErrUnknownModel},
		{"model unknown", mutate(t, running, func(m map[string]any) { meta(m)["model"] = "workspace_user" }), ErrUnknownModel},
		{"entity id missing", mutate(t, running, func(m map[string]any) {
			delete(meta(m), "time_entry_id")
			delete(payload(m), "id")
		}), ErrMissingID},
		{"entity id zero", mutate(t, running, func(m map[string]any) {
			delete(meta(m), "time_entry_id")
			payload(m)["id"] = 0
		}), ErrMissingID},
		{"workspace missing", mutate(t, running, func(m map[string]any) {
			delete(meta(m), "workspace_id")
			delete(payload(m), "workspace_id")
			delete(payload(m), "wid")
		}), ErrMissingID},
		{"entity ids disagree", mutate(t, running, func(m map[string]any) { meta(m)["time_entry_id"] = "3050537740" }), ErrMalformed},
		{"workspace ids disagree", mutate(t, running, func(m map[string]any) { payload(m)["wid"] = 1 }), ErrMalformed},
		{"metadata id not a number", mutate(t, running, func(m map[string]any) { meta(m)["workspace_id"] = "ws-1" }), ErrMalformed},
		{"event_user_id not a number", mutate(t, running, func(m map[string]any) { meta(m)["event_user_id"] = "me" }), ErrMalformed},
		{"duration as string", mutate(t, running, func(m map[string]any) { payload(m)["duration"] = "3001" }), ErrMalformed},
		{"start not a time", mutate(t, running, func(m map[string]any) { payload(m)["start"] = 1689594212 }), ErrMalformed},
		{"created_at before year 1 in UTC", mutate(t, running, func(m map[string]any) { m["created_at"] = "0000-01-01T00:00:00+01:00" }), ErrMalformed},
		{"start after year 9999 in UTC", mutate(t, running, func(m map[string]any) { payload(m)["start"] = "9999-12-31T23:00:00-05:00" }), ErrMalformed},
		{"tags not strings", mutate(t, running, func(m map[string]any) { payload(m)["tags"] = []any{1} }), ErrMalformed},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse(c.body)
			if !errors.Is(err, c.want) {
				t.Fatalf("err = %v, want %v", err, c.want)
			}
		})
	}
}

func TestMetadataToleratesAnyValueType(t *testing.T) {
	ev, err := Parse(mutate(t, running, func(m map[string]any) {
		md := meta(m)
		md["project_is_private"] = true
		md["extra"] = map[string]any{"a": 1}
		md["nothing"] = nil
		md["workspace_id"] = json.Number("7435584") // a number where Toggl usually sends a string
	}))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"project_is_private": "true", "extra": `{"a":1}`, "nothing": "", "workspace_id": "7435584"}
	for k, v := range want {
		if ev.Metadata[k] != v {
			t.Errorf("Metadata[%s] = %q, want %q", k, ev.Metadata[k], v)
		}
	}
}

func TestEntityKey(t *testing.T) {
	if got := EntityKey(ModelProject, 20300002); got != "project:20300002" {
		t.Fatal(got)
	}
}
