// Package contract checks HTTP traffic against the vendors' OpenAPI specs inside `go test`:
// every request our Toggl/Attio clients send and every response our emulators return is
// validated with github.com/pb33f/libopenapi-validator (format assertions off, see
// docs/api/contract-testing.md "Attio spec quirks").
//
// Clients put Transport under their http.Client; emulators wrap their handler in Middleware.
// Both report problems through a testing.TB and record which operations were exercised (Covered).
package contract

import (
	"embed"
	"strings"
)

// Spec names one of the four vendored spec files.
type Spec int

const (
	TogglTrack Spec = iota
	TogglWebhooks
	TogglReports
	Attio
)

// specs holds the official spec files (provenance in specs/README.md and docs/api/contract-testing.md).
//
//go:embed specs/*.json
var specs embed.FS

// specInfo says where a spec's file is and which URL path prefix selects it.
type specInfo struct {
	name string // short name used in messages and Covered()
	file string
	// prefix is the real URL path prefix that selects the spec.
	prefix string
	// basePath is true when prefix is the server base path that the spec's paths leave out
	// (Track, Webhooks); Reports and Attio paths already carry their prefix.
	basePath bool
}

var specInfos = [...]specInfo{
	TogglTrack:    {"toggl-track", "specs/toggl-track-api-v9.openapi3.patched.json", "/api/v9", true},
	TogglWebhooks: {"toggl-webhooks", "specs/toggl-webhooks-v1.openapi3.patched.json", "/webhooks/api/v1", true},
	TogglReports:  {"toggl-reports", "specs/toggl-reports-v3.openapi3.patched.json", "/reports/api/v3", false},
	Attio:         {"attio", "specs/attio-openapi.json", "/v2", false},
}

// String returns the spec's short name ("toggl-track", "toggl-webhooks", "toggl-reports", "attio").
func (s Spec) String() string {
	if s < 0 || int(s) >= len(specInfos) {
		return "unknown-spec"
	}
	return specInfos[s].name
}

// isToggl reports whether the spec is one of Toggl's (Basic auth, string-typed error bodies).
func (s Spec) isToggl() bool { return s != Attio }

// SpecFor picks the spec by URL path prefix: /api/v9 → TogglTrack, /webhooks/api/v1 → TogglWebhooks,
// /reports/api/v3 → TogglReports, /v2/ → Attio; ok=false otherwise.
func SpecFor(path string) (Spec, bool) {
	for s, info := range specInfos {
		if hasSegmentPrefix(path, info.prefix) {
			return Spec(s), true
		}
	}
	return 0, false
}

// hasSegmentPrefix reports whether path is prefix or starts with prefix + "/", so that
// "/api/v9x" does not count as Track.
func hasSegmentPrefix(path, prefix string) bool {
	rest, ok := strings.CutPrefix(path, prefix)
	return ok && (rest == "" || rest[0] == '/')
}

// specPath turns a URL path of this spec into the spec's own path form.
func (s Spec) specPath(urlPath string) string {
	if specInfos[s].basePath {
		return strings.TrimPrefix(urlPath, specInfos[s].prefix)
	}
	return urlPath
}
