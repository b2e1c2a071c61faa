package fieldmap

import (
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"toggl-attio-sync/internal/attiotype"
	"toggl-attio-sync/internal/togglevent"
)

// typesForFuzz are all Attio types plus one that does not exist.
var typesForFuzz = func() []string {
	var ts []string
	for t := range attioTypes {
		ts = append(ts, t)
	}
	sort.Strings(ts)
	return append(ts, "bogus")
}()

// FuzzRender feeds Toggl deliveries (seeded with the verbatim samples) through the default map
// of their entity and through a one-field map of fuzzed source × type, checking the output shape.
func FuzzRender(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("..", "togglevent", "testdata", "*.json"))
	if err != nil || len(files) == 0 {
		f.Fatalf("no seeds: %v", err)
	}
	for i, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, int64(1692708000), uint8(i), uint8(i), "Support", "Acme", "Ada")
	}
	f.Add([]byte(`{"event_id":1,"created_at":"2024-01-01T00:00:00Z","subscription_id":2,"metadata":{"action":"updated","model":"project"},"payload":{"id":3,"wid":4,"name":"P","active":false,"client_id":5}}`),
		int64(0), uint8(3), uint8(5), "", "C", "")
	f.Add([]byte(`{"event_id":1,"created_at":"2024-01-01T00:00:00Z","subscription_id":2,"metadata":{"action":"deleted","model":"client"},"payload":{"id":3,"wid":4,"name":"<C>"}}`),
		int64(-5), uint8(20), uint8(1), "", "", "")

	f.Fuzz(func(t *testing.T, body []byte, nowUnix int64, srcIdx, typIdx uint8, projectName, clientName, userName string) {
		ev, err := togglevent.Parse(body)
		if err != nil || ev.IsPing {
			return
		}
		src := Source{Now: time.Unix(nowUnix%(1<<40), 0)} // keep the clock in a sane range
		var m Map
		switch {
		case ev.TimeEntry != nil:
			te := ev.TimeEntry
			src.TimeEntry = te
			if te.ProjectID != nil {
				src.Project = &togglevent.Project{ID: *te.ProjectID, Name: projectName, ClientID: ptr[int64](5)}
				src.Client = &togglevent.Client{ID: 5, Name: clientName}
			}
			src.User = &User{ID: te.UserID, Name: userName}
			m = DefaultTimeEntryMap()
		case ev.Project != nil:
			src.Project = ev.Project
			m = DefaultProjectMap()
		case ev.Client != nil:
			src.Client = ev.Client
			m = DefaultClientMap()
		}
		out, err := Render(m, src)
		if err != nil {
			t.Fatalf("default map failed on a parsed event: %v", err)
		}
		checkRendered(t, m, out)
		if te := src.TimeEntry; te != nil {
			if out["running"][0] != te.Running() || (te.Running() && len(out["stop"]) != 0) {
				t.Fatalf("running %v rendered as running %v, stop %v", te.Running(), out["running"], out["stop"])
			}
			if sec := out["duration_seconds"]; len(sec) == 1 {
				if sec[0].(int64) < 0 && te.Running() {
					t.Fatalf("negative running duration %v", sec)
				}
				if out["duration_hours"][0].(float64) != Hours(sec[0].(int64)) {
					t.Fatalf("hours %v vs seconds %v", out["duration_hours"], sec)
				}
			}
		}

		// One fuzzed field: Validate and Render must agree.
		all := Sources()
		field := Field{Source: all[int(srcIdx)%len(all)].Path, Target: "x", Type: typesForFuzz[int(typIdx)%len(typesForFuzz)]}
		one := Map{field}
		out, err = Render(one, src)
		valid := one.Validate(nil) == nil
		switch {
		case !valid && !errors.Is(err, ErrInvalidMap):
			t.Fatalf("invalid field %+v rendered: %v", field, err)
		case valid && err == nil:
			checkRendered(t, one, out)
		case valid && !errors.Is(err, ErrMissingEntity):
			t.Fatalf("valid field %+v failed: %v", field, err)
		}
	})
}

// checkRendered checks the wire contract: every target present, every value an array of values
// of the attribute's input type, and the whole thing encodable as JSON.
func checkRendered(t *testing.T, m Map, out map[string][]any) {
	t.Helper()
	if len(out) != len(m) {
		t.Fatalf("%d values for %d fields", len(out), len(m))
	}
	for _, f := range m {
		vals, ok := out[f.Target]
		if !ok || vals == nil {
			t.Fatalf("%s missing or nil", f.Target)
		}
		if len(vals) > 1 && f.Type != attiotype.Select {
			t.Fatalf("%s: %d values for a single-value %s", f.Target, len(vals), f.Type)
		}
		for _, v := range vals {
			switch f.Type {
			case attiotype.Text, attiotype.Select, attiotype.Status:
				if s, ok := v.(string); !ok || (f.Type == attiotype.Text && s == "") {
					t.Fatalf("%s: %#v is not a non-empty string", f.Target, v)
				}
			case attiotype.Number, attiotype.Currency:
				switch n := v.(type) {
				case int64:
				case float64:
					if math.IsNaN(n) || math.IsInf(n, 0) {
						t.Fatalf("%s: %v", f.Target, n)
					}
				default:
					t.Fatalf("%s: %#v is not a number", f.Target, v)
				}
			case attiotype.Checkbox:
				if _, ok := v.(bool); !ok {
					t.Fatalf("%s: %#v is not a bool", f.Target, v)
				}
			case attiotype.Timestamp:
				s, ok := v.(string)
				if !ok || !strings.HasSuffix(s, "Z") {
					t.Fatalf("%s: %#v is not a UTC timestamp", f.Target, v)
				}
				if _, err := time.Parse(time.RFC3339Nano, s); err != nil {
					t.Fatalf("%s: %v", f.Target, err)
				}
			case attiotype.Date:
				s, _ := v.(string)
				if _, err := time.Parse(time.DateOnly, s); err != nil {
					t.Fatalf("%s: %#v is not a date", f.Target, v)
				}
			default:
				t.Fatalf("%s rendered for type %s", f.Target, f.Type)
			}
		}
	}
	if _, err := json.Marshal(out); err != nil {
		t.Fatal(err)
	}
}
