// Caches: the Toggl facts the service keeps (projects, clients, users), and the router's
// Attio route cache with its invalidations.
package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"toggl-attio-sync/db"
)

// Kinds of the Toggl cache.
const (
	TogglProject = "project"
	TogglClient  = "client"
	TogglUser    = "user"
)

type (
	CountTogglCacheKindParams = db.CountTogglCacheKindParams
	GetTogglCacheParams       = db.GetTogglCacheParams
	TogglCache                = db.TogglCache
	UpsertTogglCacheParams    = db.UpsertTogglCacheParams
)

func (s *Store) CountTogglCacheKind(ctx context.Context, arg CountTogglCacheKindParams) (int64, error) {
	return s.rq.CountTogglCacheKind(ctx, arg)
}

func (s *Store) GetTogglCache(ctx context.Context, arg GetTogglCacheParams) (TogglCache, error) {
	return s.rq.GetTogglCache(ctx, arg)
}

func (s *Store) UpsertTogglCache(ctx context.Context, arg UpsertTogglCacheParams) error {
	return s.q.UpsertTogglCache(ctx, arg)
}

// AttioRouteKind names what an Attio route answers.
type AttioRouteKind string

const (
	RouteProject         AttioRouteKind = "project"          // an Attio Project, by record id
	RouteProjectByToggl  AttioRouteKind = "project_by_toggl" // "no Project carries this Toggl project id"
	RouteClientByToggl   AttioRouteKind = "client_by_toggl"  // the toggl_clients record of a Toggl client id
	RouteCompanyProjects AttioRouteKind = "company_projects" // the Projects linked to a Company, by record id
)

// RouteKinds are all kinds, for a whole-connection invalidation.
var RouteKinds = []AttioRouteKind{RouteProject, RouteProjectByToggl, RouteClientByToggl, RouteCompanyProjects}

// AttioRoute is one cached Attio answer's address.
type AttioRoute struct {
	Kind AttioRouteKind
	Key  string
}

// AttioRouteData returns a route's stored answer if it is still fresh: fetched after its
// own invalidation and its kind's, and within ttl of now. ok is false otherwise.
func (s *Store) AttioRouteData(ctx context.Context, connID int64, r AttioRoute, now time.Time, ttl time.Duration) (data string, ok bool, err error) {
	row, err := s.rq.GetAttioRoute(ctx, db.GetAttioRouteParams{ConnectionID: connID, Kind: string(r.Kind), RouteKey: r.Key})
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, err
	}
	if now.Sub(time.UnixMilli(row.FetchedAt)) > ttl {
		return "", false, nil
	}
	return row.DataJson, true, nil
}

// PutAttioRoute stores an answer whose read began at fetchedAt, unless the route or its
// kind was invalidated since (the answer may predate the change).
func (s *Store) PutAttioRoute(ctx context.Context, connID int64, r AttioRoute, data string, fetchedAt time.Time) error {
	return s.q.PutAttioRoute(ctx, db.PutAttioRouteParams{ConnectionID: connID, Kind: string(r.Kind), RouteKey: r.Key, DataJson: data, FetchedAt: fetchedAt.UnixMilli()})
}

// InvalidateAttioRoute marks one route stale as of now.
func (s *Store) InvalidateAttioRoute(ctx context.Context, connID int64, r AttioRoute, now time.Time) error {
	return s.q.InvalidateAttioRoute(ctx, db.InvalidateAttioRouteParams{ConnectionID: connID, Kind: string(r.Kind), RouteKey: r.Key, InvalidatedAt: now.UnixMilli()})
}

// InvalidateAttioRoutesMentioning marks stale the routes of a kind whose answer contains
// needle (a record id), returning how many.
func (s *Store) InvalidateAttioRoutesMentioning(ctx context.Context, connID int64, kind AttioRouteKind, needle string, now time.Time) (int64, error) {
	return s.q.InvalidateAttioRoutesMentioning(ctx, db.InvalidateAttioRoutesMentioningParams{ConnectionID: connID, Kind: string(kind), Needle: needle, InvalidatedAt: now.UnixMilli()})
}

// InvalidateAttioRoutesWithData marks stale the routes of a kind whose answer is data.
func (s *Store) InvalidateAttioRoutesWithData(ctx context.Context, connID int64, kind AttioRouteKind, data string, now time.Time) (int64, error) {
	return s.q.InvalidateAttioRoutesWithData(ctx, db.InvalidateAttioRoutesWithDataParams{ConnectionID: connID, Kind: string(kind), DataJson: data, InvalidatedAt: now.UnixMilli()})
}

// InvalidateAttioRouteKinds marks every route of the kinds stale as of now, including
// answers still in flight.
func (s *Store) InvalidateAttioRouteKinds(ctx context.Context, connID int64, now time.Time, kinds ...AttioRouteKind) error {
	return s.tx(ctx, func(q *db.Queries, _ *sql.Tx) error {
		for _, k := range kinds {
			if err := q.InvalidateAttioRouteKind(ctx, db.InvalidateAttioRouteKindParams{ConnectionID: connID, Kind: string(k), InvalidatedAt: now.UnixMilli()}); err != nil {
				return err
			}
		}
		return nil
	})
}
