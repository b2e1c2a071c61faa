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

// enqueueReq is one delivery: its events are stored together or not at all.
type enqueueReq struct {
	events []NewEvent
	audits []Audit // one per event
	now    time.Time
	done   chan enqueueRes
}

type enqueueRes struct {
	stored []Enqueued
	err    error
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
// one bad delivery fails alone and whole (a batch is never stored in part); if the commit
// itself fails, every caller gets the error and answers non-2xx, and Toggl or Attio
// delivers again.
func (g *groupCommitter) commit(s *Store, group []enqueueReq) {
	ctx := context.Background()
	results := make([]enqueueRes, len(group))
	err := s.tx(ctx, func(q *db.Queries, tx *sql.Tx) error {
		for i, r := range group {
			if _, err := tx.ExecContext(ctx, "SAVEPOINT enqueue"); err != nil {
				return err
			}
			stored := make([]Enqueued, len(r.events))
			var err error
			for j, e := range r.events {
				if stored[j].ID, stored[j].Dup, err = enqueueOne(ctx, q, e, r.now, r.audits[j]); err != nil {
					break
				}
			}
			if err != nil {
				stored = nil
			}
			results[i] = enqueueRes{stored: stored, err: err}
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
