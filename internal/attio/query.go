package attio

import (
	"context"
	"iter"
)

// DefaultPageSize is the records/entries query default limit (docs/api/attio.md §3, "limit? (default 500)").
const DefaultPageSize = 500

// Filter is a records/entries query filter in Attio's grammar, e.g. shorthand
// {"toggl_project_id": "123"} or verbose {"$and": [{"name": {"$eq": "X"}}]} (docs/api/attio.md §3
// "Filter syntax"). It is passed through unchanged.
type Filter map[string]any

// Sort is one sort: by Attribute (+ optional Field) or by Path; Direction is "asc" or "desc".
type Sort struct {
	Direction string      `json:"direction"`
	Attribute string      `json:"attribute,omitempty"`
	Field     string      `json:"field,omitempty"`
	Path      [][2]string `json:"path,omitempty"`
}

// Query is the body of POST …/records/query and …/entries/query. Unlike other bodies it is NOT
// wrapped in "data" (spec: top-level filter, sorts, limit, offset). Zero Limit/Offset are omitted
// (server defaults 500 and 0).
type Query struct {
	Filter Filter `json:"filter,omitempty"`
	Sorts  []Sort `json:"sorts,omitempty"`
	Limit  int    `json:"limit,omitempty"`
	Offset int    `json:"offset,omitempty"`
}

// paginate walks offset pages of fetch from q.Offset, q.Limit (or DefaultPageSize) at a time,
// stopping at the first short page — "stop when fewer than limit results are returned"
// (docs/api/attio.md §6 Pagination). Iteration stops at the first error, which is yielded.
func paginate[T any](ctx context.Context, q Query, fetch func(context.Context, Query) ([]T, error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		if q.Limit <= 0 {
			q.Limit = DefaultPageSize
		}
		for {
			page, err := fetch(ctx, q)
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
			for _, item := range page {
				if !yield(item, nil) {
					return
				}
			}
			if len(page) < q.Limit {
				return
			}
			q.Offset += len(page)
		}
	}
}
