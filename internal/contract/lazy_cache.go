package contract

import (
	"sync/atomic"

	"github.com/pb33f/libopenapi-validator/cache"
)

// lazySchemaCache makes the validator compile each schema on first use instead of all of them
// up front. NewValidatorFromV3Model pre-compiles every request, response and parameter schema
// of the document ("warming"); for the Track spec that took ~3 s plain and ~46 s under -race,
// while a test binary touches a few dozen operations at most.
//
// Warming skips a schema whose key the cache reports as present, so while warming is on, a miss
// is reported as (nil, true). Every validation-time reader treats a nil entry as a miss
// (`ok && cached != nil && …`), compiles the schema and stores it, so after construction the
// cache behaves like the library's default one: same compiled schemas, same results, just later.
type lazySchemaCache struct {
	cache.SchemaCache
	warming atomic.Bool
}

func newLazySchemaCache() *lazySchemaCache {
	c := &lazySchemaCache{SchemaCache: cache.NewDefaultCache()}
	c.warming.Store(true)
	return c
}

func (c *lazySchemaCache) Load(key uint64) (*cache.SchemaCacheEntry, bool) {
	entry, ok := c.SchemaCache.Load(key)
	if !ok && c.warming.Load() {
		return nil, true
	}
	return entry, ok
}

// warmed ends the pretence once the validator is built.
func (c *lazySchemaCache) warmed() { c.warming.Store(false) }
