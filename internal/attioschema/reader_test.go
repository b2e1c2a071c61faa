package attioschema_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"toggl-attio-sync/internal/attio"
	"toggl-attio-sync/internal/attioschema"
	"toggl-attio-sync/internal/attiosim"
	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/contract"
	"toggl-attio-sync/internal/routing"
)

// reader is a Reader over a seeded Attio emulator, with every call checked against the spec.
func reader(t *testing.T) (*attioschema.Reader, attiosim.SeedInfo) {
	t.Helper()
	sim := attiosim.New(attiosim.Config{})
	seed := attiosim.Seed(sim)
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	t.Cleanup(sim.Close)
	c, err := attio.New(attio.Options{BaseURL: srv.URL, AccessToken: attiosim.SeedToken,
		Transport: contract.Transport(t, http.DefaultTransport), Pacer: attio.NewPacer(attio.Limits{}, nil)})
	if err != nil {
		t.Fatal(err)
	}
	return &attioschema.Reader{Attio: func(context.Context, *connection.Connection) (*attio.Client, error) { return c, nil }}, seed
}

func conn(rules routing.Rules) *connection.Connection {
	return &connection.Connection{ID: 1, Settings: connection.Settings{Schema: connection.DefaultSchema, Rules: rules}}
}

func TestReaderReadsTheSeededProjects(t *testing.T) {
	r, seed := reader(t)
	ctx := context.Background()
	c := conn(routing.Rules{TypeAttribute: "type", StatusAttribute: "status"})

	s := r.Projects(ctx, c, c.Settings.Rules)
	if s.Problem() != nil {
		t.Fatal(s.Problem())
	}
	if strings.Join(s.TypeChoices, ",") != "retainer,fixed,hourly" || strings.Join(s.StatusChoices, ",") != "active,complete" {
		t.Fatalf("choices %v %v", s.TypeChoices, s.StatusChoices)
	}
	var slugs []string
	for _, a := range s.RuleAttributes() {
		slugs = append(slugs, a.Slug)
	}
	if !slices.Contains(slugs, "type") || !slices.Contains(slugs, "status") || slices.Contains(slugs, "company") {
		t.Fatalf("rule attributes %v", slugs)
	}
	if s := r.Projects(ctx, c, routing.Rules{TypeAttribute: "name"}); s.TypeChoices != nil || s.Problem() != nil {
		t.Fatalf("a text attribute has choices %v (%v)", s.TypeChoices, s.Problem())
	}

	hits, problem := r.SearchProjects(ctx, c, "Sec")
	if problem != "" || len(hits) != 1 || hits[0].Name != "Security Audit" || hits[0].Detail != "type hourly, status active" {
		t.Fatalf("search: %+v %q", hits, problem)
	}
	if hits, problem := r.SearchProjects(ctx, c, ""); problem != "" || len(hits) != len(seed.Projects) {
		t.Fatalf("empty search: %d hits, %q", len(hits), problem)
	}

	want := seed.Projects[0]
	ref, problem := r.Project(ctx, c, want.RecordID)
	if problem != "" || ref.RecordID != want.RecordID || ref.Name != want.Name {
		t.Fatalf("project %+v %q", ref, problem)
	}
	for id, wantProblem := range map[string]string{"": "Choose a Project", "00000000-0000-4000-8000-000000000000": "Attio has no Project"} {
		if ref, problem := r.Project(ctx, c, id); ref != nil || !strings.Contains(problem, wantProblem) {
			t.Errorf("project %q: %+v %q", id, ref, problem)
		}
	}

	tg, err := r.Target(ctx, c, attioschema.LookupMapKind("project"))
	if err != nil || tg.Types["toggl_project_id"] != "text" {
		t.Fatalf("target %+v %v", tg, err)
	}
}

func TestReaderWithoutAttioSaysSo(t *testing.T) {
	var r *attioschema.Reader
	ctx := context.Background()
	c := conn(routing.Rules{})
	if s := r.Projects(ctx, c, c.Settings.Rules); s.Err != attioschema.ErrNoAttio || s.Types != nil {
		t.Fatalf("schema %+v", s)
	}
	if _, problem := r.SearchProjects(ctx, c, "x"); problem != "Attio cannot be searched: "+attioschema.ErrNoAttio.Error() {
		t.Fatalf("search problem %q", problem)
	}
	if _, err := (&attioschema.Reader{}).Target(ctx, c, attioschema.MapKinds[0]); err != attioschema.ErrNoAttio {
		t.Fatalf("target error %v", err)
	}
}
