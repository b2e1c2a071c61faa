package attio

import (
	"context"
	"iter"
	"net/http"
	"time"
)

// EntryID identifies a list entry.
type EntryID struct {
	WorkspaceID string `json:"workspace_id"`
	ListID      string `json:"list_id"`
	EntryID     string `json:"entry_id"`
}

// Entry is a list entry. Its parent is ParentRecordID (there is no record_id field, docs/api/attio.md §4),
// and EntryValues are the list's own attributes, not the parent record's.
type Entry struct {
	ID             EntryID   `json:"id"`
	ParentRecordID string    `json:"parent_record_id"`
	ParentObject   string    `json:"parent_object"`
	CreatedAt      time.Time `json:"created_at"`
	EntryValues    ValueMap  `json:"entry_values"`
}

// EntryInput is the data of entry create and assert: all three fields are required
// (EntryValues may be empty and is then sent as {}).
type EntryInput struct {
	ParentRecordID string `json:"parent_record_id"`
	ParentObject   string `json:"parent_object"`
	EntryValues    Values `json:"entry_values"`
}

// entryValues is the {"entry_values": …} data of entry updates.
type entryValues struct {
	EntryValues Values `json:"entry_values"`
}

func entriesPath(list string) string { return "/v2/lists/" + seg(list) + "/entries" }

func entryPath(list, entryID string) string { return entriesPath(list) + "/" + seg(entryID) }

// CreateEntry is POST /v2/lists/{list}/entries. "Multiple list entries are allowed for the same
// parent record", so this never fails because the parent already has one.
func (c *Client) CreateEntry(ctx context.Context, list string, in EntryInput) (Entry, error) {
	return call[Entry](ctx, c, http.MethodPost, entriesPath(list), nil, in)
}

// AssertEntry is PUT /v2/lists/{list}/entries: update the entry of that parent or create one.
// Several entries with that parent answer 400 multiple_match_results.
func (c *Client) AssertEntry(ctx context.Context, list string, in EntryInput) (Entry, error) {
	return call[Entry](ctx, c, http.MethodPut, entriesPath(list), nil, in)
}

// GetEntry is GET /v2/lists/{list}/entries/{entry_id}.
func (c *Client) GetEntry(ctx context.Context, list, entryID string) (Entry, error) {
	return call[Entry](ctx, c, http.MethodGet, entryPath(list, entryID), nil, nil)
}

// PatchEntry is PATCH …/entries/{entry_id}: multiselect values are appended.
func (c *Client) PatchEntry(ctx context.Context, list, entryID string, values Values) (Entry, error) {
	return call[Entry](ctx, c, http.MethodPatch, entryPath(list, entryID), nil, entryValues{values})
}

// PutEntry is PUT …/entries/{entry_id}: multiselect values are overwritten. The parent cannot
// change (400 immutable_value): move an entry by deleting and recreating it.
func (c *Client) PutEntry(ctx context.Context, list, entryID string, values Values) (Entry, error) {
	return call[Entry](ctx, c, http.MethodPut, entryPath(list, entryID), nil, entryValues{values})
}

// DeleteEntry is DELETE …/entries/{entry_id} (200 {}).
func (c *Client) DeleteEntry(ctx context.Context, list, entryID string) error {
	return c.do(ctx, http.MethodDelete, entryPath(list, entryID), nil, nil, nil)
}

// QueryEntries is one page of POST /v2/lists/{list}/entries/query.
func (c *Client) QueryEntries(ctx context.Context, list string, q Query) ([]Entry, error) {
	var out dataEnvelope[[]Entry]
	err := c.do(ctx, http.MethodPost, entriesPath(list)+"/query", nil, q, &out)
	return out.Data, err
}

// AllEntries iterates every entry matching q, page by page (q.Limit per page, default 500).
func (c *Client) AllEntries(ctx context.Context, list string, q Query) iter.Seq2[Entry, error] {
	return paginate(ctx, q, func(ctx context.Context, q Query) ([]Entry, error) {
		return c.QueryEntries(ctx, list, q)
	})
}
