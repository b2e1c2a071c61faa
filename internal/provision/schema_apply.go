package provision

import (
	"context"
	"fmt"

	"toggl-attio-sync/internal/attio"
	"toggl-attio-sync/internal/attiotype"
	"toggl-attio-sync/internal/connection"
)

// SchemaResult is what Apply did.
type SchemaResult struct {
	Created  []PlanItem
	Reused   []PlanItem
	Problems []PlanItem // problems and blocked items, untouched
	// AuditParentRecordID is the toggl_connections record of this workspace, when planned.
	AuditParentRecordID string
}

// Apply creates the plan's missing items in order (objects, attributes, the audit parent
// record, lists, list attributes). Problems are never touched. It stops at the first failed
// write; running the plan again continues where it stopped, because the plan only creates
// what it does not find.
func (p SchemaPlan) Apply(ctx context.Context, ac *attio.Client) (SchemaResult, error) {
	var res SchemaResult
	for _, it := range p.Items {
		switch it.State {
		case StateExists:
			res.Reused = append(res.Reused, it)
			if it.Kind == KindRecord && it.Parent == AuditParentObject {
				res.AuditParentRecordID = it.Note
			}
			continue
		case StateProblem, StateBlocked:
			res.Problems = append(res.Problems, it)
			continue
		}
		id, err := create(ctx, ac, it)
		if err != nil {
			return res, fmt.Errorf("create %s %s: %w", it.Kind, it.Where(), err)
		}
		if it.Kind == KindRecord && it.Parent == AuditParentObject {
			res.AuditParentRecordID = id
		}
		res.Created = append(res.Created, it)
	}
	return res, nil
}

// create makes one item. A slug taken meanwhile (409, e.g. two admins provisioning at once)
// counts as done: the next plan checks its type like any existing item.
func create(ctx context.Context, ac *attio.Client, it PlanItem) (string, error) {
	var err error
	switch it.Kind {
	case KindObject:
		_, err = ac.CreateObject(ctx, attio.CreateObjectInput{APISlug: it.Slug, SingularNoun: it.singular, PluralNoun: it.Title})
	case KindList:
		access := attio.AccessFull
		_, err = ac.CreateList(ctx, attio.CreateListInput{Name: it.Title, APISlug: it.Slug, ParentObject: it.Parent, WorkspaceAccess: &access})
	case KindAttribute:
		target := attio.Objects
		if it.OnList {
			target = attio.Lists
		}
		in := attio.CreateAttributeInput{Title: it.Title, APISlug: it.Slug, Type: it.Type, IsUnique: it.Unique, IsMultiselect: it.Multi}
		if it.Ref != "" {
			in.Config.RecordReference = &attio.RecordReferenceConfig{AllowedObjects: []string{it.Ref}}
		}
		if it.Type == attiotype.Currency {
			in.Config.Currency = &attio.CurrencyConfig{DefaultCurrencyCode: "USD", DisplayType: "symbol"}
		}
		_, err = ac.CreateAttribute(ctx, target, it.Parent, in)
	case KindRecord:
		var rec attio.Record
		rec, err = ac.AssertRecord(ctx, it.Parent, it.match, it.values)
		return rec.ID.RecordID, err
	}
	if attio.HasCode(err, attio.CodeSlugConflict) {
		return "", nil
	}
	return "", err
}

// EnsureAttioSchema plans and applies in one go (tests, demo, Connect).
func EnsureAttioSchema(ctx context.Context, ac *attio.Client, settings connection.Settings, opt SchemaOptions) (SchemaPlan, SchemaResult, error) {
	p, err := PlanAttioSchema(ctx, ac, settings, opt)
	if err != nil {
		return SchemaPlan{}, SchemaResult{}, err
	}
	res, err := p.Apply(ctx, ac)
	return p, res, err
}
