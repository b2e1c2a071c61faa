package provision

import "sync"

// CodeBook remembers the validation code of the last PING each subscription received, so
// provisioning can fall back to GET /validate when Toggl did not take the synchronous echo
// (docs/api/toggl.md §2.1: both ways validate). The receiving endpoint writes it; it lives in memory
// only, because a code is useful for minutes and should not rest in the database.
type CodeBook struct {
	mu    sync.Mutex
	codes map[[2]int64]string
}

// ValidationCodes is the process's code book.
var ValidationCodes = &CodeBook{}

// Remember stores the code a PING carried for a subscription of a connection.
func (b *CodeBook) Remember(connID, subID int64, code string) {
	if code == "" {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.codes == nil {
		b.codes = map[[2]int64]string{}
	}
	b.codes[[2]int64{connID, subID}] = code
}

// Take returns and forgets the code of a subscription.
func (b *CodeBook) Take(connID, subID int64) (string, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	k := [2]int64{connID, subID}
	c, ok := b.codes[k]
	delete(b.codes, k)
	return c, ok
}
