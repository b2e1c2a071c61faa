package worker

import (
	"time"

	"toggl-attio-sync/db"
	"toggl-attio-sync/internal/store"
)

func extendParams(job *store.Job, until time.Time) db.ExtendInboxLeaseParams {
	return db.ExtendInboxLeaseParams{LeaseUntil: until.UnixMilli(), ID: job.ID, LeaseOwner: job.LeaseOwner}
}
