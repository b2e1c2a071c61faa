package attio

import (
	"context"
	"iter"
	"net/http"
	"net/url"
	"time"
)

// RecordID identifies a record.
type RecordID struct {
	WorkspaceID string `json:"workspace_id"`
	ObjectID    string `json:"object_id"`
	RecordID    string `json:"record_id"`
}

// Record is a record with its values keyed by attribute api_slug (docs/api/attio.md §3 "Record response
// shape").
type Record struct {
	ID        RecordID  `json:"id"`
	CreatedAt time.Time `json:"created_at"`
	WebURL    string    `json:"web_url"`
	Values    ValueMap  `json:"values"`
}

// recordValues is the {"values": …} data of record writes.
type recordValues struct {
	Values Values `json:"values"`
}

func recordsPath(object string) string { return "/v2/objects/" + seg(object) + "/records" }

func recordPath(object, recordID string) string {
	return recordsPath(object) + "/" + seg(recordID)
}

// CreateRecord is POST /v2/objects/{object}/records. It "will throw on conflicts of unique
// attributes" (400 uniqueness_conflict, IsUniquenessConflict).
func (c *Client) CreateRecord(ctx context.Context, object string, values Values) (Record, error) {
	return call[Record](ctx, c, http.MethodPost, recordsPath(object), nil, recordValues{values})
}

// AssertRecord is PUT /v2/objects/{object}/records?matching_attribute=…: update the record whose
// unique matchingAttribute equals the given value, or create one. For the matching attribute new
// multiselect values are added; other multiselects are replaced by the given lists.
func (c *Client) AssertRecord(ctx context.Context, object, matchingAttribute string, values Values) (Record, error) {
	q := url.Values{"matching_attribute": {matchingAttribute}}
	return call[Record](ctx, c, http.MethodPut, recordsPath(object), q, recordValues{values})
}

// GetRecord is GET /v2/objects/{object}/records/{record_id}.
func (c *Client) GetRecord(ctx context.Context, object, recordID string) (Record, error) {
	return call[Record](ctx, c, http.MethodGet, recordPath(object, recordID), nil, nil)
}

// PatchRecord is PATCH …/records/{record_id}: given attributes are updated, multiselect values
// are appended.
func (c *Client) PatchRecord(ctx context.Context, object, recordID string, values Values) (Record, error) {
	return call[Record](ctx, c, http.MethodPatch, recordPath(object, recordID), nil, recordValues{values})
}

// PutRecord is PUT …/records/{record_id}: given attributes are updated, multiselect values are
// overwritten.
func (c *Client) PutRecord(ctx context.Context, object, recordID string, values Values) (Record, error) {
	return call[Record](ctx, c, http.MethodPut, recordPath(object, recordID), nil, recordValues{values})
}

// DeleteRecord is DELETE …/records/{record_id} (200 {}).
func (c *Client) DeleteRecord(ctx context.Context, object, recordID string) error {
	return c.do(ctx, http.MethodDelete, recordPath(object, recordID), nil, nil, nil)
}

// QueryRecords is one page of POST /v2/objects/{object}/records/query.
func (c *Client) QueryRecords(ctx context.Context, object string, q Query) ([]Record, error) {
	var out dataEnvelope[[]Record]
	err := c.do(ctx, http.MethodPost, recordsPath(object)+"/query", nil, q, &out)
	return out.Data, err
}

// AllRecords iterates every record matching q, page by page (q.Limit per page, default 500),
// starting at q.Offset.
func (c *Client) AllRecords(ctx context.Context, object string, q Query) iter.Seq2[Record, error] {
	return paginate(ctx, q, func(ctx context.Context, q Query) ([]Record, error) {
		return c.QueryRecords(ctx, object, q)
	})
}
