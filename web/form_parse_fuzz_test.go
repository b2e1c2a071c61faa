package web

import (
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"toggl-attio-sync/internal/fieldmap"
	"toggl-attio-sync/internal/routing"
)

// fuzzForm builds a posted form from one raw query string, the way a browser or an attacker
// would send it; an unparsable one is still a form (of what did parse).
func fuzzForm(raw string) func(string) string {
	v, _ := url.ParseQuery(raw)
	return v.Get
}

func FuzzRulesForm(f *testing.F) {
	f.Add("type_attribute=type&status_attribute=status&rows=2&ex_type_0=Partner&ex_status_0=&ex_type_1=+&ex_status_1=+")
	f.Add("rows=3&ex_type_0=a&ex_remove_0=on&ex_status_2=Lost")
	f.Add("rows=99999999999999999999&ex_type_5=x")
	f.Add("rows=-4")
	f.Fuzz(func(t *testing.T, raw string) {
		r := parseRulesValues(fuzzForm(raw))
		if len(r.Exclusions) > maxFormRows {
			t.Fatalf("%d exclusions from a form bounded at %d rows", len(r.Exclusions), maxFormRows)
		}
		if r.TypeAttribute != strings.TrimSpace(r.TypeAttribute) || r.StatusAttribute != strings.TrimSpace(r.StatusAttribute) {
			t.Fatalf("untrimmed attributes %q %q", r.TypeAttribute, r.StatusAttribute)
		}
		for _, e := range r.Exclusions {
			if e.Type == "" && e.Status == "" {
				t.Fatal("blank exclusion kept")
			}
			if e.Type != strings.TrimSpace(e.Type) || e.Status != strings.TrimSpace(e.Status) {
				t.Fatalf("untrimmed exclusion %+v", e)
			}
		}
		// What the page renders back and posts again parses to the same rules.
		again := url.Values{"type_attribute": {r.TypeAttribute}, "status_attribute": {r.StatusAttribute}, "rows": {strconv.Itoa(len(r.Exclusions))}}
		for i, e := range r.Exclusions {
			again.Set("ex_type_"+strconv.Itoa(i), e.Type)
			again.Set("ex_status_"+strconv.Itoa(i), e.Status)
		}
		if r2 := parseRulesValues(again.Get); !reflect.DeepEqual(normRules(r), normRules(r2)) {
			t.Fatalf("round trip changed the rules:\n%+v\n%+v", r, r2)
		}
	})
}

func normRules(r routing.Rules) routing.Rules {
	if len(r.Exclusions) == 0 {
		r.Exclusions = nil
	}
	return r
}

func FuzzFieldMapForm(f *testing.F) {
	f.Add("rows=2&source_0=time_entry.duration_hours&target_0=hours&type_0=number&source_1=&target_1=", "hours", "Hours")
	f.Add("rows=2&source_0=a&remove_0=1&target_1=+b+", "b", "")
	f.Add("rows=1000000&source_7=x", "", "")
	f.Fuzz(func(t *testing.T, raw, currentTarget, currentTitle string) {
		current := fieldmap.Map{{Source: "time_entry.description", Target: currentTarget, Type: "text", Title: currentTitle}}
		m := parseFieldValues(fuzzForm(raw), current)
		if len(m) > maxFormRows {
			t.Fatalf("%d fields from a form bounded at %d rows", len(m), maxFormRows)
		}
		again := url.Values{"rows": {strconv.Itoa(len(m))}}
		for i, fd := range m {
			if fd.Source == "" && fd.Target == "" {
				t.Fatal("blank row kept")
			}
			if fd.Source != strings.TrimSpace(fd.Source) || fd.Target != strings.TrimSpace(fd.Target) || fd.Type != strings.TrimSpace(fd.Type) {
				t.Fatalf("untrimmed field %+v", fd)
			}
			// A title is carried over only for a field that keeps an existing attribute.
			if want := map[bool]string{true: currentTitle}[fd.Target == currentTarget]; fd.Title != want {
				t.Fatalf("field %+v has title %q, want %q", fd, fd.Title, want)
			}
			again.Set("source_"+strconv.Itoa(i), fd.Source)
			again.Set("target_"+strconv.Itoa(i), fd.Target)
			again.Set("type_"+strconv.Itoa(i), fd.Type)
		}
		if m2 := parseFieldValues(again.Get, current); !reflect.DeepEqual(m, m2) {
			t.Fatalf("round trip changed the map:\n%+v\n%+v", m, m2)
		}
	})
}
