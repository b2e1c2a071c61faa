package resync

import (
	"context"
	"time"

	"toggl-attio-sync/internal/store"
)

// ServiceAliveInFile reports whether a service holds the database file at dbPath, read
// without opening (and so migrating) it: for commands such as restore that must not run
// beside a service.
func ServiceAliveInFile(ctx context.Context, dbPath string, now time.Time) (bool, error) {
	return store.LockHeldInFile(ctx, dbPath, serviceLock, now)
}
