package outbound

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"toggl-attio-sync/internal/attio"
	"toggl-attio-sync/internal/store"
	"toggl-attio-sync/internal/toggl"
)

// ensureProject links the Project to a Toggl project of the client, creating it once. Call it
// holding the Company lock. The mapping (origin "outbound") is stored as soon as the id is
// known, before the Attio write-back, so the Toggl event of the new project is recognised
// as ours and a crash before the write-back is finished from the mapping.
func (r *run) ensureProject(ctx context.Context, p *projectRecord, client togglClient) error {
	var id int64
	var how string
	m, err := r.h.Store.GetProjectMapByRecord(ctx, store.GetProjectMapByRecordParams{ConnectionID: r.conn.ID, AttioRecordID: p.RecordID})
	switch {
	case err == nil:
		id, how = m.TogglProjectID, "recovered from the local mapping"
	case errors.Is(err, sql.ErrNoRows):
		if id, how, err = r.findOrCreateProject(ctx, p, client); err != nil {
			return err
		}
	default:
		return err
	}
	s := r.conn.Settings.Schema
	r.call("attio PATCH %s %s toggl_project_id=%d", s.ProjectsObject, p.RecordID, id)
	rec, err := r.attio.PatchRecord(ctx, s.ProjectsObject, p.RecordID, attio.Values{}.Set("toggl_project_id", attio.Text(idText(id))))
	if attio.IsUniquenessConflict(err) {
		return conflict("Toggl project %d is already linked to another Attio Project (toggl_project_id is unique)", id)
	}
	if err != nil {
		return err
	}
	r.h.learnActor(ctx, r.conn, rec, "toggl_project_id")
	return r.finishStep(ctx, "project", p.RecordID, fmt.Sprintf("Toggl project %d %q %s under client %d; toggl_project_id written to Project %s", id, p.Name, how, client.ID, p.RecordID),
		map[string]any{"toggl_project_id": id, "toggl_client_id": client.ID})
}

// findOrCreateProject records the intent, looks for the client's project by name (after a
// crash: by the name the interrupted attempt used) and creates it when there is none.
func (r *run) findOrCreateProject(ctx context.Context, p *projectRecord, client togglClient) (int64, string, error) {
	prior, err := r.loadIntent(ctx, "project", p.RecordID)
	if err != nil {
		return 0, "", err
	}
	name := p.Name
	if prior != nil {
		name = prior.Name
	} else if err := r.recordIntent(ctx, "project", p.RecordID, intent{Name: name, TogglClientID: client.ID}); err != nil {
		return 0, "", err
	}
	found, err := r.findProject(ctx, name, &client.ID)
	if err != nil {
		return 0, "", err
	}
	how := "linked (found by name)"
	if found == nil {
		r.call("toggl POST project %q client=%d", name, client.ID)
		created, err := r.toggl.CreateProject(ctx, r.conn.TogglWorkspaceID, toggl.ProjectPayload{
			Name: &name, ClientID: &client.ID, Active: toggl.Ptr(true), IsPrivate: toggl.Ptr(false),
		})
		switch {
		case nameTaken(err):
			// Toggl keeps project names unique in the workspace (docs/api/toggl.md §4.3 "Name has already
			// been taken", UNCONFIRMED wording): the name may belong to another client's project.
			other, ferr := r.findProject(ctx, name, nil)
			if ferr != nil {
				return 0, "", ferr
			}
			if other == nil || other.ClientID == nil || *other.ClientID != client.ID {
				// Nothing was created: forget the intent, so the retry after a rename in
				// Attio uses the new name instead of the refused one.
				if err := r.clearIntent(ctx, "project", p.RecordID); err != nil {
					return 0, "", err
				}
				return 0, "", conflict("the Toggl project name %q is taken by %s; rename the Project in Attio or the project in Toggl", name, describe(other))
			}
			found = other
		case err != nil:
			return 0, "", err
		default:
			found, how = &created, "created"
		}
	}
	if m, err := r.h.Store.GetProjectMap(ctx, store.GetProjectMapParams{ConnectionID: r.conn.ID, TogglProjectID: found.ID}); err == nil && m.AttioRecordID != p.RecordID {
		return 0, "", conflict("Toggl project %d %q is already linked to Attio Project %s", found.ID, found.Name, m.AttioRecordID)
	}
	return found.ID, how, r.h.Store.UpsertOutboundProjectMap(ctx, store.UpsertOutboundProjectMapParams{
		ConnectionID: r.conn.ID, TogglProjectID: found.ID, AttioRecordID: p.RecordID, UpdatedAt: r.h.now().UnixMilli(),
	})
}

// findProject returns the live project named name (of the client, when clientID is set),
// archived ones included, or nil. The name filter is a "contains"; the match is made exact.
func (r *run) findProject(ctx context.Context, name string, clientID *int64) (*toggl.Project, error) {
	q := toggl.ProjectsQuery{Active: toggl.ProjectsBoth, Name: name}
	if clientID != nil {
		q.ClientIDs = []int64{*clientID}
		r.call("toggl GET projects client=%d name=%q", *clientID, name)
	} else {
		r.call("toggl GET projects name=%q", name)
	}
	all, err := r.toggl.AllProjects(ctx, r.conn.TogglWorkspaceID, q)
	if err != nil {
		return nil, err
	}
	var best *toggl.Project
	for i := range all {
		pr := &all[i]
		if !sameName(pr.Name, name) || !pr.ServerDeletedAt.IsZero() || pr.Status == "deleted" {
			continue
		}
		if best == nil || pr.ID < best.ID {
			best = pr
		}
	}
	return best, nil
}

func describe(p *toggl.Project) string {
	switch {
	case p == nil:
		return "a project this token cannot see"
	case p.ClientID == nil:
		return fmt.Sprintf("project %d, which has no client", p.ID)
	default:
		return fmt.Sprintf("project %d of client %d", p.ID, *p.ClientID)
	}
}
