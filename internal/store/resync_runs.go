// Resync runs: their progress, checkpoints, per-entry outcomes and findings.
package store

import (
	"context"

	"toggl-attio-sync/db"
)

type (
	AddResyncFindingParams          = db.AddResyncFindingParams
	AnswerResyncConfirmationParams  = db.AnswerResyncConfirmationParams
	CancelConfirmResyncRunParams    = db.CancelConfirmResyncRunParams
	CancelQueuedResyncRunParams     = db.CancelQueuedResyncRunParams
	ClearResyncFindingsOfKindParams = db.ClearResyncFindingsOfKindParams
	CountResyncEntriesBetweenParams = db.CountResyncEntriesBetweenParams
	CountResyncFindingsRow          = db.CountResyncFindingsRow
	CountResyncOutcomesRow          = db.CountResyncOutcomesRow
	CreateResyncRunModeParams       = db.CreateResyncRunModeParams
	FinishResyncRunParams           = db.FinishResyncRunParams
	GetResyncEntryParams            = db.GetResyncEntryParams
	LastResyncRunOfParams           = db.LastResyncRunOfParams
	ListResyncFindingsParams        = db.ListResyncFindingsParams
	ListResyncRunsParams            = db.ListResyncRunsParams
	RecordResyncEntryParams         = db.RecordResyncEntryParams
	RequestResyncCancelParams       = db.RequestResyncCancelParams
	ResyncDeletionCandidatesParams  = db.ResyncDeletionCandidatesParams
	ResyncDeletionCandidatesRow     = db.ResyncDeletionCandidatesRow
	ResyncEntry                     = db.ResyncEntry
	ResyncEntryMapSpanRow           = db.ResyncEntryMapSpanRow
	ResyncFinding                   = db.ResyncFinding
	ResyncRun                       = db.ResyncRun
	SaveResyncCheckpointParams      = db.SaveResyncCheckpointParams
	SetResyncAttioSideParams        = db.SetResyncAttioSideParams
	SetResyncEntriesExpectedParams  = db.SetResyncEntriesExpectedParams
	SetResyncNamesParams            = db.SetResyncNamesParams
	SetResyncRunStatusParams        = db.SetResyncRunStatusParams
	SetResyncTotalsParams           = db.SetResyncTotalsParams
)

func (s *Store) ActiveResyncRun(ctx context.Context, connectionID int64) (ResyncRun, error) {
	return s.rq.ActiveResyncRun(ctx, connectionID)
}
func (s *Store) AddResyncFinding(ctx context.Context, arg AddResyncFindingParams) error {
	return s.q.AddResyncFinding(ctx, arg)
}
func (s *Store) AnswerResyncConfirmation(ctx context.Context, arg AnswerResyncConfirmationParams) (int64, error) {
	return s.q.AnswerResyncConfirmation(ctx, arg)
}
func (s *Store) CancelConfirmResyncRun(ctx context.Context, arg CancelConfirmResyncRunParams) (int64, error) {
	return s.q.CancelConfirmResyncRun(ctx, arg)
}
func (s *Store) CancelQueuedResyncRun(ctx context.Context, arg CancelQueuedResyncRunParams) (int64, error) {
	return s.q.CancelQueuedResyncRun(ctx, arg)
}
func (s *Store) ClearResyncFindings(ctx context.Context, runID int64) error {
	return s.q.ClearResyncFindings(ctx, runID)
}
func (s *Store) ClearResyncFindingsOfKind(ctx context.Context, arg ClearResyncFindingsOfKindParams) error {
	return s.q.ClearResyncFindingsOfKind(ctx, arg)
}
func (s *Store) CountResyncEntriesBetween(ctx context.Context, arg CountResyncEntriesBetweenParams) (int64, error) {
	return s.rq.CountResyncEntriesBetween(ctx, arg)
}
func (s *Store) CountResyncFindings(ctx context.Context, runID int64) ([]CountResyncFindingsRow, error) {
	return s.rq.CountResyncFindings(ctx, runID)
}
func (s *Store) CountResyncOutcomes(ctx context.Context, runID int64) ([]CountResyncOutcomesRow, error) {
	return s.rq.CountResyncOutcomes(ctx, runID)
}
func (s *Store) CreateResyncRunMode(ctx context.Context, arg CreateResyncRunModeParams) (ResyncRun, error) {
	return s.q.CreateResyncRunMode(ctx, arg)
}
func (s *Store) FinishResyncRun(ctx context.Context, arg FinishResyncRunParams) error {
	return s.q.FinishResyncRun(ctx, arg)
}
func (s *Store) GetResyncEntry(ctx context.Context, arg GetResyncEntryParams) (ResyncEntry, error) {
	return s.rq.GetResyncEntry(ctx, arg)
}
func (s *Store) GetResyncRun(ctx context.Context, id int64) (ResyncRun, error) {
	return s.rq.GetResyncRun(ctx, id)
}
func (s *Store) LastResyncRunOf(ctx context.Context, arg LastResyncRunOfParams) (ResyncRun, error) {
	return s.rq.LastResyncRunOf(ctx, arg)
}
func (s *Store) ListResyncFindings(ctx context.Context, arg ListResyncFindingsParams) ([]ResyncFinding, error) {
	return s.rq.ListResyncFindings(ctx, arg)
}
func (s *Store) ListResyncRuns(ctx context.Context, arg ListResyncRunsParams) ([]ResyncRun, error) {
	return s.rq.ListResyncRuns(ctx, arg)
}
func (s *Store) ListUnfinishedResyncRuns(ctx context.Context) ([]ResyncRun, error) {
	return s.rq.ListUnfinishedResyncRuns(ctx)
}
func (s *Store) RecordResyncEntry(ctx context.Context, arg RecordResyncEntryParams) error {
	return s.q.RecordResyncEntry(ctx, arg)
}
func (s *Store) RequestResyncCancel(ctx context.Context, arg RequestResyncCancelParams) (int64, error) {
	return s.q.RequestResyncCancel(ctx, arg)
}
func (s *Store) ResyncDeletionCandidates(ctx context.Context, arg ResyncDeletionCandidatesParams) ([]ResyncDeletionCandidatesRow, error) {
	return s.rq.ResyncDeletionCandidates(ctx, arg)
}
func (s *Store) ResyncEntryMapSpan(ctx context.Context, connectionID int64) (ResyncEntryMapSpanRow, error) {
	return s.rq.ResyncEntryMapSpan(ctx, connectionID)
}
func (s *Store) ResyncRunIDsSeen(ctx context.Context, runID int64) ([]int64, error) {
	return s.rq.ResyncRunIDsSeen(ctx, runID)
}
func (s *Store) SaveResyncCheckpoint(ctx context.Context, arg SaveResyncCheckpointParams) error {
	return s.q.SaveResyncCheckpoint(ctx, arg)
}
func (s *Store) SetResyncAttioSide(ctx context.Context, arg SetResyncAttioSideParams) error {
	return s.q.SetResyncAttioSide(ctx, arg)
}
func (s *Store) SetResyncEntriesExpected(ctx context.Context, arg SetResyncEntriesExpectedParams) error {
	return s.q.SetResyncEntriesExpected(ctx, arg)
}
func (s *Store) SetResyncNames(ctx context.Context, arg SetResyncNamesParams) error {
	return s.q.SetResyncNames(ctx, arg)
}
func (s *Store) SetResyncRunStatus(ctx context.Context, arg SetResyncRunStatusParams) error {
	return s.q.SetResyncRunStatus(ctx, arg)
}
func (s *Store) SetResyncTotals(ctx context.Context, arg SetResyncTotalsParams) error {
	return s.q.SetResyncTotals(ctx, arg)
}

func (s *Store) LastScheduledResyncRunAt(ctx context.Context, connectionID int64) (int64, error) {
	return s.rq.LastScheduledResyncRunAt(ctx, connectionID)
}
