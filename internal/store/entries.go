// Entries and mappings: which Attio entry holds each Toggl time entry, and which Attio
// record stands for each Toggl project and client.
package store

import (
	"context"

	"toggl-attio-sync/db"
)

type (
	ClientMap                      = db.ClientMap
	EntryMap                       = db.EntryMap
	GetClientMapByCompanyParams    = db.GetClientMapByCompanyParams
	GetClientMapParams             = db.GetClientMapParams
	GetEntryMapParams              = db.GetEntryMapParams
	GetProjectMapByRecordParams    = db.GetProjectMapByRecordParams
	GetProjectMapParams            = db.GetProjectMapParams
	ProjectMap                     = db.ProjectMap
	SetClientMapHashParams         = db.SetClientMapHashParams
	SetProjectMapHashParams        = db.SetProjectMapHashParams
	UpsertClientMapParams          = db.UpsertClientMapParams
	UpsertEntryMapParams           = db.UpsertEntryMapParams
	UpsertOutboundClientMapParams  = db.UpsertOutboundClientMapParams
	UpsertOutboundProjectMapParams = db.UpsertOutboundProjectMapParams
	UpsertProjectMapParams         = db.UpsertProjectMapParams
)

func (s *Store) CountEntryMap(ctx context.Context, connectionID int64) (int64, error) {
	return s.rq.CountEntryMap(ctx, connectionID)
}
func (s *Store) GetClientMap(ctx context.Context, arg GetClientMapParams) (ClientMap, error) {
	return s.rq.GetClientMap(ctx, arg)
}
func (s *Store) GetClientMapByCompany(ctx context.Context, arg GetClientMapByCompanyParams) (ClientMap, error) {
	return s.rq.GetClientMapByCompany(ctx, arg)
}
func (s *Store) GetEntryMap(ctx context.Context, arg GetEntryMapParams) (EntryMap, error) {
	return s.rq.GetEntryMap(ctx, arg)
}
func (s *Store) GetProjectMap(ctx context.Context, arg GetProjectMapParams) (ProjectMap, error) {
	return s.rq.GetProjectMap(ctx, arg)
}
func (s *Store) GetProjectMapByRecord(ctx context.Context, arg GetProjectMapByRecordParams) (ProjectMap, error) {
	return s.rq.GetProjectMapByRecord(ctx, arg)
}
func (s *Store) SetClientMapHash(ctx context.Context, arg SetClientMapHashParams) error {
	return s.q.SetClientMapHash(ctx, arg)
}
func (s *Store) SetProjectMapHash(ctx context.Context, arg SetProjectMapHashParams) error {
	return s.q.SetProjectMapHash(ctx, arg)
}
func (s *Store) UpsertClientMap(ctx context.Context, arg UpsertClientMapParams) error {
	return s.q.UpsertClientMap(ctx, arg)
}
func (s *Store) UpsertEntryMap(ctx context.Context, arg UpsertEntryMapParams) error {
	return s.q.UpsertEntryMap(ctx, arg)
}
func (s *Store) UpsertOutboundClientMap(ctx context.Context, arg UpsertOutboundClientMapParams) error {
	return s.q.UpsertOutboundClientMap(ctx, arg)
}
func (s *Store) UpsertOutboundProjectMap(ctx context.Context, arg UpsertOutboundProjectMapParams) error {
	return s.q.UpsertOutboundProjectMap(ctx, arg)
}
func (s *Store) UpsertProjectMap(ctx context.Context, arg UpsertProjectMapParams) error {
	return s.q.UpsertProjectMap(ctx, arg)
}
