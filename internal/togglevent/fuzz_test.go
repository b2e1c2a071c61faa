package togglevent

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// FuzzParse checks that Parse never panics, classifies every error, returns self-consistent
// events, and does not depend on insignificant whitespace.
func FuzzParse(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.json"))
	if err != nil || len(files) == 0 {
		f.Fatalf("no seeds: %v", err)
	}
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"event_id":1,"created_at":"2024-01-01T00:00:00Z","subscription_id":2,"metadata":{"action":"deleted","model":"project","project_id":"3","workspace_id":"4"},"payload":null}`))
	f.Add([]byte(`{"event_id":1,"created_at":"2024-01-01T00:00:00Z","subscription_id":2,"metadata":{"action":"updated","model":"client","client_id":"3"},"payload":{"id":3,"wid":4,"name":"A","archived":true}}`))

	f.Fuzz(func(t *testing.T, body []byte) {
		ev, err := Parse(body)
		if err != nil {
			if !errors.Is(err, ErrMalformed) && !errors.Is(err, ErrUnknownModel) && !errors.Is(err, ErrMissingID) {
				t.Fatalf("unclassified error: %v", err)
			}
			return
		}
		checkEvent(t, ev)

		var compact bytes.Buffer
		if json.Compact(&compact, body) != nil {
			t.Fatalf("Parse accepted invalid JSON %q", body)
		}
		ev2, err := Parse(compact.Bytes())
		if err != nil {
			t.Fatalf("compacted body rejected: %v", err)
		}
		ev.RawPayload, ev2.RawPayload = nil, nil
		if !reflect.DeepEqual(ev, ev2) {
			t.Fatalf("whitespace changed the result:\n%+v\n%+v", ev, ev2)
		}
	})
}

func checkEvent(t *testing.T, ev Event) {
	t.Helper()
	if ev.IsPing {
		if ev.Model != "" || ev.EntityID != 0 || ev.Key() != "" || ev.TimeEntry != nil || ev.Project != nil || ev.Client != nil {
			t.Fatalf("ping with entity data: %+v", ev)
		}
		return
	}
	if ev.EntityID <= 0 || ev.WorkspaceID <= 0 || ev.SubscriptionID <= 0 || ev.Action == "" {
		t.Fatalf("entity event without ids: %+v", ev)
	}
	if ev.Key() != EntityKey(ev.Model, ev.EntityID) {
		t.Fatalf("key %q", ev.Key())
	}
	set := 0
	switch ev.Model {
	case ModelTimeEntry:
		if te := ev.TimeEntry; te != nil {
			set++
			if te.ID != ev.EntityID || te.WorkspaceID != ev.WorkspaceID || te.Deleted != (ev.Action == ActionDeleted || te.ServerDeletedAt != nil) {
				t.Fatalf("time entry inconsistent: %+v", te)
			}
			if te.Running() != (te.Duration < 0) {
				t.Fatal("Running disagrees with duration")
			}
			if !te.At.IsZero() && !te.At.Equal(ev.At) {
				t.Fatalf("At %v vs entity at %v", ev.At, te.At)
			}
		}
	case ModelProject:
		if p := ev.Project; p != nil {
			set++
			if p.ID != ev.EntityID || p.WorkspaceID != ev.WorkspaceID || p.Deleted != (ev.Action == ActionDeleted || p.ServerDeletedAt != nil) {
				t.Fatalf("project inconsistent: %+v", p)
			}
		}
	case ModelClient:
		if c := ev.Client; c != nil {
			set++
			if c.ID != ev.EntityID || c.WorkspaceID != ev.WorkspaceID || c.Deleted != (ev.Action == ActionDeleted || c.ServerDeletedAt != nil) {
				t.Fatalf("client inconsistent: %+v", c)
			}
		}
	default:
		t.Fatalf("model %q accepted", ev.Model)
	}
	total := 0
	for _, p := range []bool{ev.TimeEntry != nil, ev.Project != nil, ev.Client != nil} {
		if p {
			total++
		}
	}
	if set != 1 || total != 1 {
		t.Fatalf("want exactly one typed payload matching %q: %+v", ev.Model, ev)
	}
	if ev.Action == ActionDeleted && !ev.Deleted() {
		t.Fatal("deleted action not reported")
	}
}
