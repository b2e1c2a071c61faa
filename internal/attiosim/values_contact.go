package attiosim

import (
	"net/mail"
	"strconv"
	"strings"
)

func normalizeDomain(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.TrimPrefix(strings.TrimPrefix(s, "https://"), "http://")
	s = strings.TrimPrefix(s, "www.")
	if i := strings.IndexAny(s, "/?#"); i >= 0 {
		s = s[:i]
	}
	return s
}

// rootDomain keeps the last two labels (a simplification of the public-suffix rule).
func rootDomain(d string) string {
	labels := strings.Split(d, ".")
	if len(labels) <= 2 {
		return d
	}
	return strings.Join(labels[len(labels)-2:], ".")
}

func parseEmail(str string, bad func(string) *apiError) (map[string]any, *apiError) {
	addr, err := mail.ParseAddress(strings.TrimSpace(str))
	if err != nil || addr.Name != "" {
		return nil, bad("an email address")
	}
	local, domain, ok := strings.Cut(strings.ToLower(addr.Address), "@")
	if !ok || !strings.Contains(domain, ".") {
		return nil, bad("an email address")
	}
	specifier, _, _ := strings.Cut(local, "+")
	return map[string]any{
		"original_email_address": strings.TrimSpace(str), "email_address": local + "@" + domain,
		"email_domain": domain, "email_root_domain": rootDomain(domain), "email_local_specifier": specifier,
	}, nil
}

// parsePhone: docs/api/attio.md §3 "phone-number: {"original_phone_number":"+1555…","country_code"?}".
func parsePhone(raw any, bad func(string) *apiError) (map[string]any, *apiError) {
	var original, country string
	switch v := raw.(type) {
	case string:
		original = v
	case map[string]any:
		o, ok := v["original_phone_number"].(string)
		if !ok {
			return nil, bad("{\"original_phone_number\"}")
		}
		original = o
		if c, ok := v["country_code"].(string); ok {
			country = strings.ToUpper(c)
		}
	default:
		return nil, bad("a phone number")
	}
	digits := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, original)
	if len(digits) < 6 {
		return nil, bad("a phone number")
	}
	if country == "" {
		country = "US"
		for prefix, cc := range map[string]string{"44": "GB", "49": "DE", "33": "FR", "31": "NL", "61": "AU"} {
			if strings.HasPrefix(strings.TrimSpace(original), "+"+prefix) {
				country = cc
			}
		}
	}
	return map[string]any{"original_phone_number": original, "country_code": country, "phone_number": "+" + digits}, nil
}

// parseName: docs/api/attio.md §3 "personal-name: {"first_name","last_name","full_name"}".
func parseName(raw any, bad func(string) *apiError) (map[string]any, *apiError) {
	var first, last, full string
	switch v := raw.(type) {
	case string:
		full = strings.TrimSpace(v)
		first, last, _ = strings.Cut(full, " ")
	case map[string]any:
		for key, dst := range map[string]*string{"first_name": &first, "last_name": &last, "full_name": &full} {
			if x, ok := v[key]; ok && x != nil {
				str, isStr := x.(string)
				if !isStr {
					return nil, bad("string name parts")
				}
				*dst = str
			}
		}
		if full == "" {
			full = strings.TrimSpace(first + " " + last)
		}
	default:
		return nil, bad("a personal name object")
	}
	if full == "" {
		return nil, bad("a non-empty name")
	}
	return map[string]any{"first_name": first, "last_name": last, "full_name": full}, nil
}

var locationFields = []string{"line_1", "line_2", "line_3", "line_4", "locality", "region", "postcode",
	"country_code", "latitude", "longitude"}

// parseLocation: docs/api/attio.md §3 "location: object; spec marks all 10 fields required (a user reports
// omitting any → invalid_type)".
func parseLocation(raw any, bad func(string) *apiError) (map[string]any, *apiError) {
	m, ok := raw.(map[string]any)
	if !ok {
		return nil, bad("a location object")
	}
	out := map[string]any{}
	for _, k := range locationFields {
		v, has := m[k]
		if !has {
			return nil, errBodyField([]any{k}, "string", "undefined", "Required")
		}
		switch x := v.(type) {
		case nil:
			out[k] = nil
		case string:
			out[k] = x
		case float64:
			if k != "latitude" && k != "longitude" {
				return nil, bad("string location fields")
			}
			out[k] = strconv.FormatFloat(x, 'f', -1, 64)
		default:
			return nil, bad("string location fields")
		}
	}
	return out, nil
}
