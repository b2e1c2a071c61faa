package worker

import (
	"time"

	"toggl-attio-sync/internal/store"
)

func extendParams(job *store.Job, until time.Time) store.ExtendInboxLeaseParams {
	return store.ExtendInboxLeaseParams{LeaseUntil: until.UnixMilli(), ID: job.ID, LeaseOwner: job.LeaseOwner}
}
