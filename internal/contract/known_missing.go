package contract

import "strings"

// knownMissing is a real vendor operation that the vendored spec lacks. Traffic to it is not
// reported as an unknown path; only its credentials are checked, since there is no schema.
// This list is the only place such exceptions live: add an entry only with evidence that the
// vendor serves the operation.
type knownMissing struct {
	spec     Spec
	method   string
	template string // in the spec's own path form (without the Track/Webhooks base path)
	why      string
}

var knownMissingOperations = []knownMissing{
	{
		spec:     TogglWebhooks,
		method:   "GET",
		template: "/subscriptions/{workspace_id}/{subscription_id}/events",
		why: "documented at developers.track.toggl.com/docs/webhooks/events (docs/api/toggl.md §1, " +
			"the events row) but absent from the swagger; docs/api/contract-testing.md leaves it unpatched",
	},
}

// findKnownMissing returns the allow-listed operation that specPath (already relative to the
// spec's base path) and method name, or nil.
func findKnownMissing(s Spec, method, specPath string) *knownMissing {
	for i := range knownMissingOperations {
		km := &knownMissingOperations[i]
		if km.spec == s && km.method == method && templateMatches(km.template, specPath) {
			return km
		}
	}
	return nil
}

// templateMatches reports whether path fits template, each {param} standing for one
// non-empty path segment.
func templateMatches(template, path string) bool {
	want := strings.Split(template, "/")
	got := strings.Split(path, "/")
	if len(want) != len(got) {
		return false
	}
	for i, w := range want {
		if strings.HasPrefix(w, "{") && strings.HasSuffix(w, "}") {
			if got[i] == "" {
				return false
			}
			continue
		}
		if w != got[i] {
			return false
		}
	}
	return true
}
