package inbound

import (
	"context"
	"strconv"
	"time"

	"toggl-attio-sync/internal/attio"
	"toggl-attio-sync/internal/routing"
	"toggl-attio-sync/internal/store"
	"toggl-attio-sync/internal/togglevent"
)

// projectInfo is what routing needs of an Attio Project record.
type projectInfo struct {
	RecordID       string `json:"record_id"`
	Name           string `json:"name"`
	CompanyID      string `json:"company_id"`
	Type           string `json:"type"`
	Status         string `json:"status"`
	TogglProjectID *int64 `json:"toggl_project_id,omitempty"`
}

func (p projectInfo) routing() routing.Project {
	return routing.Project{RecordID: p.RecordID, Name: p.Name, TogglProjectID: p.TogglProjectID, Type: p.Type, Status: p.Status}
}

func (a *apply) projectFromRecord(r attio.Record) projectInfo {
	s := a.conn.Settings
	p := projectInfo{
		RecordID:  r.ID.RecordID,
		Name:      firstText(r.Values, s.Schema.ProjectNameAttr),
		CompanyID: firstRef(r.Values, s.Schema.ProjectCompanyAttr),
	}
	if s.Rules.TypeAttribute != "" {
		p.Type = firstText(r.Values, s.Rules.TypeAttribute)
	}
	if s.Rules.StatusAttribute != "" {
		p.Status = firstText(r.Values, s.Rules.StatusAttribute)
	}
	if id, err := strconv.ParseInt(firstText(r.Values, "toggl_project_id"), 10, 64); err == nil {
		p.TogglProjectID = &id
	}
	return p
}

// projectByRecord reads one Attio Project (cached).
func (a *apply) projectByRecord(ctx context.Context, recordID string) (*projectInfo, error) {
	key := store.AttioRoute{Kind: store.RouteProject, Key: recordID}
	var p projectInfo
	if a.cached(ctx, key, &p) {
		return &p, nil
	}
	a.call("GET project %s", recordID)
	r, err := a.attio.GetRecord(ctx, a.conn.Settings.Schema.ProjectsObject, recordID)
	if attio.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	p = a.projectFromRecord(r)
	return &p, a.remember(ctx, key, p)
}

// projectByToggl finds the Attio Project carrying toggl_project_id: the stored mapping
// first, then an Attio query, whose answer (also "none") is remembered.
func (a *apply) projectByToggl(ctx context.Context, togglID int64) (*projectInfo, error) {
	m, err := a.h.Store.GetProjectMap(ctx, store.GetProjectMapParams{ConnectionID: a.conn.ID, TogglProjectID: togglID})
	if err == nil {
		return a.projectByRecord(ctx, m.AttioRecordID)
	}
	if !isNoRows(err) {
		return nil, err
	}
	key := store.AttioRoute{Kind: store.RouteProjectByToggl, Key: strconv.FormatInt(togglID, 10)}
	var none bool
	if a.cached(ctx, key, &none) {
		return nil, nil
	}
	a.call("QUERY projects toggl_project_id=%d", togglID)
	recs, err := a.attio.QueryRecords(ctx, a.conn.Settings.Schema.ProjectsObject, attio.Query{
		Filter: attio.Filter{"toggl_project_id": strconv.FormatInt(togglID, 10)}, Limit: 2,
	})
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, a.remember(ctx, key, true)
	}
	p := a.projectFromRecord(recs[0])
	if err := a.h.Store.UpsertProjectMap(ctx, store.UpsertProjectMapParams{ConnectionID: a.conn.ID, TogglProjectID: togglID, AttioRecordID: p.RecordID, Origin: "inbound", UpdatedAt: a.now.UnixMilli()}); err != nil {
		return nil, err
	}
	return &p, a.remember(ctx, store.AttioRoute{Kind: store.RouteProject, Key: p.RecordID}, p)
}

// clientRecord is a toggl_clients record and the Company it links to.
type clientRecord struct {
	RecordID  string `json:"record_id"`
	Name      string `json:"name"`
	CompanyID string `json:"company_id"`
}

// clientByToggl finds the toggl_clients record of a Toggl client (mapping, then query).
func (a *apply) clientByToggl(ctx context.Context, togglID int64) (*clientRecord, error) {
	m, err := a.h.Store.GetClientMap(ctx, store.GetClientMapParams{ConnectionID: a.conn.ID, TogglClientID: togglID})
	if err == nil && m.TogglClientsRecord != "" {
		return &clientRecord{RecordID: m.TogglClientsRecord, CompanyID: m.CompanyRecordID}, nil
	}
	if err != nil && !isNoRows(err) {
		return nil, err
	}
	key := store.AttioRoute{Kind: store.RouteClientByToggl, Key: strconv.FormatInt(togglID, 10)}
	var c clientRecord
	if a.cached(ctx, key, &c) {
		if c.RecordID == "" {
			return nil, nil
		}
		return &c, nil
	}
	a.call("QUERY toggl_clients toggl_client_id=%d", togglID)
	recs, err := a.attio.QueryRecords(ctx, a.conn.Settings.Schema.ClientsObject, attio.Query{
		Filter: attio.Filter{"toggl_client_id": strconv.FormatInt(togglID, 10)}, Limit: 1,
	})
	if err != nil && !attio.IsNotFound(err) {
		return nil, err
	}
	if len(recs) == 1 {
		c = clientRecord{RecordID: recs[0].ID.RecordID, Name: firstText(recs[0].Values, "name"), CompanyID: firstRef(recs[0].Values, "company")}
		if err := a.h.Store.UpsertClientMap(ctx, store.UpsertClientMapParams{ConnectionID: a.conn.ID, TogglClientID: togglID, TogglClientsRecord: c.RecordID, CompanyRecordID: c.CompanyID, Origin: "inbound", UpdatedAt: a.now.UnixMilli()}); err != nil {
			return nil, err
		}
	}
	if err := a.remember(ctx, key, c); err != nil {
		return nil, err
	}
	if c.RecordID == "" {
		return nil, nil
	}
	return &c, nil
}

// companyProjects lists the Projects linked to a Company (cached).
func (a *apply) companyProjects(ctx context.Context, companyID string) ([]projectInfo, error) {
	key := store.AttioRoute{Kind: store.RouteCompanyProjects, Key: companyID}
	var out []projectInfo
	if a.cached(ctx, key, &out) {
		return out, nil
	}
	s := a.conn.Settings.Schema
	a.call("QUERY projects %s=%s", s.ProjectCompanyAttr, companyID)
	for r, err := range a.attio.AllRecords(ctx, s.ProjectsObject, attio.Query{
		Filter: attio.Filter{s.ProjectCompanyAttr: map[string]any{"target_object": s.CompaniesObject, "target_record_id": companyID}},
		Limit:  100,
	}) {
		if err != nil {
			return nil, err
		}
		out = append(out, a.projectFromRecord(r))
	}
	return out, a.remember(ctx, key, out)
}

// route gathers what the routing decision needs and decides.
func (a *apply) route(ctx context.Context, te *togglevent.TimeEntry, project *togglevent.Project, client *togglevent.Client) (routing.Decision, error) {
	s := a.conn.Settings
	in := routing.Input{TogglProjectID: te.ProjectID, Rules: s.Rules}
	if s.Fallback != nil && s.Fallback.RecordID != "" {
		in.Fallback = &routing.Record{RecordID: s.Fallback.RecordID, Name: s.Fallback.Name}
	}
	if project != nil {
		in.TogglProjectName = project.Name
	}
	if te.ProjectID != nil {
		p, err := a.projectByToggl(ctx, *te.ProjectID)
		if err != nil {
			return routing.Decision{}, err
		}
		if p != nil {
			rp := p.routing()
			in.MappedProject = &rp
		}
	}
	if in.MappedProject == nil && client != nil {
		id := client.ID
		in.TogglClientID, in.TogglClientName = &id, client.Name
		cr, err := a.clientByToggl(ctx, client.ID)
		if err != nil {
			return routing.Decision{}, err
		}
		if cr != nil {
			in.ClientRecord = &routing.Record{RecordID: cr.RecordID, Name: cr.Name}
			if cr.CompanyID != "" {
				in.Company = &routing.Record{RecordID: cr.CompanyID}
				projects, err := a.companyProjects(ctx, cr.CompanyID)
				if err != nil {
					return routing.Decision{}, err
				}
				for _, p := range projects {
					in.CompanyProjects = append(in.CompanyProjects, p.routing())
				}
			}
		}
	}
	return routing.Decide(in), nil
}

func timeMs(ms int64) time.Time { return time.UnixMilli(ms) }
