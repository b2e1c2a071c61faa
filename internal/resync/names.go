package resync

import (
	"context"
	"fmt"
	"strings"

	"toggl-attio-sync/internal/inbound"
	"toggl-attio-sync/internal/store"
	"toggl-attio-sync/internal/toggl"
)

// tally counts what reconciling one kind of Toggl object did.
type tally map[inbound.Outcome]int

func (t tally) String() string {
	var parts []string
	for _, o := range []inbound.Outcome{inbound.OutcomeUpdated, inbound.OutcomeUnchanged, inbound.OutcomeStale, inbound.OutcomeUnroutable, outcomeFailed} {
		if n := t[o]; n > 0 {
			label := string(o)
			switch o {
			case inbound.OutcomeUnroutable:
				label = "without an Attio Project"
			case inbound.OutcomeStale:
				label = "already newer in Attio"
			}
			parts = append(parts, fmt.Sprintf("%d %s", n, label))
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

// names reconciles the workspace's clients, projects (paged, per_page 200) and users into the
// name cache and Attio, the way client and project webhook events do, so the entries that
// follow need no Toggl call for names. Redone in full after a restart: it is a few requests.
func (r *runner) names(ctx context.Context) error {
	wid := r.conn.TogglWorkspaceID
	apply := func(f func(context.Context) (inbound.Outcome, error)) (inbound.Outcome, error) {
		out, err := r.attempt(ctx, f)
		if err != nil && ctx.Err() == nil {
			r.s.logger().Warn("resync: name reconciliation failed", "run", r.row.ID, "err", err)
			return outcomeFailed, nil
		}
		return out, err
	}

	var clients []toggl.ClientEntity
	if err := r.togglCall(ctx, "clients", func(ctx context.Context) (err error) {
		clients, err = r.tc.ListClients(ctx, wid, toggl.ClientsQuery{Status: toggl.ClientsBoth})
		return err
	}); err != nil {
		return err
	}
	ct := tally{}
	for _, c := range clients {
		out, err := apply(func(ctx context.Context) (inbound.Outcome, error) {
			return r.s.Inbound.ApplyClient(ctx, r.conn, inbound.ClientFromAPI(wid, c))
		})
		if err != nil {
			return err
		}
		ct[out]++
	}

	pt, projects := tally{}, 0
	for page := 1; ; page++ {
		var ps []toggl.Project
		if err := r.togglCall(ctx, "projects", func(ctx context.Context) (err error) {
			ps, err = r.tc.ListProjects(ctx, wid, toggl.ProjectsQuery{Active: toggl.ProjectsBoth, Page: page, PerPage: toggl.MaxProjectsPerPage})
			return err
		}); err != nil {
			return err
		}
		for _, p := range ps {
			out, err := apply(func(ctx context.Context) (inbound.Outcome, error) {
				return r.s.Inbound.ApplyProject(ctx, r.conn, inbound.ProjectFromAPI(p))
			})
			if err != nil {
				return err
			}
			pt[out]++
		}
		projects += len(ps)
		// No paging headers are documented: a short page is the last (docs/api/toggl.md §4.3).
		if len(ps) < toggl.MaxProjectsPerPage {
			break
		}
	}

	var users []toggl.WorkspaceUser
	if err := r.togglCall(ctx, "workspace users", func(ctx context.Context) (err error) {
		users, err = r.tc.WorkspaceUsers(ctx, wid)
		return err
	}); err != nil {
		return err
	}
	for _, u := range users {
		// Users carry no "at"; 0 lets any later name replace this one (the cache keeps the
		// newest by at).
		if err := r.s.Store.UpsertTogglCache(ctx, store.UpsertTogglCacheParams{
			ConnectionID: r.conn.ID, Kind: "user", TogglID: u.ID, Name: u.Fullname, DataJson: "{}",
		}); err != nil {
			return err
		}
	}

	summary := fmt.Sprintf("%d clients (%s); %d projects (%s); %d users cached", len(clients), ct, projects, pt, len(users))
	r.row.Phase, r.row.NamesSummary = PhaseEntries, summary
	return r.s.Store.SetResyncNames(ctx, store.SetResyncNamesParams{
		Phase: PhaseEntries, NamesSummary: summary, TogglRequests: r.requests.Load(),
		UpdatedAt: r.s.clock().Now().UnixMilli(), ID: r.row.ID,
	})
}
