package attioschema

import (
	"errors"
	"strings"
	"testing"

	"toggl-attio-sync/internal/attio"
	"toggl-attio-sync/internal/fieldmap"
	"toggl-attio-sync/internal/routing"
)

func TestCheckRulesAgainstAttio(t *testing.T) {
	s := ProjectSchema{Types: map[string]string{"type": "select", "status": "status", "owner": "actor-reference"},
		TypeChoices: []string{"retainer", "fixed"}, StatusChoices: []string{"active", "complete"}}
	unread := ProjectSchema{Err: errors.New("Attio is down")}
	for _, c := range []struct {
		name        string
		schema      ProjectSchema
		rules       routing.Rules
		field, rows string
	}{
		{"fine", s, routing.Rules{TypeAttribute: "type", StatusAttribute: "status", Exclusions: []routing.Exclusion{{Type: "Fixed ", Status: "*"}}}, "", ""},
		{"unknown attribute", s, routing.Rules{TypeAttribute: "kind"}, "type_attribute", ""},
		{"unusable type", s, routing.Rules{StatusAttribute: "owner"}, "status_attribute", ""},
		{"option Attio lacks", s, routing.Rules{TypeAttribute: "type", StatusAttribute: "status", Exclusions: []routing.Exclusion{{Type: "*", Status: "done"}}}, "", `Attio has no status "done"`},
		{"any + any", s, routing.Rules{TypeAttribute: "type", StatusAttribute: "status", Exclusions: []routing.Exclusion{{Type: "*", Status: "*"}}}, "", "would exclude every Project"},
		{"same attribute twice", s, routing.Rules{TypeAttribute: "type", StatusAttribute: "type"}, "status_attribute", ""},
		{"unread schema, no exclusions: attributes taken as typed", unread, routing.Rules{TypeAttribute: "kind"}, "", ""},
		{"unread schema refuses exclusions", unread, routing.Rules{TypeAttribute: "type", StatusAttribute: "status", Exclusions: []routing.Exclusion{{Type: "fixed", Status: "*"}}}, "rules", ""},
	} {
		fields, rows := CheckRules(c.rules, c.schema)
		if (c.field == "") != (len(fields) == 0) || (c.field != "" && fields[c.field] == "") {
			t.Errorf("%s: field errors %v", c.name, fields)
		}
		if (c.rows == "") != (len(rows) == 0) || (c.rows != "" && !strings.Contains(rows[0], c.rows)) {
			t.Errorf("%s: row errors %v", c.name, rows)
		}
	}
}

func TestChoiceListedComparesLikeTheRules(t *testing.T) {
	for _, c := range []struct {
		v    string
		want bool
	}{{"fixed", true}, {" FIXED ", true}, {"fix", false}, {"", false}} {
		if got := ChoiceListed([]string{"Retainer", "Fixed"}, c.v); got != c.want {
			t.Errorf("%q: %v, want %v", c.v, got, c.want)
		}
	}
}

func TestRuleAttributesOfferOnlyUsableTypesInOrder(t *testing.T) {
	s := ProjectSchema{Types: map[string]string{"type": "select", "name": "text", "company": "record-reference", "status": "status"},
		Titles: map[string]string{"type": "Type", "name": "Name", "status": "Status"}}
	var got []string
	for _, a := range s.RuleAttributes() {
		got = append(got, a.Slug+":"+a.Title+":"+a.Type)
	}
	if strings.Join(got, ",") != "name:Name:text,status:Status:status,type:Type:select" {
		t.Fatalf("attributes %v", got)
	}
	if (ProjectSchema{}).RuleAttributes() != nil {
		t.Fatal("an unread schema offers attributes")
	}
}

func TestCheckMapPerKind(t *testing.T) {
	project := LookupMapKind("project")
	m := fieldmap.Map{
		{Source: "project.name", Target: "toggl_project_name", Type: "text"},
		{Source: "time_entry.description", Target: "notes", Type: "text"},
		{Source: "project.active", Target: "active_flag", Type: "checkbox"},
	}
	problems, missing := CheckMap(project, m, map[string]string{"toggl_project_name": "text", "notes": "text"})
	if len(problems[0]) != 0 || !strings.Contains(strings.Join(problems[1], ""), "cannot read time_entry.description") {
		t.Fatalf("problems %v", problems)
	}
	if strings.Join(missing, ",") != "active_flag" {
		t.Fatalf("missing %v", missing)
	}
	// Attio unknown: no attribute is reported missing, the entity check still applies.
	problems, missing = CheckMap(project, m, nil)
	if len(missing) != 0 || len(problems[1]) == 0 {
		t.Fatalf("without Attio: problems %v, missing %v", problems, missing)
	}
	if LookupMapKind("nonsense").Key != "time_entry" {
		t.Fatal("unknown map kind does not fall back to time entries")
	}
}

func TestMapKindsReadTheirEntitiesOnly(t *testing.T) {
	for _, c := range []struct {
		kind, entity string
		reads        bool
	}{
		{"time_entry", "time_entry", true}, {"time_entry", "project", true}, {"time_entry", "user", true},
		{"project", "project", true}, {"project", "client", false}, {"client", "client", true}, {"client", "time_entry", false},
	} {
		k := LookupMapKind(c.kind)
		if k.Reads(c.entity) != c.reads {
			t.Errorf("%s reads %s: %v", c.kind, c.entity, !c.reads)
		}
		for _, s := range k.Sources() {
			if !k.Reads(s.Entity) {
				t.Errorf("%s offers %s", c.kind, s.Path)
			}
		}
	}
}

func TestTargetLeavesArchivedOutAndOffersWritable(t *testing.T) {
	tg := targetOf([]attio.Attribute{
		{APISlug: "notes", Title: "Notes", Type: "text", IsWritable: true},
		{APISlug: "old", Type: "text", IsWritable: true, IsArchived: true},
		{APISlug: "created_at", Type: "timestamp"},
		{APISlug: "billable", Title: "Billable", Type: "checkbox", IsWritable: true},
	})
	if len(tg.Types) != 3 || tg.Types["old"] != "" || tg.Types["created_at"] != "timestamp" {
		t.Fatalf("types %v", tg.Types)
	}
	if len(tg.Writable) != 2 || tg.Writable[0].Slug != "billable" || tg.Writable[1].Slug != "notes" {
		t.Fatalf("writable %+v", tg.Writable)
	}
}
