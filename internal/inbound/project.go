package inbound

import (
	"context"
	"fmt"
	"strconv"

	"toggl-attio-sync/internal/fieldmap"
	"toggl-attio-sync/internal/store"
	"toggl-attio-sync/internal/worker"
)

// remember a Toggl object (its name, client and facts as data_json) for later time entries;
// report whether this event is older than what the cache already holds.
func (a *apply) cacheToggl(ctx context.Context, kind string, id, clientID int64, name, data string) (stale bool, err error) {
	prev, err := a.cache(ctx, kind, id)
	if err == nil && prev.At > a.ev.At.UnixMilli() {
		return true, nil
	}
	if err != nil && !isNoRows(err) {
		return false, err
	}
	return false, a.h.Store.UpsertTogglCache(ctx, store.UpsertTogglCacheParams{
		ConnectionID: a.conn.ID, Kind: kind, TogglID: id, Name: name, ClientID: clientID, DataJson: data, At: a.ev.At.UnixMilli(),
	})
}

// project applies a Toggl project change to the Attio Project that carries its id. Deletion
// only flips the markers the project map writes; the Attio record stays.
func (a *apply) project(ctx context.Context) error {
	p := a.ev.Project
	defer a.h.lockEntity("project", p.ID)()
	var clientID int64
	if p.ClientID != nil {
		clientID = *p.ClientID
	}
	data, err := projectData(*p)
	if err != nil {
		return err
	}
	stale, err := a.cacheToggl(ctx, store.TogglProject, p.ID, clientID, p.Name, data)
	if err != nil {
		return err
	}
	if stale {
		return worker.Skip(fmt.Sprintf("stale: a newer change of project %d was already applied", p.ID))
	}
	target, err := a.projectByToggl(ctx, p.ID)
	if err != nil {
		return err
	}
	if target == nil {
		return a.audit(ctx, "unmatched", fmt.Sprintf("project %d %q cached for names; no Attio Project carries toggl_project_id %d", p.ID, p.Name, p.ID), nil)
	}
	m := a.conn.Settings.ProjectMap
	rendered, err := fieldmap.Render(m, fieldmap.Source{Project: p, Now: a.now})
	if err != nil {
		return err
	}
	hash := hashValues(rendered)
	mapping, err := a.h.Store.GetProjectMap(ctx, store.GetProjectMapParams{ConnectionID: a.conn.ID, TogglProjectID: p.ID})
	if err == nil && mapping.ValuesHash == hash {
		return a.audit(ctx, "unchanged", fmt.Sprintf("project %d: Attio Project already up to date", p.ID), nil)
	}
	a.call("PATCH project %s", target.RecordID)
	if _, err := a.attio.PatchRecord(ctx, a.conn.Settings.Schema.ProjectsObject, target.RecordID, toAttio(m, rendered)); err != nil {
		return err
	}
	if err := a.h.Store.SetProjectMapHash(ctx, store.SetProjectMapHashParams{ValuesHash: hash, UpdatedAt: a.now.UnixMilli(), ConnectionID: a.conn.ID, TogglProjectID: p.ID}); err != nil {
		return err
	}
	if err := InvalidateRoutes(ctx, a.h.Store, a.conn.ID, RecordChange{Object: ProjectsObject, RecordID: target.RecordID, Ours: true}, a.h.Now()); err != nil {
		return err
	}
	verb := "updated"
	if a.ev.Deleted() {
		verb = "marked deleted (the Attio record is kept)"
	}
	return a.audit(ctx, "written", fmt.Sprintf("project %d %s on Attio Project %s", p.ID, verb, target.RecordID), nil)
}

func idText(id int64) string { return strconv.FormatInt(id, 10) }
