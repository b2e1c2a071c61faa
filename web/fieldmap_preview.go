package web

import (
	"fmt"
	"sort"

	"toggl-attio-sync/internal/inbound"
	"toggl-attio-sync/views"
)

// previewView shows the newest delivery rendered through a map (inbound's preview).
func previewView(p *inbound.Preview) *views.MapPreview {
	if p == nil {
		return nil
	}
	v := &views.MapPreview{Error: p.Error}
	if p.JobID != 0 {
		v.Event = fmt.Sprintf("Delivery #%d: %s %s, received %s", p.JobID, p.EntityKey, p.Kind, views.FmtMs(p.ReceivedAt))
	}
	for _, r := range p.Rows {
		v.Rows = append(v.Rows, views.PreviewRow{Target: r.Target, Type: r.Type, Value: r.Value})
	}
	return v
}

// sortedKeys lists a map's keys in order (for stable pages).
func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
