package provision

import (
	"context"
	"strings"
	"testing"

	"toggl-attio-sync/internal/attiosim"
	"toggl-attio-sync/internal/attiotype"
	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/fieldmap"
)

func settings() connection.Settings { return connection.Settings{}.WithDefaults() }

// On the seeded workspace: the projects object is reused, everything else is created once, and a
// second run reads only.
func TestSchemaProvisionTwiceChangesNothing(t *testing.T) {
	e := newAttioEnv(t, attiosim.Config{}, true)
	ctx := context.Background()
	opt := SchemaOptions{TogglWorkspaceID: 7435584, TogglWorkspaceName: "Acme Agency"}

	plan, err := PlanAttioSchema(ctx, e.c, settings(), opt)
	noErr(t, err)
	if p := plan.Problems(); len(p) > 0 {
		t.Fatalf("problems on the seed: %v", p)
	}
	for _, it := range plan.Items {
		if it.Kind == KindObject && it.Slug == "projects" && it.State != StateExists {
			t.Fatalf("projects object not reused: %v", it)
		}
		if it.Where() == "projects.toggl_project_id" && it.State != StateExists {
			t.Fatalf("seeded toggl_project_id not reused: %v", it)
		}
	}
	before := e.sim.Stats().Writes
	res, err := plan.Apply(ctx, e.c)
	noErr(t, err)
	if got := e.sim.Stats().Writes - before; got != int64(len(plan.ToCreate())) || got == 0 {
		t.Fatalf("first apply wrote %d times for %d planned creations", got, len(plan.ToCreate()))
	}
	if res.AuditParentRecordID == "" {
		t.Fatal("no audit parent record")
	}

	before = e.sim.Stats().Writes
	plan2, res2, err := EnsureAttioSchema(ctx, e.c, settings(), opt)
	noErr(t, err)
	if !plan2.UpToDate() {
		t.Fatalf("second plan not up to date: create %v, problems %v", plan2.ToCreate(), plan2.Problems())
	}
	if got := e.sim.Stats().Writes - before; got != 0 {
		t.Fatalf("second provisioning wrote %d times", got)
	}
	if res2.AuditParentRecordID != res.AuditParentRecordID {
		t.Fatalf("audit parent record changed: %s → %s", res.AuditParentRecordID, res2.AuditParentRecordID)
	}

	// What the sync writes now fits the schema: the attributes exist with the map's types.
	attrs, err := e.sim.Attributes("lists", "toggl_time_entries")
	noErr(t, err)
	types := map[string]string{}
	for _, a := range attrs {
		types[a.Slug] = a.Type
	}
	if errs := settings().TimeEntryMap.Validate(types); len(errs) > 0 {
		t.Fatalf("time entry map does not fit the provisioned list: %v", errs)
	}
	clients, err := e.sim.Attributes("objects", "toggl_clients")
	noErr(t, err)
	for _, a := range clients {
		if a.Slug == "toggl_client_id" && !a.Unique {
			t.Fatal("toggl_clients.toggl_client_id is not unique")
		}
	}
}

// Without a projects object: the plan asks for consent; with it, the object is created with the
// attributes routing reads.
func TestSchemaProjectsObjectOnlyWithConsent(t *testing.T) {
	e := newAttioEnv(t, attiosim.Config{}, false)
	ctx := context.Background()
	plan, err := PlanAttioSchema(ctx, e.c, settings(), SchemaOptions{})
	noErr(t, err)
	var sawProblem, sawBlockedList bool
	for _, it := range plan.Items {
		if it.Kind == KindObject && it.Slug == "projects" {
			sawProblem = it.State == StateProblem && strings.Contains(it.Note, "allow creating it")
		}
		if it.Kind == KindList && it.Slug == "toggl_time_entries" {
			sawBlockedList = it.State == StateBlocked
		}
	}
	if !sawProblem || !sawBlockedList {
		t.Fatalf("without consent: want a projects problem and a blocked list, got\n%v", plan.Items)
	}
	before := e.sim.Stats().Writes
	_, err = plan.Apply(ctx, e.c)
	noErr(t, err)
	if e.sim.Records("projects") != nil {
		t.Fatal("projects appeared without consent")
	}
	if e.sim.Stats().Writes == before {
		t.Fatal("the parts that do not need projects were not created")
	}

	_, res, err := EnsureAttioSchema(ctx, e.c, settings(), SchemaOptions{CreateProjectsObject: true})
	noErr(t, err)
	if len(res.Problems) > 0 {
		t.Fatalf("problems with consent: %v", res.Problems)
	}
	attrs, err := e.sim.Attributes("objects", "projects")
	noErr(t, err)
	have := map[string]string{}
	for _, a := range attrs {
		have[a.Slug] = a.Type
	}
	for slug, typ := range map[string]string{"name": "text", "company": "record-reference", "toggl_project_id": "text"} {
		if have[slug] != typ {
			t.Errorf("projects.%s = %q, want %s", slug, have[slug], typ)
		}
	}
}

// An attribute of the wrong type is reported and left alone; the rest is provisioned.
func TestSchemaWrongTypeReportedNeverReplaced(t *testing.T) {
	e := newAttioEnv(t, attiosim.Config{}, true)
	ctx := context.Background()
	_, err := e.sim.CreateAttribute("objects", "companies", attiosim.AttributeSpec{Slug: "toggl_client_id", Title: "Toggl client", Type: "number"})
	noErr(t, err)
	s := settings()
	s.ProjectMap = append(s.ProjectMap, fieldmap.Field{Source: "project.id", Target: "toggl_project_id", Type: attiotype.Number})

	plan, err := PlanAttioSchema(ctx, e.c, s, SchemaOptions{})
	noErr(t, err)
	problems := map[string]string{}
	for _, p := range plan.Problems() {
		problems[p.Where()] = p.Note
	}
	if !strings.Contains(problems["companies.toggl_client_id"], "Attio has it as number") {
		t.Fatalf("wrong type not reported: %v", problems)
	}
	_, err = plan.Apply(ctx, e.c)
	noErr(t, err)
	attrs, _ := e.sim.Attributes("objects", "companies")
	for _, a := range attrs {
		if a.Slug == "toggl_client_id" && a.Type != "number" {
			t.Fatalf("the number attribute was replaced by %s", a.Type)
		}
	}
	again, err := PlanAttioSchema(ctx, e.c, s, SchemaOptions{})
	noErr(t, err)
	if len(again.ToCreate()) != 0 || len(again.Problems()) != len(plan.Problems()) {
		t.Fatalf("after apply: create %v problems %v", again.ToCreate(), again.Problems())
	}
}
