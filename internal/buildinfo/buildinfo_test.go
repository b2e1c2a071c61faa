package buildinfo

import (
	"runtime/debug"
	"testing"
)

func TestFromBuildInfo(t *testing.T) {
	vcs := func(kv ...string) []debug.BuildSetting {
		var out []debug.BuildSetting
		for i := 0; i < len(kv); i += 2 {
			out = append(out, debug.BuildSetting{Key: kv[i], Value: kv[i+1]})
		}
		return out
	}
	cases := []struct {
		name   string
		bi     *debug.BuildInfo
		linked string
		want   Info
		short  string
	}{
		{"no build info", nil, "", Info{Version: "devel", Commit: "unknown", BuildTime: "unknown"}, "unknown"},
		{"devel module, clean tree", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"},
			Settings: vcs("vcs.revision", "0123456789abcdef0123", "vcs.time", "2026-12-02T10:00:00Z", "vcs.modified", "false")},
			"", Info{Version: "devel", Commit: "0123456789abcdef0123", BuildTime: "2026-12-02T10:00:00Z", GoVersion: "go1.26.8"}, "0123456789ab"},
		{"dirty tree", &debug.BuildInfo{GoVersion: "go1.26.8",
			Settings: vcs("vcs.revision", "0123456789abcdef0123", "vcs.modified", "true")},
			"", Info{Version: "devel", Commit: "0123456789abcdef0123-dirty", BuildTime: "unknown", GoVersion: "go1.26.8"}, "0123456789ab-dirty"},
		{"linked release version wins", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v0.0.0-x"}},
			"v1.4.0", Info{Version: "v1.4.0", Commit: "unknown", BuildTime: "unknown", GoVersion: "go1.26.8"}, "unknown"},
		{"module version from go install", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v1.2.0"}},
			"", Info{Version: "v1.2.0", Commit: "unknown", BuildTime: "unknown", GoVersion: "go1.26.8"}, "unknown"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := fromBuildInfo(tc.bi, tc.linked)
			if tc.bi == nil {
				got.GoVersion = ""
			}
			if got != tc.want {
				t.Fatalf("got %+v, want %+v", got, tc.want)
			}
			if got.Short() != tc.short {
				t.Fatalf("Short() = %q, want %q", got.Short(), tc.short)
			}
		})
	}
}
