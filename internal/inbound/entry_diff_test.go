package inbound

import (
	"encoding/json"
	"testing"

	"toggl-attio-sync/internal/attio"
	"toggl-attio-sync/internal/attiotype"
	"toggl-attio-sync/internal/fieldmap"
)

// values builds an Attio ValueMap from the JSON Attio answers with, each value carrying its
// attribute's type as Attio's values do (attribute_type).
func values(t *testing.T, js string, types map[string]string) attio.ValueMap {
	t.Helper()
	var m attio.ValueMap
	if err := json.Unmarshal([]byte(js), &m); err != nil {
		t.Fatal(err)
	}
	for slug, vals := range m {
		for i := range vals {
			if vals[i].AttributeType == "" {
				vals[i].AttributeType = types[slug]
			}
		}
	}
	return m
}

func TestEntryDiff(t *testing.T) {
	m := fieldmap.Map{
		{Source: "time_entry.description", Target: "description", Type: attiotype.Text},
		{Source: "time_entry.duration_seconds", Target: "duration_seconds", Type: attiotype.Number},
		{Source: "time_entry.billable", Target: "billable", Type: attiotype.Checkbox},
		{Source: "time_entry.start", Target: "start", Type: attiotype.Timestamp},
		{Source: "time_entry.stop", Target: "stop", Type: attiotype.Timestamp},
		{Source: "time_entry.tags", Target: "tags", Type: attiotype.Select},
	}
	rendered := map[string][]any{
		"description": {"Design review"}, "duration_seconds": {int64(3600)}, "billable": {false},
		"start": {"2025-09-01T09:00:00Z"}, "stop": {}, "tags": {"a", "b"},
	}
	same := `{
		"description": [{"value": "Design review", "active_until": null}],
		"duration_seconds": [{"value": 3600, "active_until": null}],
		"billable": [{"value": false, "active_until": null}],
		"start": [{"value": "2025-09-01T09:00:00.000000000Z", "active_until": null}],
		"tags": [{"option": {"title": "b"}, "active_until": null}, {"option": {"title": "a"}, "active_until": null}],
		"someone_elses_column": [{"value": "left alone", "active_until": null}]
	}`
	tests := []struct {
		name  string
		attio string
		want  []string
	}{
		{"equal in Attio's own forms (timestamp precision, option order), foreign columns ignored", same, nil},
		{"nothing in Attio: every non-empty owned attribute differs", `{}`, []string{"description", "duration_seconds", "start", "tags"}},
		{"description edited", `{"description": [{"value": "Edited in Attio", "active_until": null}],
			"duration_seconds": [{"value": 3600, "active_until": null}], "start": [{"value": "2025-09-01T09:00:00Z", "active_until": null}],
			"tags": [{"option": {"title": "a"}, "active_until": null}, {"option": {"title": "b"}, "active_until": null}]}`, []string{"description"}},
		{"a stop someone filled in, a checkbox set, a number changed", `{"description": [{"value": "Design review", "active_until": null}],
			"duration_seconds": [{"value": 3601, "active_until": null}], "billable": [{"value": true, "active_until": null}],
			"start": [{"value": "2025-09-01T09:00:00Z", "active_until": null}], "stop": [{"value": "2025-09-01T10:00:00Z", "active_until": null}],
			"tags": [{"option": {"title": "a"}, "active_until": null}, {"option": {"title": "b"}, "active_until": null}]}`, []string{"billable", "duration_seconds", "stop"}},
		{"a historic value is not current", `{"description": [{"value": "Design review", "active_until": "2025-01-01T00:00:00Z"}],
			"duration_seconds": [{"value": 3600, "active_until": null}], "start": [{"value": "2025-09-01T09:00:00Z", "active_until": null}],
			"tags": [{"option": {"title": "a"}, "active_until": null}, {"option": {"title": "b"}, "active_until": null}]}`, []string{"description"}},
		{"an option removed from a multiselect", `{"description": [{"value": "Design review", "active_until": null}],
			"duration_seconds": [{"value": 3600, "active_until": null}], "start": [{"value": "2025-09-01T09:00:00Z", "active_until": null}],
			"tags": [{"option": {"title": "a"}, "active_until": null}]}`, []string{"tags"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			types := map[string]string{"someone_elses_column": "text"}
			for _, f := range m {
				types[f.Target] = f.Type
			}
			diff := entryDiff(m, rendered, values(t, tt.attio, types))
			if len(diff) != len(tt.want) {
				t.Fatalf("diff %v, want attributes %v", diff, tt.want)
			}
			for _, slug := range tt.want {
				if _, ok := diff[slug]; !ok {
					t.Errorf("%s not in diff %v", slug, diff)
				}
			}
		})
	}
}

func TestTimeEntryIDOf(t *testing.T) {
	tests := []struct {
		js string
		id int64
		ok bool
	}{
		{`{"toggl_time_entry_id": [{"value": 4242, "attribute_type": "number", "active_until": null}]}`, 4242, true},
		{`{"toggl_time_entry_id": [{"value": "4242", "attribute_type": "text", "active_until": null}]}`, 4242, true},
		{`{"toggl_time_entry_id": [{"value": 42.5, "attribute_type": "number", "active_until": null}]}`, 0, false},
		{`{"toggl_time_entry_id": [{"value": "not a number", "attribute_type": "text", "active_until": null}]}`, 0, false},
		{`{}`, 0, false},
	}
	for _, tt := range tests {
		id, ok := TimeEntryIDOf(attio.Entry{EntryValues: values(t, tt.js, nil)}, "toggl_time_entry_id")
		if id != tt.id || ok != tt.ok {
			t.Errorf("%s: got %d %v, want %d %v", tt.js, id, ok, tt.id, tt.ok)
		}
	}
}
