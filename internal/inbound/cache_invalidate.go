package inbound

import (
	"context"
	"encoding/json"
	"time"

	"toggl-attio-sync/internal/store"
)

// AttioObject is which of the objects the router reads an Attio record belongs to.
type AttioObject int

const (
	OtherObject    AttioObject = iota // Companies, people, …: no route is read from them
	ProjectsObject                    // the connection's Projects object
	ClientsObject                     // the toggl_clients object
)

// RecordChange is one Attio record created, updated or deleted.
type RecordChange struct {
	Object   AttioObject
	RecordID string
	// Ours: the change is a write this service made, which changes no Project's Company
	// and no toggl_project_id that the mappings do not already hold.
	Ours bool
}

// routeInvalidation is what a change makes stale: single routes, routes of a kind naming
// the record, routes of a kind holding a given answer, and whole kinds.
type routeInvalidation struct {
	routes     []store.AttioRoute
	mentioning []store.AttioRouteKind // routes of these kinds whose answer names the record
	withData   map[store.AttioRouteKind]string
	kinds      []store.AttioRouteKind
}

// routesAffectedBy decides which cached routes a record change can make wrong:
//   - a Project: its own route; the Company lists holding it (its old Company); when a
//     person changed it, also every Company list (the event does not say which Company
//     it has now, and a list lacking it routes elsewhere) and every remembered "no Project
//     carries Toggl project N" (it may carry N now);
//   - a toggl_clients record: the client routes naming it, and the remembered "no
//     record for client N" (it may be that record now);
//   - any other object: nothing (routes read no value of a Company or a person).
func routesAffectedBy(c RecordChange) routeInvalidation {
	switch c.Object {
	case ProjectsObject:
		inv := routeInvalidation{
			routes:     []store.AttioRoute{{Kind: store.RouteProject, Key: c.RecordID}},
			mentioning: []store.AttioRouteKind{store.RouteCompanyProjects},
		}
		if !c.Ours {
			inv.kinds = []store.AttioRouteKind{store.RouteCompanyProjects}
			inv.withData = map[store.AttioRouteKind]string{store.RouteProjectByToggl: "true"}
		}
		return inv
	case ClientsObject:
		return routeInvalidation{
			mentioning: []store.AttioRouteKind{store.RouteClientByToggl},
			withData:   map[store.AttioRouteKind]string{store.RouteClientByToggl: noClientRecord},
		}
	}
	return routeInvalidation{}
}

// noClientRecord is how clientByToggl remembers "no toggl_clients record".
var noClientRecord = func() string {
	b, _ := json.Marshal(clientRecord{})
	return string(b)
}()

// InvalidateRoutes marks stale, as of now, the cached routes a record change can affect,
// and no others: a steady stream of edits to one Project leaves every other Project's
// route cached.
func InvalidateRoutes(ctx context.Context, st *store.Store, connID int64, c RecordChange, now time.Time) error {
	inv := routesAffectedBy(c)
	for _, r := range inv.routes {
		if err := st.InvalidateAttioRoute(ctx, connID, r, now); err != nil {
			return err
		}
	}
	for _, k := range inv.mentioning {
		if _, err := st.InvalidateAttioRoutesMentioning(ctx, connID, k, `"`+c.RecordID+`"`, now); err != nil {
			return err
		}
	}
	for k, data := range inv.withData {
		if _, err := st.InvalidateAttioRoutesWithData(ctx, connID, k, data, now); err != nil {
			return err
		}
	}
	if len(inv.kinds) > 0 {
		return st.InvalidateAttioRouteKinds(ctx, connID, now, inv.kinds...)
	}
	return nil
}

// InvalidateAllRoutes marks every cached route of the connection stale (the rules changed
// how Project records are read).
func InvalidateAllRoutes(ctx context.Context, st *store.Store, connID int64, now time.Time) error {
	return st.InvalidateAttioRouteKinds(ctx, connID, now, store.RouteKinds...)
}
