package attiosim

import (
	"encoding/hex"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/google/uuid"
)

// Rand is the source of randomness for ids, secrets and fault decisions. *math/rand/v2.Rand
// satisfies it; the emulator serialises calls, so an unsynchronised source is fine.
type Rand interface {
	Float64() float64
	Uint64() uint64
}

// lockedRand serialises a Rand so handlers and delivery goroutines can share it.
type lockedRand struct {
	mu sync.Mutex
	r  Rand
}

func (l *lockedRand) Float64() float64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.r.Float64()
}

func (l *lockedRand) bytes(n int) []byte {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make([]byte, 0, n+8)
	for len(out) < n {
		v := l.r.Uint64()
		for i := 0; i < 8; i++ {
			out = append(out, byte(v>>(8*i)))
		}
	}
	return out[:n]
}

// newID returns a random (version 4) UUID string: every Attio id is a UUID
// (docs/api/attio.md §2 "Object shape: {"id":{"workspace_id","object_id"}…}", SPEC format: uuid).
func (l *lockedRand) newID() string {
	var u uuid.UUID
	copy(u[:], l.bytes(16))
	u[6] = (u[6] & 0x0f) | 0x40
	u[8] = (u[8] & 0x3f) | 0x80
	return u.String()
}

// newSecret returns a webhook signing secret (hex, 32 random bytes).
func (l *lockedRand) newSecret() string { return hex.EncodeToString(l.bytes(32)) }

func defaultRand() Rand {
	seed := uint64(time.Now().UnixNano())
	return rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
}

// stableID derives a fixed UUID from a name, so seeded demo data keeps its ids across runs.
func stableID(name string) string {
	return uuid.NewSHA1(uuid.NameSpaceURL, []byte("attiosim:"+name)).String()
}

// timestampLayout is Attio's nanosecond UTC form, e.g. "2022-11-21T13:22:49.061281000Z"
// (docs/api/attio.md §3 "Timestamps are nanosecond-precision UTC strings").
const timestampLayout = "2006-01-02T15:04:05.000000000Z"

func formatTime(t time.Time) string { return t.UTC().Format(timestampLayout) }
