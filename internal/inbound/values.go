package inbound

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"

	"toggl-attio-sync/internal/attio"
	"toggl-attio-sync/internal/attiotype"
	"toggl-attio-sync/internal/fieldmap"
)

// toAttio turns rendered field values (bare strings, numbers, bools) into Attio input
// values of each target's type: select and status go by title, the rest by "value".
func toAttio(m fieldmap.Map, rendered map[string][]any) attio.Values {
	types := make(map[string]string, len(m))
	for _, f := range m {
		types[f.Target] = f.Type
	}
	out := make(attio.Values, len(rendered))
	for slug, vals := range rendered {
		ins := make([]attio.Input, 0, len(vals))
		for _, v := range vals {
			switch types[slug] {
			case attiotype.Select:
				ins = append(ins, attio.Input{"option": v})
			case attiotype.Status:
				ins = append(ins, attio.Input{"status": v})
			case attiotype.Currency:
				ins = append(ins, attio.Input{"currency_value": v})
			default:
				ins = append(ins, attio.Input{"value": v})
			}
		}
		out[slug] = ins
	}
	return out
}

// hashValues fingerprints what would be written (map keys marshal sorted), so an event that
// changes nothing Attio shows costs no write.
func hashValues(parts ...any) string {
	b, _ := json.Marshal(parts)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:12])
}
