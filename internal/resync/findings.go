package resync

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"toggl-attio-sync/internal/store"
)

// FindingView is one difference as the console and the CLI show it.
type FindingView struct {
	Kind, Label  string
	TimeEntryID  int64
	AttioEntryID string
	AuditID      int64    // the repair's audit row; 0 in a drift check
	Lines        []string // "description: "a" → "b"", one per differing attribute, or what moves
}

// FirstFindings returns up to n findings of a run in the order they were found.
func FirstFindings(ctx context.Context, st *store.Store, runID int64, n int) ([]FindingView, error) {
	rows, err := st.ListResyncFindings(ctx, store.ListResyncFindingsParams{RunID: runID, Limit: int64(n)})
	if err != nil {
		return nil, err
	}
	out := make([]FindingView, 0, len(rows))
	for _, r := range rows {
		v := FindingView{Kind: r.Kind, Label: FindingLabels[r.Kind], TimeEntryID: r.TimeEntryID, AttioEntryID: r.AttioEntryID, AuditID: r.AuditID}
		var detail map[string]json.RawMessage
		if json.Unmarshal([]byte(r.Detail), &detail) == nil {
			v.Lines = findingLines(detail)
		}
		out = append(out, v)
	}
	return out, nil
}

// findingLines renders a finding's detail: each changed attribute with before and after,
// the parent an entry sits under and where it belongs.
func findingLines(detail map[string]json.RawMessage) []string {
	var lines []string
	var changes map[string]struct {
		Before []any `json:"before"`
		After  []any `json:"after"`
	}
	if json.Unmarshal(detail["changes"], &changes) == nil {
		slugs := make([]string, 0, len(changes))
		for s := range changes {
			slugs = append(slugs, s)
		}
		sort.Strings(slugs)
		for _, s := range slugs {
			lines = append(lines, fmt.Sprintf("%s: %s → %s", s, valuesText(changes[s].Before), valuesText(changes[s].After)))
		}
	}
	var parent, to string
	json.Unmarshal(detail["parent_record_id"], &parent)
	json.Unmarshal(detail["to"], &to)
	if parent != "" {
		line := "under Project " + parent
		if to != "" && to != parent {
			line += ", belongs under " + to
		}
		lines = append(lines, line)
	} else if to != "" {
		lines = append(lines, "belongs under Project "+to)
	}
	var mapHad string
	if json.Unmarshal(detail["map_had"], &mapHad) == nil && mapHad != "" {
		lines = append(lines, "the map pointed at entry "+mapHad)
	}
	return lines
}

func valuesText(vals []any) string {
	if len(vals) == 0 {
		return "(empty)"
	}
	parts := make([]string, len(vals))
	for i, v := range vals {
		b, _ := json.Marshal(v)
		parts[i] = string(b)
	}
	return strings.Join(parts, ", ")
}

// printFindings writes the first findings of a run, for the CLI.
func printFindings(ctx context.Context, st *store.Store, runID int64, w io.Writer) error {
	const first = 20
	fs, err := FirstFindings(ctx, st, runID, first)
	if err != nil {
		return err
	}
	for _, f := range fs {
		fmt.Fprintf(w, "  time entry %d: %s", f.TimeEntryID, f.Label)
		if f.AttioEntryID != "" {
			fmt.Fprintf(w, " (Attio entry %s)", f.AttioEntryID)
		}
		fmt.Fprintln(w)
		for _, l := range f.Lines {
			fmt.Fprintf(w, "      %s\n", l)
		}
	}
	return nil
}
