package auditlog

import (
	"bytes"
	"encoding/json"
	"sort"
	"strings"

	"toggl-attio-sync/internal/routing"
)

// SplitDetail takes the routing decision and the calls out of an audit row's detail and
// pretty-prints the rest ("" when nothing is left). Inbound rows name calls "attio_calls",
// outbound rows "calls".
func SplitDetail(detailJSON string) (*routing.Decision, []string, string) {
	var m map[string]json.RawMessage
	if json.Unmarshal([]byte(detailJSON), &m) != nil {
		return nil, nil, PrettyJSON([]byte(detailJSON))
	}
	var decision *routing.Decision
	if raw, ok := m["decision"]; ok {
		var d routing.Decision
		if json.Unmarshal(raw, &d) == nil {
			decision = &d
			delete(m, "decision")
		}
	}
	var calls []string
	for _, key := range []string{"attio_calls", "calls"} {
		if raw, ok := m[key]; ok {
			var cs []string
			if json.Unmarshal(raw, &cs) == nil {
				calls = append(calls, cs...)
				delete(m, key)
			}
		}
	}
	if len(m) == 0 {
		return decision, calls, ""
	}
	return decision, calls, readableJSON(m)
}

// readableJSON re-encodes the rest of a detail indented and without \u003c-style escapes
// (audit details are stored by json.Marshal, which escapes <, > and &), so an admin reads
// the text as it was; the page escapes it.
func readableJSON(m map[string]json.RawMessage) string {
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	decoded := make(map[string]any, len(m))
	for k, raw := range m {
		var v any
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		if dec.Decode(&v) != nil {
			v = string(raw)
		}
		decoded[k] = v
	}
	if enc.Encode(decoded) != nil {
		return ""
	}
	return clipShown(strings.TrimRight(out.String(), "\n"))
}

// MaxBodyShown bounds a body's text on a page (bodies are at most 1 MiB).
const MaxBodyShown = 256 << 10

// PrettyJSON indents JSON for reading, keeping the keys in the order they were sent. Encoders
// (Go's among them) write <, > and & as \u003c, \u003e and \u0026; those are turned back into
// the characters, which is the same JSON, so markup sent by Toggl or Attio reads as the text it
// is (the page escapes it). Non-JSON is shown as sent. Both are cut at MaxBodyShown.
func PrettyJSON(b []byte) string {
	var out bytes.Buffer
	if json.Indent(&out, bytes.TrimSpace(b), "", "  ") != nil {
		return clipShown(string(b))
	}
	return clipShown(string(unescapeHTMLSequences(out.Bytes())))
}

// htmlEscapes are the \u sequences JSON encoders use to keep markup out of HTML.
var htmlEscapes = map[string]byte{"003c": '<', "003e": '>', "0026": '&'}

// unescapeHTMLSequences rewrites \u003c, \u003e and \u0026 in valid JSON; every other escape,
// including an escaped backslash followed by "u003c", stays as it is.
func unescapeHTMLSequences(b []byte) []byte {
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		if b[i] != '\\' || i+1 >= len(b) {
			out = append(out, b[i])
			continue
		}
		if b[i+1] == 'u' && i+6 <= len(b) {
			if c, ok := htmlEscapes[strings.ToLower(string(b[i+2:i+6]))]; ok {
				out = append(out, c)
				i += 5
				continue
			}
		}
		out = append(out, b[i], b[i+1]) // an escape pair: never split it
		i++
	}
	return out
}

func clipShown(s string) string {
	if len(s) > MaxBodyShown {
		return s[:MaxBodyShown] + "\n… (cut at 256 KiB)"
	}
	return s
}

// secretish header names are never shown even if a stored value slipped through.
var secretish = []string{"signature", "authorization", "cookie", "secret", "token", "api-key"}

// SafeHeaders lists a delivery's stored headers by name, with the value of any header whose
// name looks secret replaced by "(hidden)" (the intake stores "(present, not stored)" for
// those; anything else there slipped through).
func SafeHeaders(headersJSON string) [][2]string {
	var headers map[string]string
	_ = json.Unmarshal([]byte(headersJSON), &headers)
	names := make([]string, 0, len(headers))
	for name := range headers {
		names = append(names, name)
	}
	sort.Strings(names)
	var out [][2]string
	for _, name := range names {
		value := headers[name]
		lower := strings.ToLower(name)
		for _, s := range secretish {
			if strings.Contains(lower, s) && value != "(present, not stored)" {
				value = "(hidden)"
			}
		}
		out = append(out, [2]string{name, value})
	}
	return out
}
