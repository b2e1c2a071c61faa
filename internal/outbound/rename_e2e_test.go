package outbound_test

import (
	"strings"
	"testing"

	"toggl-attio-sync/internal/togglsim"
)

// A Project whose name Toggl refuses (taken by another client's project) ends as a dead
// letter saying so; once renamed in Attio, the next event creates it under the new name.
func renameAfterNameConflict(t *testing.T, f *fixture) {
	if _, err := f.Toggl.CreateProject(togglsim.SeedAdaToken, togglsim.SeedWorkspaceID, map[string]any{"name": "Nucleus", "client_id": 61000001}); err != nil {
		t.Fatal(err)
	}
	company := f.company(t, "Raviga Capital")
	project := f.project(t, "Nucleus", company)
	f.settle(t)
	if n := f.entityAudit(t, project, "dead", "is taken by"); n == 0 {
		t.Fatalf("the name conflict was not reported\n%s", f.audit(t))
	}
	if _, err := f.Attio.UpdateRecord("projects", project, map[string]any{"name": "Nucleus platform"}); err != nil {
		t.Fatal(err)
	}
	f.settle(t)
	id := f.attioText(t, "projects", project, "toggl_project_id")
	if id == "" {
		t.Fatalf("renamed Project not linked\n%s", f.audit(t))
	}
	var names []string
	for _, p := range f.Toggl.Projects() {
		if strings.HasPrefix(p.Name, "Nucleus") {
			names = append(names, p.Name)
		}
	}
	if len(names) != 2 {
		t.Fatalf("Toggl projects %v, want the other client's Nucleus and Nucleus platform", names)
	}
}
