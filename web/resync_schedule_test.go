package web

import "testing"

func TestParseSchedule(t *testing.T) {
	tests := []struct {
		name   string
		form   map[string]string
		errors []string
	}{
		{"good", map[string]string{"schedule": "daily", "hour": "4", "window_days": "14", "deletion_share": "10"}, nil},
		{"hourly, share 0", map[string]string{"schedule": "hourly", "hour": "0", "window_days": "90", "deletion_share": "0"}, nil},
		{"unknown schedule", map[string]string{"schedule": "weekly", "hour": "4", "window_days": "14", "deletion_share": "10"}, []string{"schedule"}},
		{"bad hour and days", map[string]string{"schedule": "daily", "hour": "25", "window_days": "x", "deletion_share": "10"}, []string{"window_days"}},
		{"hour out of range", map[string]string{"schedule": "daily", "hour": "24", "window_days": "14", "deletion_share": "10"}, []string{"hour"}},
		{"share over 100", map[string]string{"schedule": "daily", "hour": "4", "window_days": "14", "deletion_share": "150"}, []string{"deletion_share"}},
		{"share not a number", map[string]string{"schedule": "daily", "hour": "4", "window_days": "14", "deletion_share": "ten"}, []string{"deletion_share"}},
	}
	for _, tt := range tests {
		r, f := parseSchedule(func(k string) string { return tt.form[k] })
		for _, field := range tt.errors {
			if f.Errors[field] == "" {
				t.Errorf("%s: no error for %s (errors %v)", tt.name, field, f.Errors)
			}
		}
		if len(tt.errors) == 0 && len(f.Errors) > 0 {
			t.Errorf("%s: errors %v", tt.name, f.Errors)
		}
		if f.Hour != tt.form["hour"] || f.WindowDays != tt.form["window_days"] || f.DeletionShare != tt.form["deletion_share"] {
			t.Errorf("%s: posted values not kept: %+v", tt.name, f)
		}
		if len(tt.errors) == 0 && (!r.Set || r.Schedule != tt.form["schedule"]) {
			t.Errorf("%s: parsed %+v", tt.name, r)
		}
	}
}
