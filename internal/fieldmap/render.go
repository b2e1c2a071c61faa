package fieldmap

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"toggl-attio-sync/internal/attiotype"
)

// Render fills every field of m from src. The result is keyed by attribute slug and ready to be
// sent as entry_values or values; every key of m is present, [] meaning "no value".
func Render(m Map, src Source) (map[string][]any, error) {
	if errs := m.Validate(nil); len(errs) > 0 {
		return nil, fmt.Errorf("%w: %w", ErrInvalidMap, errs[0])
	}
	if err := checkConsistent(src); err != nil {
		return nil, err
	}
	out := make(map[string][]any, len(m))
	for _, f := range m {
		s := byPath[f.Source]
		v, err := s.resolve(src)
		if err != nil {
			if errors.Is(err, ErrMissingEntity) {
				return nil, fmt.Errorf("%w: %s needs a %s", ErrMissingEntity, f.Source, s.Entity)
			}
			return nil, fmt.Errorf("%s: %w", f.Source, err)
		}
		vals, err := format(v, f.Type)
		if err != nil {
			return nil, fmt.Errorf("%s → %s: %w", f.Source, f.Target, err)
		}
		out[f.Target] = vals
	}
	return out, nil
}

// checkConsistent refuses a Source whose cached entities do not belong together, so a cache
// mix-up cannot write another project's name next to this entry's project id.
func checkConsistent(s Source) error {
	if s.TimeEntry != nil && s.Project != nil {
		if s.TimeEntry.ProjectID == nil || *s.TimeEntry.ProjectID != s.Project.ID {
			return fmt.Errorf("%w: project %d is not the time entry's project", ErrInconsistentSource, s.Project.ID)
		}
	}
	if s.Project != nil && s.Client != nil {
		if s.Project.ClientID == nil || *s.Project.ClientID != s.Client.ID {
			return fmt.Errorf("%w: client %d is not project %d's client", ErrInconsistentSource, s.Client.ID, s.Project.ID)
		}
	}
	if s.TimeEntry != nil && s.User != nil && s.TimeEntry.UserID != 0 && s.TimeEntry.UserID != s.User.ID {
		return fmt.Errorf("%w: user %d is not the time entry's user %d", ErrInconsistentSource, s.User.ID, s.TimeEntry.UserID)
	}
	return nil
}

// format turns one resolved value into the array Attio expects for attrType
// (docs/api/attio.md §3 "Writing values").
func format(v any, attrType string) ([]any, error) {
	if v == nil {
		return []any{}, nil
	}
	switch attrType {
	case attiotype.Text:
		s := textOf(v)
		if s == "" {
			return []any{}, nil
		}
		return []any{s}, nil
	case attiotype.Number, attiotype.Currency:
		switch n := v.(type) {
		case int64, float64:
			return []any{n}, nil
		}
	case attiotype.Checkbox:
		if b, ok := v.(bool); ok {
			return []any{b}, nil
		}
	case attiotype.Timestamp:
		if t, ok := v.(time.Time); ok {
			return []any{Timestamp(t)}, nil
		}
	case attiotype.Date:
		if t, ok := v.(time.Time); ok {
			return []any{t.UTC().Format(time.DateOnly)}, nil
		}
	case attiotype.Select, attiotype.Status:
		switch x := v.(type) {
		case string:
			return []any{x}, nil
		case []string:
			if attrType == attiotype.Select {
				out := make([]any, len(x))
				for i, s := range x {
					out[i] = s
				}
				return out, nil
			}
		}
	}
	return nil, fmt.Errorf("cannot write %T into a %s attribute", v, attrType)
}

// Timestamp is the UTC RFC 3339 form written for time sources, e.g. "2023-08-22T11:50:51Z".
func Timestamp(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

func textOf(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	case time.Time:
		return Timestamp(x)
	case []string:
		return strings.Join(x, ", ")
	}
	return fmt.Sprint(v)
}
