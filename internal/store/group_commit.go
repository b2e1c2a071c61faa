package store

import (
	"context"
	"database/sql"
	"errors"
	"sync"
	"time"

	"toggl-attio-sync/db"
)

var errClosed = errors.New("store: closed")

// maxGroup bounds one group commit, so a flood cannot hold the writer for long.
const maxGroup = 256

type enqueueReq struct {
	e     NewEvent
	now   time.Time
	audit Audit
	done  chan enqueueRes
}

type enqueueRes struct {
	id  int64
	dup bool
	err error
}

type groupCommitter struct {
	in   chan enqueueReq
	stop chan struct{}
	once sync.Once
}

func newGroupCommitter(s *Store) *groupCommitter {
	g := &groupCommitter{in: make(chan enqueueReq, maxGroup), stop: make(chan struct{})}
	go g.run(s)
	return g
}

// submit hands a request to the committer, failing once the store is closed.
func (g *groupCommitter) submit(r enqueueReq) error {
	select {
	case <-g.stop:
		return errClosed
	default:
	}
	select {
	case g.in <- r:
		return nil
	case <-g.stop:
		return errClosed
	}
}

func (g *groupCommitter) close() { g.once.Do(func() { close(g.stop) }) }

func (g *groupCommitter) run(s *Store) {
	for {
		var first enqueueReq
		select {
		case first = <-g.in:
		case <-g.stop:
			return
		}
		group := []enqueueReq{first}
	fill:
		for len(group) < maxGroup {
			select {
			case r := <-g.in:
				group = append(group, r)
			default:
				break fill
			}
		}
		g.commit(s, group)
	}
}

// commit writes a group in one transaction. Each delivery runs in its own savepoint, so
// one bad row fails alone; if the commit itself fails, every caller gets the error and
// answers non-2xx, and Toggl or Attio delivers again.
func (g *groupCommitter) commit(s *Store, group []enqueueReq) {
	ctx := context.Background()
	results := make([]enqueueRes, len(group))
	err := s.Tx(ctx, func(q *db.Queries, tx *sql.Tx) error {
		for i, r := range group {
			if _, err := tx.ExecContext(ctx, "SAVEPOINT enqueue"); err != nil {
				return err
			}
			id, dup, err := enqueueOne(ctx, q, r.e, r.now, r.audit)
			results[i] = enqueueRes{id: id, dup: dup, err: err}
			stmt := "RELEASE enqueue"
			if err != nil {
				stmt = "ROLLBACK TO enqueue; RELEASE enqueue"
			}
			if _, err := tx.ExecContext(ctx, stmt); err != nil {
				return err
			}
		}
		return nil
	})
	for i, r := range group {
		if err != nil {
			results[i] = enqueueRes{err: err}
		}
		r.done <- results[i]
	}
}
