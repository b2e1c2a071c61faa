package inbound

import (
	"context"
	"fmt"

	"toggl-attio-sync/internal/attio"
	"toggl-attio-sync/internal/fieldmap"
	"toggl-attio-sync/internal/store"
	"toggl-attio-sync/internal/worker"
)

// client upserts the toggl_clients record of a Toggl client (asserted on its unique
// toggl_client_id) linked to its Company, and links the Company back. Deletion only marks.
func (a *apply) client(ctx context.Context) error {
	c := a.ev.Client
	defer a.h.lockEntity("client", c.ID)()
	data, err := clientData(*c)
	if err != nil {
		return err
	}
	stale, err := a.cacheToggl(ctx, store.TogglClient, c.ID, 0, c.Name, data)
	if err != nil {
		return err
	}
	if stale {
		return worker.Skip(fmt.Sprintf("stale: a newer change of client %d was already applied", c.ID))
	}
	s := a.conn.Settings.Schema
	company, err := a.companyForClient(ctx, c.ID, c.Name)
	if err != nil {
		return err
	}
	m := a.conn.Settings.ClientMap
	rendered, err := fieldmap.Render(m, fieldmap.Source{Client: c, Now: a.now})
	if err != nil {
		return err
	}
	values := toAttio(m, rendered)
	if company != "" {
		values = values.Set("company", attio.RecordRef(s.CompaniesObject, company))
	}
	hash := hashValues(rendered, company)
	mapping, err := a.h.Store.GetClientMap(ctx, store.GetClientMapParams{ConnectionID: a.conn.ID, TogglClientID: c.ID})
	if err == nil && mapping.ValuesHash == hash && mapping.TogglClientsRecord != "" {
		return a.audit(ctx, "unchanged", fmt.Sprintf("client %d: toggl_clients record already up to date", c.ID), nil)
	}
	a.call("ASSERT toggl_clients toggl_client_id=%d", c.ID)
	rec, err := a.attio.AssertRecord(ctx, s.ClientsObject, "toggl_client_id", values)
	if err != nil {
		return err
	}
	if company != "" && (mapping.CompanyRecordID != company || mapping.TogglClientsRecord != rec.ID.RecordID) {
		a.call("PATCH company %s", company)
		if _, err := a.attio.PatchRecord(ctx, s.CompaniesObject, company, attio.Values{}.
			Set("toggl_client_id", attio.Text(idText(c.ID))).
			Set("toggl_client", attio.RecordRef(s.ClientsObject, rec.ID.RecordID))); err != nil {
			return err
		}
	}
	if err := a.h.Store.UpsertClientMap(ctx, store.UpsertClientMapParams{ConnectionID: a.conn.ID, TogglClientID: c.ID,
		TogglClientsRecord: rec.ID.RecordID, CompanyRecordID: company, Origin: "inbound", UpdatedAt: a.now.UnixMilli()}); err != nil {
		return err
	}
	if err := a.h.Store.SetClientMapHash(ctx, store.SetClientMapHashParams{ValuesHash: hash, UpdatedAt: a.now.UnixMilli(), ConnectionID: a.conn.ID, TogglClientID: c.ID}); err != nil {
		return err
	}
	if err := a.h.Store.InvalidateAttioRoute(ctx, a.conn.ID, store.AttioRoute{Kind: store.RouteClientByToggl, Key: idText(c.ID)}, a.h.Now()); err != nil {
		return err
	}
	msg := fmt.Sprintf("client %d %q upserted as toggl_clients %s", c.ID, c.Name, rec.ID.RecordID)
	if company == "" {
		msg += "; no Company matched it"
	}
	return a.audit(ctx, "written", msg, nil)
}

// companyForClient finds the Company of a Toggl client: the stored link, a Company carrying
// toggl_client_id, or the single Company with exactly the client's name.
func (a *apply) companyForClient(ctx context.Context, id int64, name string) (string, error) {
	m, err := a.h.Store.GetClientMap(ctx, store.GetClientMapParams{ConnectionID: a.conn.ID, TogglClientID: id})
	if err == nil && m.CompanyRecordID != "" {
		return m.CompanyRecordID, nil
	}
	if err != nil && !isNoRows(err) {
		return "", err
	}
	companies := a.conn.Settings.Schema.CompaniesObject
	a.call("QUERY companies toggl_client_id=%d", id)
	recs, err := a.attio.QueryRecords(ctx, companies, attio.Query{Filter: attio.Filter{"toggl_client_id": idText(id)}, Limit: 2})
	if err != nil && !attio.IsValidation(err) { // the attribute may not be provisioned yet
		return "", err
	}
	if len(recs) == 1 {
		return recs[0].ID.RecordID, nil
	}
	if name == "" {
		return "", nil
	}
	a.call("QUERY companies name=%q", name)
	recs, err = a.attio.QueryRecords(ctx, companies, attio.Query{Filter: attio.Filter{"name": name}, Limit: 2})
	if err != nil {
		return "", err
	}
	if len(recs) == 1 {
		return recs[0].ID.RecordID, nil
	}
	return "", nil
}
