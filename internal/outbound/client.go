package outbound

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"toggl-attio-sync/internal/attio"
	"toggl-attio-sync/internal/store"
	"toggl-attio-sync/internal/toggl"
	"toggl-attio-sync/internal/worker"
)

// togglClient is the Toggl client a Company is linked to.
type togglClient struct {
	ID   int64
	Name string
}

// ensureClient returns the Company's Toggl client, linking or creating it once. Call it
// holding the Company lock. The Company's toggl_client_id is written last: it marks the step
// done, so a crash before it re-runs the step, which finds the client again through the
// local mapping or the intent instead of creating another.
func (r *run) ensureClient(ctx context.Context, companyID string) (togglClient, error) {
	s := r.conn.Settings.Schema
	r.call("attio GET %s %s", s.CompaniesObject, companyID)
	company, err := r.attio.GetRecord(ctx, s.CompaniesObject, companyID)
	if attio.IsNotFound(err) {
		return togglClient{}, worker.Skip(fmt.Sprintf("Company %s of the Project no longer exists in Attio", companyID))
	}
	if err != nil {
		return togglClient{}, err
	}
	name := strings.TrimSpace(text(company.Values, "name"))
	if id, ok := parseID(text(company.Values, "toggl_client_id")); ok {
		return togglClient{ID: id, Name: name}, r.dropStaleIntent(ctx, "client", companyID)
	}

	var client togglClient
	origin, how := "outbound", ""
	m, err := r.h.Store.GetClientMapByCompany(ctx, store.GetClientMapByCompanyParams{ConnectionID: r.conn.ID, CompanyRecordID: companyID})
	switch {
	case err == nil:
		// Found or created by an earlier attempt that stopped before the Attio write-back.
		client, how = togglClient{ID: m.TogglClientID, Name: name}, "recovered from the local mapping"
	case errors.Is(err, sql.ErrNoRows):
		client, origin, how, err = r.findOrCreateClient(ctx, companyID, name)
		if err != nil {
			return togglClient{}, err
		}
	default:
		return togglClient{}, err
	}
	if err := r.writeClientBack(ctx, companyID, client, origin); err != nil {
		return togglClient{}, err
	}
	return client, r.finishStep(ctx, "client", companyID, fmt.Sprintf("Toggl client %d %q %s for Company %s; ids written to Attio", client.ID, client.Name, how, companyID),
		map[string]any{"toggl_client_id": client.ID, "company": companyID})
}

// findOrCreateClient looks for a Toggl client with the Company's name (or, after a crash,
// the name the interrupted attempt meant to create) and creates one if there is none. The
// mapping is stored at once, in the step that learns the id.
func (r *run) findOrCreateClient(ctx context.Context, companyID, name string) (c togglClient, origin, how string, err error) {
	prior, err := r.loadIntent(ctx, "client", companyID)
	if err != nil {
		return c, "", "", err
	}
	origin = "inbound" // linked to a client someone else made
	if prior != nil {
		name, origin = prior.Name, "outbound" // the earlier attempt may have made it
	}
	if name == "" {
		return c, "", "", conflict("Company %s has no name; Toggl needs one for its client", companyID)
	}
	if prior == nil {
		if err := r.recordIntent(ctx, "client", companyID, intent{Name: name}); err != nil {
			return c, "", "", err
		}
	}
	found, err := r.findClient(ctx, name)
	if err != nil {
		return c, "", "", err
	}
	how = "linked (found by name)"
	if found == nil {
		r.call("toggl POST client %q", name)
		created, err := r.toggl.CreateClient(ctx, r.conn.TogglWorkspaceID, toggl.ClientPayload{Name: name})
		switch {
		case nameTaken(err):
			// Made between our lookup and the create (by a person: our own jobs hold the lock).
			if found, err = r.findClient(ctx, name); err != nil {
				return c, "", "", err
			}
			if found == nil {
				if err := r.clearIntent(ctx, "client", companyID); err != nil { // nothing created: a renamed Company retries afresh
					return c, "", "", err
				}
				return c, "", "", conflict("Toggl refuses the client name %q as taken, but no client of that name is visible", name)
			}
		case err != nil:
			return c, "", "", err
		default:
			found, origin, how = &created, "outbound", "created"
		}
	}
	if other, err := r.h.Store.GetClientMap(ctx, store.GetClientMapParams{ConnectionID: r.conn.ID, TogglClientID: found.ID}); err == nil &&
		other.CompanyRecordID != "" && other.CompanyRecordID != companyID {
		if origin != "outbound" { // linked by name, nothing created: a renamed Company retries afresh
			if err := r.clearIntent(ctx, "client", companyID); err != nil {
				return c, "", "", err
			}
		}
		return c, "", "", conflict("Toggl client %d %q is already linked to Company %s; two Companies share the name %q", found.ID, found.Name, other.CompanyRecordID, name)
	}
	c = togglClient{ID: found.ID, Name: found.Name}
	return c, origin, how, r.h.Store.UpsertOutboundClientMap(ctx, store.UpsertOutboundClientMapParams{
		ConnectionID: r.conn.ID, TogglClientID: c.ID, CompanyRecordID: companyID, Origin: origin, UpdatedAt: r.h.now().UnixMilli(),
	})
}

// findClient returns the workspace's client named name (archived ones too), or nil. Toggl's
// name filter is a case-insensitive "contains" (docs/api/toggl.md §4.4), so the match is made exact here.
func (r *run) findClient(ctx context.Context, name string) (*toggl.ClientEntity, error) {
	r.call("toggl GET clients name=%q", name)
	list, err := r.toggl.ListClients(ctx, r.conn.TogglWorkspaceID, toggl.ClientsQuery{Status: toggl.ClientsBoth, Name: name})
	if err != nil {
		return nil, err
	}
	var best *toggl.ClientEntity
	for i := range list {
		c := &list[i]
		if !sameName(c.Name, name) {
			continue
		}
		// An active client beats an archived one; then the oldest (lowest id).
		if best == nil || (best.Archived && !c.Archived) || (best.Archived == c.Archived && c.ID < best.ID) {
			best = c
		}
	}
	return best, nil
}

// writeClientBack upserts the toggl_clients record (asserted on its unique toggl_client_id)
// linked to the Company, then writes toggl_client_id and the link on the Company.
func (r *run) writeClientBack(ctx context.Context, companyID string, c togglClient, origin string) error {
	s := r.conn.Settings.Schema
	id := idText(c.ID)
	values := attio.Values{}.
		Set("toggl_client_id", attio.Text(id)).
		Set("company", attio.RecordRef(s.CompaniesObject, companyID))
	if c.Name != "" {
		values.Set("name", attio.Text(c.Name))
	}
	r.call("attio PUT %s toggl_client_id=%s", s.ClientsObject, id)
	rec, err := r.attio.AssertRecord(ctx, s.ClientsObject, "toggl_client_id", values)
	if err != nil {
		return err
	}
	if err := r.h.Store.UpsertOutboundClientMap(ctx, store.UpsertOutboundClientMapParams{
		ConnectionID: r.conn.ID, TogglClientID: c.ID, TogglClientsRecord: rec.ID.RecordID, CompanyRecordID: companyID,
		Origin: origin, UpdatedAt: r.h.now().UnixMilli(),
	}); err != nil {
		return err
	}
	r.call("attio PATCH %s %s toggl_client_id=%s", s.CompaniesObject, companyID, id)
	updated, err := r.attio.PatchRecord(ctx, s.CompaniesObject, companyID, attio.Values{}.
		Set("toggl_client_id", attio.Text(id)).
		Set("toggl_client", attio.RecordRef(s.ClientsObject, rec.ID.RecordID)))
	if err != nil {
		return err
	}
	r.h.learnActor(ctx, r.conn, updated, "toggl_client_id")
	return nil
}
