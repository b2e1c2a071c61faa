// Instance-wide settings (the console password hash, the key check); what belongs to a
// connection has its own table.
package store

import (
	"context"

	"toggl-attio-sync/db"
)

type (
	InsertSettingIfAbsentParams = db.InsertSettingIfAbsentParams
	PutSettingParams            = db.PutSettingParams
)

func (s *Store) GetSetting(ctx context.Context, key string) (string, error) {
	return s.rq.GetSetting(ctx, key)
}
func (s *Store) InsertSettingIfAbsent(ctx context.Context, arg InsertSettingIfAbsentParams) (int64, error) {
	return s.q.InsertSettingIfAbsent(ctx, arg)
}
func (s *Store) PutSetting(ctx context.Context, arg PutSettingParams) error {
	return s.q.PutSetting(ctx, arg)
}
