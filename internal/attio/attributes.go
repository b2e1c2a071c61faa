package attio

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// Target says whether an attribute belongs to an object or a list: the {target} path segment
// of /v2/{target}/{identifier}/attributes (docs/api/attio.md §2 Attributes).
type Target string

const (
	Objects Target = "objects"
	Lists   Target = "lists"
)

// Attribute types (Attribute.Type, Value.AttributeType) are named in package attiotype.

// AttributeID identifies an attribute; ObjectID holds the object's or the list's id.
type AttributeID struct {
	WorkspaceID string `json:"workspace_id"`
	ObjectID    string `json:"object_id"`
	AttributeID string `json:"attribute_id"`
}

// Attribute is the response shape (docs/api/attio.md §2 "Attribute response shape").
type Attribute struct {
	ID                    AttributeID     `json:"id"`
	Title                 string          `json:"title"`
	Description           *string         `json:"description"`
	APISlug               string          `json:"api_slug"`
	Type                  string          `json:"type"`
	IsSystemAttribute     bool            `json:"is_system_attribute"`
	IsWritable            bool            `json:"is_writable"`
	IsRequired            bool            `json:"is_required"`
	IsUnique              bool            `json:"is_unique"`
	IsMultiselect         bool            `json:"is_multiselect"`
	IsDefaultValueEnabled bool            `json:"is_default_value_enabled"`
	IsArchived            bool            `json:"is_archived"`
	DefaultValue          json.RawMessage `json:"default_value"`
	// Relationship names the inverse attribute of a relationship pair, nil otherwise.
	Relationship *struct {
		ID AttributeID `json:"id"`
	} `json:"relationship"`
	CreatedAt time.Time             `json:"created_at"`
	Config    AttributeConfigOutput `json:"config"`
}

// AttributeConfigOutput is the response config. The record-reference key differs from the
// request: allowed_object_ids (UUIDs) here, allowed_objects there (docs/api/attio.md §2 NOTE).
type AttributeConfigOutput struct {
	Currency struct {
		DefaultCurrencyCode *string `json:"default_currency_code"`
		DisplayType         *string `json:"display_type"`
	} `json:"currency"`
	RecordReference struct {
		AllowedObjectIDs []string `json:"allowed_object_ids"`
	} `json:"record_reference"`
}

// CreateAttributeInput is the create-attribute request data (docs/api/attio.md §2, "exact" body). All
// fields but DefaultValue are required, so none is omitted: Description may be nil (null) and
// Config may be empty ({}).
type CreateAttributeInput struct {
	Title         string          `json:"title"`
	Description   *string         `json:"description"`
	APISlug       string          `json:"api_slug"`
	Type          string          `json:"type"`
	IsRequired    bool            `json:"is_required"`
	IsUnique      bool            `json:"is_unique"`
	IsMultiselect bool            `json:"is_multiselect"`
	DefaultValue  *DefaultValue   `json:"default_value,omitempty"`
	Config        AttributeConfig `json:"config"`
}

// DefaultValue is {"type":"dynamic","template":"current-user"|"P1M"} or
// {"type":"static","template":[input values]}.
type DefaultValue struct {
	Type     string `json:"type"`
	Template any    `json:"template"`
}

// AttributeConfig is the request config; set only the part the type needs.
type AttributeConfig struct {
	Currency        *CurrencyConfig        `json:"currency,omitempty"`
	RecordReference *RecordReferenceConfig `json:"record_reference,omitempty"`
}

// CurrencyConfig: both fields required if present; DisplayType ∈ code|name|narrowSymbol|symbol.
type CurrencyConfig struct {
	DefaultCurrencyCode string `json:"default_currency_code"`
	DisplayType         string `json:"display_type"`
}

// RecordReferenceConfig restricts a record-reference to objects (slugs or UUIDs).
type RecordReferenceConfig struct {
	AllowedObjects []string `json:"allowed_objects"`
}

// PageParams are the limit/offset query parameters of GET list endpoints (zero = omitted).
type PageParams struct {
	Limit  int
	Offset int
}

func (p PageParams) query(q url.Values) url.Values {
	if q == nil {
		q = url.Values{}
	}
	if p.Limit > 0 {
		q.Set("limit", strconv.Itoa(p.Limit))
	}
	if p.Offset > 0 {
		q.Set("offset", strconv.Itoa(p.Offset))
	}
	return q
}

// ListAttributesParams are GET …/attributes's query parameters.
type ListAttributesParams struct {
	PageParams
	ShowArchived bool
}

func attributesPath(target Target, identifier string) string {
	return "/v2/" + string(target) + "/" + seg(identifier) + "/attributes"
}

// ListAttributes is GET /v2/{target}/{identifier}/attributes, in UI order.
func (c *Client) ListAttributes(ctx context.Context, target Target, identifier string, p ListAttributesParams) ([]Attribute, error) {
	q := p.query(nil)
	if p.ShowArchived {
		q.Set("show_archived", "true")
	}
	return call[[]Attribute](ctx, c, http.MethodGet, attributesPath(target, identifier), q, nil)
}

// CreateAttribute is POST /v2/{target}/{identifier}/attributes. A taken slug answers 409
// slug_conflict.
func (c *Client) CreateAttribute(ctx context.Context, target Target, identifier string, in CreateAttributeInput) (Attribute, error) {
	return call[Attribute](ctx, c, http.MethodPost, attributesPath(target, identifier), nil, in)
}
