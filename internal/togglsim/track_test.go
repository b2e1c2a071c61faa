package togglsim

import (
	"fmt"
	"net/http"
	"strconv"
	"testing"
	"time"
)

type apiEntry struct {
	ID              int64    `json:"id"`
	WorkspaceID     int64    `json:"workspace_id"`
	UserID          int64    `json:"user_id"`
	ProjectID       *int64   `json:"project_id"`
	Description     string   `json:"description"`
	Start           string   `json:"start"`
	Stop            *string  `json:"stop"`
	Duration        int64    `json:"duration"`
	Tags            []string `json:"tags"`
	TagIDs          []int64  `json:"tag_ids"`
	Billable        bool     `json:"billable"`
	At              string   `json:"at"`
	ServerDeletedAt *string  `json:"server_deleted_at"`
	ProjectName     string   `json:"project_name"`
	ClientName      string   `json:"client_name"`
}

func TestMe(t *testing.T) {
	e := newEnv(t)
	r := e.call(ada, "GET", "/api/v9/me", nil)
	want(t, r, http.StatusOK)
	var plain map[string]any
	r.decode(t, &plain)
	if plain["api_token"] != SeedAdaToken || plain["default_workspace_id"] != float64(SeedWorkspaceID) || plain["fullname"] != "Ada Admin" {
		t.Fatalf("me = %v", plain)
	}
	for _, k := range []string{"projects", "clients", "time_entries", "workspaces"} {
		if _, ok := plain[k]; ok {
			t.Fatalf("%s present without with_related_data", k)
		}
	}
	var rel struct {
		Projects    []map[string]any `json:"projects"`
		Clients     []map[string]any `json:"clients"`
		TimeEntries []apiEntry       `json:"time_entries"`
		Workspaces  []map[string]any `json:"workspaces"`
	}
	e.call(ben, "GET", "/api/v9/me?with_related_data=true", nil).decode(t, &rel)
	if len(rel.Projects) != 5 || len(rel.Clients) != 4 || len(rel.Workspaces) != 1 {
		t.Fatalf("related: %d projects, %d clients, %d workspaces", len(rel.Projects), len(rel.Clients), len(rel.Workspaces))
	}
	for _, te := range rel.TimeEntries {
		if te.UserID != SeedBenID {
			t.Fatalf("Ben sees entry of user %d", te.UserID)
		}
	}
	// A junk value is tolerated and means false.
	want(t, e.callRaw(ada, "GET", "/api/v9/me?with_related_data=yes-please", nil), http.StatusOK)
}

func TestMyWorkspacesAndUsers(t *testing.T) {
	e := newEnv(t)
	for _, c := range []struct {
		who   auth
		admin bool
	}{{ada, true}, {ben, false}} {
		var ws []map[string]any
		e.call(c.who, "GET", "/api/v9/me/workspaces", nil).decode(t, &ws)
		if len(ws) != 1 || ws[0]["id"] != float64(SeedWorkspaceID) || ws[0]["admin"] != c.admin || ws[0]["organization_id"] != float64(SeedOrganizationID) {
			t.Fatalf("workspaces = %v", ws)
		}
	}
	var users []map[string]any
	e.call(ben, "GET", "/api/v9/workspaces/7435584/users", nil).decode(t, &users)
	if len(users) != 3 || users[0]["is_admin"] != true || users[1]["is_admin"] != false {
		t.Fatalf("users = %v", users)
	}
	// The spec requires includeIndirect here.
	wantErr(t, e.call(ben, "GET", "/api/v9/workspaces/7435584/workspace_users?includeIndirect=false", nil), http.StatusForbidden, msgNoAccess)
	want(t, e.call(ada, "GET", "/api/v9/workspaces/7435584/workspace_users?includeIndirect=false", nil), http.StatusOK)
	want(t, e.call(ada, "GET", "/api/v9/workspaces/7435584", nil), http.StatusOK)
}

func TestProjectsListFiltersAndPaging(t *testing.T) {
	e := newEnv(t)
	for i := range 7 {
		e.sim.AddProject(Project{WorkspaceID: SeedWorkspaceID, Name: fmt.Sprintf("Zeta %02d", i), Active: i%2 == 0, CreatorID: SeedAdaID})
	}
	names := func(path string) []string {
		var ps []struct {
			Name string `json:"name"`
		}
		e.call(ada, "GET", path, nil).decode(t, &ps)
		out := make([]string, len(ps))
		for i, p := range ps {
			out[i] = p.Name
		}
		return out
	}
	if got := names("/api/v9/workspaces/7435584/projects"); len(got) != 12 {
		t.Fatalf("default lists %d projects: %v", len(got), got)
	}
	if got := names("/api/v9/workspaces/7435584/projects?active=false"); len(got) != 3 {
		t.Fatalf("inactive: %v", got)
	}
	if got := names("/api/v9/workspaces/7435584/projects?active=true"); len(got) != 9 {
		t.Fatalf("active: %v", got)
	}
	if got := names("/api/v9/workspaces/7435584/projects?name=zeta&per_page=3&page=2"); fmt.Sprint(got) != "[Zeta 03 Zeta 04 Zeta 05]" {
		t.Fatalf("page 2: %v", got)
	}
	if got := names("/api/v9/workspaces/7435584/projects?name=zeta&per_page=3&page=4"); len(got) != 0 {
		t.Fatalf("past the end: %v", got)
	}
	if got := names("/api/v9/workspaces/7435584/projects?client_ids=61000001"); fmt.Sprint(got) != "[Support Retainer Website Redesign]" {
		t.Fatalf("client filter: %v", got)
	}
	// per_page above 200 is served 200 rows.
	for i := range 200 {
		e.sim.AddProject(Project{WorkspaceID: SeedWorkspaceID, Name: fmt.Sprintf("Bulk %03d", i), Active: true})
	}
	if got := names("/api/v9/workspaces/7435584/projects?per_page=500"); len(got) != 200 {
		t.Fatalf("per_page=500 gave %d", len(got))
	}
	if got := names("/api/v9/workspaces/7435584/projects"); len(got) != 151 {
		t.Fatalf("default per_page gave %d", len(got))
	}
	wantErr(t, e.callRaw(ada, "GET", "/api/v9/workspaces/7435584/projects?active=maybe", nil), http.StatusBadRequest, "Invalid value for active")
}

func TestProjectCreateUpdateDelete(t *testing.T) {
	e := newEnv(t)
	base := "/api/v9/workspaces/7435584/projects"
	r := e.call(ben, "POST", base, map[string]any{"name": "Launch", "client_id": 61000004, "color": "#112233", "billable": true})
	want(t, r, http.StatusOK)
	var p map[string]any
	r.decode(t, &p)
	id := int64(p["id"].(float64))
	if p["client_name"] != "Stark Industries" || p["cid"] != float64(61000004) || p["active"] != true || p["status"] != "active" {
		t.Fatalf("created %v", p)
	}
	wantErr(t, e.callRaw(ben, "POST", base, map[string]any{"name": "launch"}), http.StatusBadRequest, "Name has already been taken")
	wantErr(t, e.call(ben, "PUT", fmt.Sprintf("%s/%d", base, id), map[string]any{"client_id": 999}), http.StatusBadRequest,
		"Client with the ID 999 isn't present in workspace 7435584")
	wantErr(t, e.call(ben, "PUT", fmt.Sprintf("%s/%d", base, id), map[string]any{"color": "red"}), http.StatusBadRequest,
		"Error in validating color 'red'. Project color must be a hex value in the form of #[0-9a-f]{6}.")
	// Chloe did not create it and is no admin.
	wantErr(t, e.call(chloe, "PUT", fmt.Sprintf("%s/%d", base, id), map[string]any{"name": "Mine"}), http.StatusForbidden, msgNoAccess)
	// The spec types client_id as a plain integer, so clearing it with null goes to the bare handler.
	r = e.callRaw(ada, "PUT", fmt.Sprintf("%s/%d", base, id), map[string]any{"name": "Launch 2", "active": false, "client_id": nil})
	want(t, r, http.StatusOK)
	r.decode(t, &p)
	if p["name"] != "Launch 2" || p["status"] != "archived" || p["client_id"] != nil {
		t.Fatalf("updated %v", p)
	}
	want(t, e.call(ada, "GET", fmt.Sprintf("%s/%d", base, id), nil), http.StatusOK)
	r = e.call(ada, "DELETE", fmt.Sprintf("%s/%d", base, id), nil)
	want(t, r, http.StatusOK)
	if string(r.body) != strconv.FormatInt(id, 10) {
		t.Fatalf("delete answered %s", r.body)
	}
	wantErr(t, e.call(ada, "GET", fmt.Sprintf("%s/%d", base, id), nil), http.StatusBadRequest, "Invalid project_id")
	// since returns the deleted project with server_deleted_at.
	var ps []map[string]any
	e.call(ada, "GET", fmt.Sprintf("%s?since=%d", base, t0.Unix()), nil).decode(t, &ps)
	if len(ps) != 1 || ps[0]["server_deleted_at"] == nil || ps[0]["status"] != "deleted" {
		t.Fatalf("since: %v", ps)
	}

	e.sim.AddWorkspace(Workspace{ID: 1, Name: "Strict", OnlyAdminsMayCreateProjects: true})
	e.sim.AddMembership(1, SeedBenID, false)
	wantErr(t, e.callRaw(ben, "POST", "/api/v9/workspaces/1/projects", map[string]any{"name": "X"}), http.StatusForbidden,
		"Only admins may create projects in this workspace")
}

func TestPrivateProjectsHiddenFromOtherMembers(t *testing.T) {
	e := newEnv(t)
	e.sim.AddProject(Project{WorkspaceID: SeedWorkspaceID, Name: "Secret", IsPrivate: true, Active: true, CreatorID: SeedBenID})
	count := func(a auth) int {
		var ps []map[string]any
		e.call(a, "GET", "/api/v9/workspaces/7435584/projects", nil).decode(t, &ps)
		return len(ps)
	}
	if a, b, c := count(ada), count(ben), count(chloe); a != 6 || b != 6 || c != 5 {
		t.Fatalf("ada %d, ben %d, chloe %d", a, b, c)
	}
}

func TestClients(t *testing.T) {
	e := newEnv(t)
	base := "/api/v9/workspaces/7435584/clients"
	r := e.call(ben, "POST", base, map[string]any{"name": "Wayne Enterprises", "notes": "Gotham"})
	want(t, r, http.StatusOK)
	var c map[string]any
	r.decode(t, &c)
	id := int64(c["id"].(float64))
	if c["wid"] != float64(SeedWorkspaceID) || c["creator_id"] != float64(SeedBenID) || c["archived"] != false {
		t.Fatalf("created %v", c)
	}
	wantErr(t, e.call(ben, "POST", base, map[string]any{"name": " "}), http.StatusBadRequest, "Client name cannot be empty")
	wantErr(t, e.call(ben, "POST", base, map[string]any{"name": string(make([]byte, 101))}), http.StatusBadRequest, "Client name maximum length is 100")
	wantErr(t, e.call(ben, "PUT", base+"/999", map[string]any{"name": "x"}), http.StatusNotFound, "Client doesn't exist in the workspace.")
	wantErr(t, e.call(ben, "GET", base+"/999", nil), http.StatusNotFound, "No client with ID 999 was found")
	r = e.call(ada, "PUT", fmt.Sprintf("%s/%d", base, id), map[string]any{"name": "Wayne Corp"})
	want(t, r, http.StatusOK)

	// Archiving archives the client's projects and answers their ids.
	r = e.call(ada, "POST", base+"/61000001/archive", nil)
	want(t, r, http.StatusOK)
	if string(r.body) != "[20300001,20300002]" {
		t.Fatalf("archive answered %s", r.body)
	}
	names := func(q string) string {
		var cs []struct {
			Name string `json:"name"`
		}
		e.call(ada, "GET", base+q, nil).decode(t, &cs)
		out := ""
		for _, c := range cs {
			out += c.Name + ";"
		}
		return out
	}
	if got := names(""); got != "Initech;Umbrella;Stark Industries;Wayne Corp;" {
		t.Fatalf("active: %s", got)
	}
	if got := names("?status=archived"); got != "Globex;" {
		t.Fatalf("archived: %s", got)
	}
	if got := names("?status=both&name=IN"); got != "Initech;Stark Industries;" {
		t.Fatalf("both+name: %s", got)
	}
	wantErr(t, e.call(ada, "GET", base+"?status=gone", nil), http.StatusBadRequest, "Client status is invalid")
	want(t, e.call(ada, "POST", base+"/61000001/restore", nil), http.StatusOK)
	r = e.call(ada, "DELETE", fmt.Sprintf("%s/%d", base, id), nil)
	want(t, r, http.StatusOK)
	wantErr(t, e.call(ada, "GET", fmt.Sprintf("%s/%d", base, id), nil), http.StatusNotFound, fmt.Sprintf("No client with ID %d was found", id))
}

func TestTimeEntryLifecycle(t *testing.T) {
	e := newEnv(t)
	start := t0.Add(-10 * time.Minute)
	r := e.call(chloe, "POST", "/api/v9/workspaces/7435584/time_entries?meta=true", map[string]any{
		"created_with": "test", "workspace_id": 7435584, "start": start.Format(time.RFC3339), "duration": -1,
		"description": "Call", "project_id": 20300003, "tags": []string{"meeting", "new-tag"}, "billable": true,
	})
	want(t, r, http.StatusOK)
	var te apiEntry
	r.decode(t, &te)
	if te.Duration != -start.Unix() || te.Stop != nil || te.UserID != SeedChloeID || te.ProjectName != "Data Migration" || te.ClientName != "Initech" {
		t.Fatalf("running entry %+v", te)
	}
	if te.Start != "2025-03-12T11:50:00+00:00" || len(te.TagIDs) != 2 {
		t.Fatalf("start %q tag_ids %v", te.Start, te.TagIDs)
	}
	path := fmt.Sprintf("/api/v9/workspaces/7435584/time_entries/%d", te.ID)

	var cur apiEntry
	e.call(chloe, "GET", "/api/v9/me/time_entries/current", nil).decode(t, &cur)
	if cur.ID != te.ID {
		t.Fatalf("current = %d", cur.ID)
	}
	// Ben may not touch Chloe's entry; Ada (admin) may.
	wantErr(t, e.call(ben, "PUT", path, map[string]any{"description": "x"}), http.StatusForbidden, msgNoAccess)
	wantErr(t, e.call(ben, "PATCH", path+"/stop", nil), http.StatusForbidden, msgNoAccess)
	r = e.call(ada, "PUT", path, map[string]any{"description": "Client call"})
	want(t, r, http.StatusOK)

	e.clock.Advance(5 * time.Minute)
	r = e.call(chloe, "PATCH", path+"/stop", nil)
	want(t, r, http.StatusOK)
	r.decode(t, &te)
	if te.Duration != 900 || te.Stop == nil || *te.Stop != "2025-03-12T12:05:00+00:00" || te.Description != "Client call" {
		t.Fatalf("stopped %+v", te)
	}
	wantErr(t, e.call(chloe, "PATCH", path+"/stop", nil), http.StatusConflict, "Time entry already stopped")
	wantErr(t, e.call(chloe, "GET", "/api/v9/me/time_entries/current", nil), http.StatusNotFound, "Resource can not be found")

	// A PUT with duration and no stop stops at start+duration (docs/api/toggl.md §2.2 update sample).
	r = e.call(chloe, "PUT", path, map[string]any{"duration": 3001, "tags": []string{}})
	want(t, r, http.StatusOK)
	r.decode(t, &te)
	if te.Duration != 3001 || *te.Stop != "2025-03-12T12:40:01+00:00" || len(te.Tags) != 0 {
		t.Fatalf("put duration %+v", te)
	}
	// An empty 200 is what "Returns only status code." describes; the spec's `string` schema
	// cannot express it, so this goes to the bare handler.
	r = e.callRaw(chloe, "DELETE", path, nil)
	want(t, r, http.StatusOK)
	if len(r.body) != 0 {
		t.Fatalf("delete body %q", r.body)
	}
	wantErr(t, e.callRaw(chloe, "DELETE", path, nil), http.StatusNotFound, "Time entry not found")
}

func TestStartingATimerStopsTheRunningOne(t *testing.T) {
	e := newEnv(t)
	running := e.seed.RunningEntryID
	body := map[string]any{"created_with": "test", "workspace_id": 7435584, "start": t0.Format(time.RFC3339), "duration": -1}
	want(t, e.call(ben, "POST", "/api/v9/workspaces/7435584/time_entries", body), http.StatusOK)
	prev, _ := e.sim.TimeEntry(running)
	if prev.Stop == nil || !prev.Stop.Equal(t0) {
		t.Fatalf("previous timer stop = %v", prev.Stop)
	}
}

func TestTimeEntryValidation(t *testing.T) {
	e := newEnv(t)
	path := "/api/v9/workspaces/7435584/time_entries"
	ok := map[string]any{"created_with": "t", "workspace_id": 7435584, "start": "2025-03-12T10:00:00Z", "duration": 60}
	with := func(k string, v any) map[string]any {
		m := map[string]any{}
		for a, b := range ok {
			m[a] = b
		}
		if v == nil {
			delete(m, k)
		} else {
			m[k] = v
		}
		return m
	}
	cases := []struct {
		body   any
		status int
		msg    string
	}{
		{with("created_with", nil), 400, "created_with needs to be provided a valid string"},
		{with("workspace_id", nil), 400, "workspace_id is required"},
		{with("workspace_id", 1), 400, "workspace_id in the body does not match the path"},
		{with("start", nil), 400, "start is required"},
		{with("start", "yesterday"), 400, "Invalid start time: yesterday"},
		{with("stop", "2025-03-12T09:00:00Z"), 400, "Stop time must be after start time"},
		{with("project_id", 1), 400, "Project with ID 1 isn't present in workspace 7435584"},
		{with("user_id", SeedAdaID), 403, msgNoAccess},
		{"[]", 400, "Invalid JSON input"},
		{`{"start": 5}`, 400, "Invalid JSON input"},
	}
	for i, c := range cases {
		wantErr(t, e.callRaw(ben, "POST", path, c.body), c.status, c.msg)
		_ = i
	}
	// An admin may track for a member.
	r := e.call(ada, "POST", path, with("user_id", SeedBenID))
	want(t, r, http.StatusOK)
	var te apiEntry
	r.decode(t, &te)
	if te.UserID != SeedBenID || te.Duration != 60 {
		t.Fatalf("admin-created entry %+v", te)
	}
}

func TestMyTimeEntriesQueries(t *testing.T) {
	e := newEnv(t)
	list := func(a auth, q string) []apiEntry {
		t.Helper()
		var out []apiEntry
		e.call(a, "GET", "/api/v9/me/time_entries"+q, nil).decode(t, &out)
		return out
	}
	all := list(ben, "")
	if len(all) != 8 {
		t.Fatalf("Ben has %d entries in the default window", len(all))
	}
	for i, te := range all {
		if te.UserID != SeedBenID {
			t.Fatalf("foreign entry %+v", te)
		}
		if i > 0 && te.Start > all[i-1].Start {
			t.Fatal("not newest first")
		}
	}
	if got := list(ben, "?start_date=2025-03-10&end_date=2025-03-11"); len(got) != 1 || got[0].Description != "Navigation menu" {
		t.Fatalf("date range: %+v", got)
	}
	if got := list(ben, "?before=2025-03-07"); len(got) != 2 {
		t.Fatalf("before: %d", len(got))
	}
	if got := list(ben, "?start_date=2025-03-11T00:00:00Z&end_date=2025-03-12T23:59:59Z"); len(got) != 2 {
		t.Fatalf("RFC3339 range: %d", len(got))
	}
	wantErr(t, e.callRaw(ben, "GET", "/api/v9/me/time_entries?start_date=2025-03-10", nil), http.StatusBadRequest,
		"start_date and end_date must be used together")

	// since includes deleted entries, with server_deleted_at.
	e.clock.Advance(time.Hour)
	victim := all[3].ID
	if err := e.sim.DeleteTimeEntry(SeedBenToken, SeedWorkspaceID, victim); err != nil {
		t.Fatal(err)
	}
	got := list(ben, "?since="+strconv.FormatInt(t0.Add(30*time.Minute).Unix(), 10))
	if len(got) != 1 || got[0].ID != victim || got[0].ServerDeletedAt == nil {
		t.Fatalf("since: %+v", got)
	}
	for _, te := range list(ben, "") {
		if te.ID == victim {
			t.Fatal("deleted entry listed without since")
		}
	}
	// Nothing older than the lookback is returned.
	e.sim.AddTimeEntry(TimeEntry{WorkspaceID: SeedWorkspaceID, UserID: SeedBenID, Start: t0.AddDate(0, -4, 0), Stop: ptr(t0.AddDate(0, -4, 0).Add(time.Hour))})
	if got := list(ben, "?start_date=2024-01-01&end_date=2025-04-01"); len(got) != 7 {
		t.Fatalf("lookback: %d", len(got))
	}
}

func ptr[T any](v T) *T { return &v }

func TestMeQuotaListsOrganizationAndUserRows(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.DisableLimits = false })
	want(t, e.call(ada, "GET", "/api/v9/workspaces/7435584/projects", nil), http.StatusOK)
	var rows []map[string]any
	e.call(ada, "GET", "/api/v9/me/quota", nil).decode(t, &rows)
	if len(rows) != 2 || rows[0]["organization_id"] != float64(SeedOrganizationID) || rows[0]["remaining"] != float64(599) || rows[0]["total"] != float64(600) {
		t.Fatalf("quota rows %v", rows)
	}
	if _, ok := rows[1]["organization_id"]; ok || rows[1]["total"] != float64(30) || rows[1]["remaining"] != float64(30) {
		t.Fatalf("user row %v", rows[1])
	}
}

func TestUserScopedListsAndTags(t *testing.T) {
	e := newEnv(t)
	var ps, cs, tags []map[string]any
	e.sim.AddProject(Project{WorkspaceID: SeedWorkspaceID, Name: "Old", Active: false})
	e.call(ada, "GET", "/api/v9/me/projects", nil).decode(t, &ps)
	if len(ps) != 5 {
		t.Fatalf("/me/projects lists %d", len(ps))
	}
	e.call(ada, "GET", "/api/v9/me/projects?include_archived=true", nil).decode(t, &ps)
	if len(ps) != 6 {
		t.Fatalf("/me/projects?include_archived lists %d", len(ps))
	}
	e.call(chloe, "GET", "/api/v9/me/clients", nil).decode(t, &cs)
	if len(cs) != 4 {
		t.Fatalf("/me/clients lists %d", len(cs))
	}
	e.call(chloe, "GET", "/api/v9/workspaces/7435584/tags", nil).decode(t, &tags)
	if len(tags) != 5 {
		t.Fatalf("tags %v", tags)
	}
	var te apiEntry
	e.call(ben, "GET", fmt.Sprintf("/api/v9/me/time_entries/%d?meta=true", e.seed.RunningEntryID), nil).decode(t, &te)
	if te.ProjectName != "Website Redesign" || te.Duration >= 0 {
		t.Fatalf("own entry %+v", te)
	}
	wantErr(t, e.call(ada, "GET", fmt.Sprintf("/api/v9/me/time_entries/%d", e.seed.RunningEntryID), nil), http.StatusNotFound, "Time entry not found")
}
