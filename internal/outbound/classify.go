package outbound

import (
	"errors"
	"fmt"
	"time"

	"toggl-attio-sync/internal/failure"
	"toggl-attio-sync/internal/worker"
)

// errLockLost means the Company lock expired under us (a stalled process): stop and retry.
var errLockLost = errors.New("the Company lock expired while this job held it")

// classify applies the service's one failure policy (package failure: Toggl's quota and 429s
// of either service wait for the time named, 5xx and network failures retry, the rest is
// permanent) and adds outbound's own transient failure, a Company lock lost while held.
func classify(err error, now time.Time) error {
	if errors.Is(err, errLockLost) && worker.Classify(err) == worker.Permanent {
		return worker.Retry(err)
	}
	return failure.Classify(err, now)
}

// conflict is a state a person must resolve (two Companies with one name, a Toggl name taken
// by another client's project): permanent, with a message that says what to change.
func conflict(format string, args ...any) error {
	return fmt.Errorf("conflict: "+format, args...)
}
