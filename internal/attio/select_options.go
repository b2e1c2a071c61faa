package attio

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
)

// SelectOptionID identifies one option of a select attribute.
type SelectOptionID struct {
	WorkspaceID string `json:"workspace_id"`
	ObjectID    string `json:"object_id"`
	AttributeID string `json:"attribute_id"`
	OptionID    string `json:"option_id"`
}

// SelectOption is {"id":{…,"option_id"},"title","is_archived"} (docs/api/attio.md §2 Select options).
type SelectOption struct {
	ID         SelectOptionID `json:"id"`
	Title      string         `json:"title"`
	IsArchived bool           `json:"is_archived"`
}

// UnmarshalJSON also accepts the bare option UUID that the spec's output-value lists as a
// second form of a select value ("option": "<uuid>", docs/api/attio.md §3 output shapes); Title is then "".
func (o *SelectOption) UnmarshalJSON(b []byte) error {
	var id string
	if json.Unmarshal(b, &id) == nil {
		*o = SelectOption{ID: SelectOptionID{OptionID: id}}
		return nil
	}
	type plain SelectOption
	return json.Unmarshal(b, (*plain)(o))
}

func attributePath(target Target, identifier, attribute string) string {
	return attributesPath(target, identifier) + "/" + seg(attribute)
}

// ListSelectOptions is GET …/attributes/{attribute}/options.
func (c *Client) ListSelectOptions(ctx context.Context, target Target, identifier, attribute string, showArchived bool) ([]SelectOption, error) {
	var q url.Values
	if showArchived {
		q = url.Values{"show_archived": {"true"}}
	}
	return call[[]SelectOption](ctx, c, http.MethodGet, attributePath(target, identifier, attribute)+"/options", q, nil)
}

// CreateSelectOption is POST …/attributes/{attribute}/options with {"data":{"title"}}. A taken
// title answers 409 slug_conflict; a non-select attribute 400 validation_type.
func (c *Client) CreateSelectOption(ctx context.Context, target Target, identifier, attribute, title string) (SelectOption, error) {
	body := struct {
		Title string `json:"title"`
	}{title}
	return call[SelectOption](ctx, c, http.MethodPost, attributePath(target, identifier, attribute)+"/options", nil, body)
}
