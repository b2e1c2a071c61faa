package toggl_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"toggl-attio-sync/internal/toggl"
	"toggl-attio-sync/internal/togglsim"
)

func simTrack(t *testing.T) {
	env := newSimEnv(t, togglsim.Config{})
	c := env.client(t, toggl.Options{})
	ctx := context.Background()

	me, err := c.Me(ctx)
	if err != nil || me.ID != togglsim.SeedAdaID || me.DefaultWorkspaceID != wid || me.Email == "" {
		t.Fatalf("me %+v %v", me, err)
	}
	ws, err := c.Workspaces(ctx)
	if err != nil || len(ws) != 1 || ws[0].ID != wid || !ws[0].Admin || ws[0].OrganizationID != togglsim.SeedOrganizationID {
		t.Fatalf("workspaces %+v %v", ws, err)
	}
	users, err := c.WorkspaceUsers(ctx, wid)
	if err != nil || len(users) != 3 {
		t.Fatalf("users %+v %v", users, err)
	}
	quota, err := c.MyQuota(ctx)
	if err != nil || len(quota) == 0 {
		t.Fatalf("quota %+v %v", quota, err)
	}
	if q := c.Quota(); !q.Known || q.Remaining <= 0 || !q.ResetAt.After(q.ObservedAt) {
		t.Errorf("quota headers not observed: %+v", q)
	}

	// Clients.
	cl, err := c.CreateClient(ctx, wid, toggl.ClientPayload{Name: "Wayne Enterprises", Notes: toggl.Ptr("from Attio")})
	if err != nil || cl.ID == 0 || cl.WorkspaceID != wid || cl.Name != "Wayne Enterprises" {
		t.Fatalf("create client %+v %v", cl, err)
	}
	cl, err = c.UpdateClient(ctx, wid, cl.ID, toggl.ClientPayload{Name: "Wayne Enterprises Ltd"})
	if err != nil || cl.Name != "Wayne Enterprises Ltd" {
		t.Fatalf("update client %+v %v", cl, err)
	}
	got, err := c.GetClient(ctx, wid, cl.ID)
	if err != nil || got.ID != cl.ID || got.Name != cl.Name {
		t.Fatalf("get client %+v %v", got, err)
	}
	found, err := c.ListClients(ctx, wid, toggl.ClientsQuery{Name: "wayne"})
	if err != nil || len(found) != 1 || found[0].ID != cl.ID {
		t.Fatalf("list clients by name %+v %v", found, err)
	}
	all, err := c.ListClients(ctx, wid, toggl.ClientsQuery{Status: toggl.ClientsBoth})
	if err != nil || len(all) != len(env.info.Clients)+1 {
		t.Fatalf("list clients %d %v", len(all), err)
	}
	if _, err := c.GetClient(ctx, wid, 999); !toggl.IsNotFound(err) {
		t.Errorf("missing client: %v", err)
	}

	// Projects.
	p, err := c.CreateProject(ctx, wid, toggl.ProjectPayload{Name: toggl.Ptr("Batcave Retrofit"), ClientID: &cl.ID,
		Color: toggl.Ptr("#06aaf5"), Billable: toggl.Ptr(true), Active: toggl.Ptr(true)})
	if err != nil || p.ID == 0 || p.ClientID == nil || *p.ClientID != cl.ID || !p.Active || p.Status != "active" {
		t.Fatalf("create project %+v %v", p, err)
	}
	p, err = c.UpdateProject(ctx, wid, p.ID, toggl.ProjectPayload{Active: toggl.Ptr(false)})
	if err != nil || p.Active {
		t.Fatalf("archive project %+v %v", p, err)
	}
	gp, err := c.GetProject(ctx, wid, p.ID)
	if err != nil || gp.Name != "Batcave Retrofit" || gp.Active {
		t.Fatalf("get project %+v %v", gp, err)
	}

	// Time entries: start a timer, read it back, stop it, edit, delete.
	start := env.clock.Now().Add(-30 * time.Minute).Truncate(time.Second)
	te, err := c.CreateTimeEntry(ctx, wid, toggl.TimeEntryPayload{Start: start, Duration: toggl.Ptr(int64(-1)),
		Description: toggl.Ptr("demo call"), ProjectID: &env.info.Projects[0].ID, Tags: []string{"meeting"}})
	if err != nil || !te.Running() || te.Duration != -start.Unix() || !te.Start.Equal(start) || te.UserID != me.ID {
		t.Fatalf("start timer %+v %v", te, err)
	}
	cur, err := c.CurrentTimeEntry(ctx)
	if err != nil || cur == nil || cur.ID != te.ID {
		t.Fatalf("current %+v %v", cur, err)
	}
	stopped, err := c.StopTimeEntry(ctx, wid, te.ID)
	if err != nil || stopped.Running() || stopped.Stop.IsZero() || stopped.Duration <= 0 {
		t.Fatalf("stop %+v %v", stopped, err)
	}
	if cur, err := c.CurrentTimeEntry(ctx); err != nil || cur != nil {
		t.Fatalf("current after stop %+v %v", cur, err)
	}
	edited, err := c.UpdateTimeEntry(ctx, wid, te.ID, toggl.TimeEntryPayload{Description: toggl.Ptr("demo call (edited)"), Billable: toggl.Ptr(true)})
	if err != nil || edited.Description != "demo call (edited)" || !edited.Billable {
		t.Fatalf("update %+v %v", edited, err)
	}
	list, err := c.MyTimeEntries(ctx, toggl.TimeEntriesQuery{StartDate: start.Add(-time.Minute), EndDate: env.clock.Now().Add(time.Hour), Meta: true})
	if err != nil || !slices.ContainsFunc(list, func(e toggl.TimeEntry) bool { return e.ID == te.ID && e.ProjectName != "" }) {
		t.Fatalf("list with meta %+v %v", list, err)
	}
	before := env.clock.Now()
	env.clock.Sleep(ctx, time.Second) // so the deletion is strictly after `before`
	if err := c.DeleteTimeEntry(ctx, wid, te.ID); err != nil {
		t.Fatal(err)
	}
	since, err := c.MyTimeEntries(ctx, toggl.TimeEntriesQuery{Since: before})
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(since, func(e toggl.TimeEntry) bool { return e.ID == te.ID })
	if i < 0 || !since[i].Deleted() {
		t.Errorf("since= does not return the deleted entry: %+v", since)
	}
}

func simProjectPaging(t *testing.T) {
	env := newSimEnv(t, togglsim.Config{})
	c := env.client(t, toggl.Options{})
	ctx := context.Background()
	for i := range 6 {
		if _, err := c.CreateProject(ctx, wid, toggl.ProjectPayload{Name: toggl.Ptr(fmt.Sprintf("Paging %02d", i))}); err != nil {
			t.Fatal(err)
		}
	}
	want := len(env.info.Projects) + 6
	var pages int
	var ids []int64
	err := c.EachProjectPage(ctx, wid, toggl.ProjectsQuery{PerPage: 4, Active: toggl.ProjectsBoth}, func(ps []toggl.Project) error {
		pages++
		for _, p := range ps {
			ids = append(ids, p.ID)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(ids)
	if len(ids) != want || len(slices.Compact(ids)) != want || pages != (want+3)/4 {
		t.Errorf("%d ids over %d pages, want %d", len(ids), pages, want)
	}
	allAtOnce, err := c.AllProjects(ctx, wid, toggl.ProjectsQuery{Active: toggl.ProjectsBoth})
	if err != nil || len(allAtOnce) != want {
		t.Errorf("AllProjects: %d %v", len(allAtOnce), err)
	}
}
