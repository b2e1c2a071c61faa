// Console read models: the summaries and pages the console shows, read from the read pool.
package store

import (
	"context"
	"database/sql"

	"toggl-attio-sync/db"
)

type (
	ConsoleAcceptedPerDayParams       = db.ConsoleAcceptedPerDayParams
	ConsoleAcceptedPerDayRow          = db.ConsoleAcceptedPerDayRow
	ConsoleAuditDeadLettersParams     = db.ConsoleAuditDeadLettersParams
	ConsoleAuditPageParams            = db.ConsoleAuditPageParams
	ConsoleAuditPageRow               = db.ConsoleAuditPageRow
	ConsoleGetInboxInConnectionParams = db.ConsoleGetInboxInConnectionParams
	ConsoleHeldSecondsPerDayParams    = db.ConsoleHeldSecondsPerDayParams
	ConsoleHeldSecondsPerDayRow       = db.ConsoleHeldSecondsPerDayRow
	ConsoleInboxSummaryRow            = db.ConsoleInboxSummaryRow
	ConsoleLastEventsRow              = db.ConsoleLastEventsRow
	ConsoleLatestJobOfKindsParams     = db.ConsoleLatestJobOfKindsParams
	ConsoleLatestJobOfKindsRow        = db.ConsoleLatestJobOfKindsRow
	ConsoleNextWaitRow                = db.ConsoleNextWaitRow
	ConsoleRecentTimeEntriesParams    = db.ConsoleRecentTimeEntriesParams
	ConsoleRecentTimeEntriesRow       = db.ConsoleRecentTimeEntriesRow
)

func (s *Store) ConsoleAcceptedPerDay(ctx context.Context, arg ConsoleAcceptedPerDayParams) ([]ConsoleAcceptedPerDayRow, error) {
	return s.rq.ConsoleAcceptedPerDay(ctx, arg)
}
func (s *Store) ConsoleAuditDeadLetters(ctx context.Context, arg ConsoleAuditDeadLettersParams) ([]int64, error) {
	return s.rq.ConsoleAuditDeadLetters(ctx, arg)
}
func (s *Store) ConsoleAuditPage(ctx context.Context, arg ConsoleAuditPageParams) ([]ConsoleAuditPageRow, error) {
	return s.rq.ConsoleAuditPage(ctx, arg)
}
func (s *Store) ConsoleCountEntriesWithoutStart(ctx context.Context, connectionID int64) (int64, error) {
	return s.rq.ConsoleCountEntriesWithoutStart(ctx, connectionID)
}
func (s *Store) ConsoleGetAudit(ctx context.Context, id int64) (AuditRow, error) {
	return s.rq.ConsoleGetAudit(ctx, id)
}
func (s *Store) ConsoleGetInboxInConnection(ctx context.Context, arg ConsoleGetInboxInConnectionParams) (Job, error) {
	return s.rq.ConsoleGetInboxInConnection(ctx, arg)
}
func (s *Store) ConsoleHeldSecondsPerDay(ctx context.Context, arg ConsoleHeldSecondsPerDayParams) ([]ConsoleHeldSecondsPerDayRow, error) {
	return s.rq.ConsoleHeldSecondsPerDay(ctx, arg)
}
func (s *Store) ConsoleInboxSummary(ctx context.Context, connectionID int64) ([]ConsoleInboxSummaryRow, error) {
	return s.rq.ConsoleInboxSummary(ctx, connectionID)
}
func (s *Store) ConsoleLastEvents(ctx context.Context, connectionID sql.NullInt64) ([]ConsoleLastEventsRow, error) {
	return s.rq.ConsoleLastEvents(ctx, connectionID)
}
func (s *Store) ConsoleLatestJobOfKinds(ctx context.Context, arg ConsoleLatestJobOfKindsParams) (ConsoleLatestJobOfKindsRow, error) {
	return s.rq.ConsoleLatestJobOfKinds(ctx, arg)
}
func (s *Store) ConsoleNextWait(ctx context.Context, connectionID int64) (ConsoleNextWaitRow, error) {
	return s.rq.ConsoleNextWait(ctx, connectionID)
}
func (s *Store) ConsoleRecentTimeEntries(ctx context.Context, arg ConsoleRecentTimeEntriesParams) ([]ConsoleRecentTimeEntriesRow, error) {
	return s.rq.ConsoleRecentTimeEntries(ctx, arg)
}

func (s *Store) ConsoleAuditCount(ctx context.Context) (int64, error) {
	return s.rq.ConsoleAuditCount(ctx)
}
