// Package buildinfo says which build of the program is running: the version (set at link
// time by `make release`, else the module version), the VCS commit and its time, read from
// the build information the Go toolchain embeds.
package buildinfo

import (
	"fmt"
	"runtime"
	"runtime/debug"
)

// version is set by the linker: -ldflags "-X toggl-attio-sync/internal/buildinfo.version=v1.2.3".
var version string

// Info describes one build.
type Info struct {
	Version   string // release version, or "devel"
	Commit    string // VCS revision, with "-dirty" when the tree had changes; "unknown" without VCS data
	BuildTime string // commit time (RFC 3339) from the VCS data; "unknown" without it
	GoVersion string
}

// Read returns the running program's build information.
func Read() Info {
	bi, _ := debug.ReadBuildInfo()
	return fromBuildInfo(bi, version)
}

func fromBuildInfo(bi *debug.BuildInfo, linked string) Info {
	info := Info{Version: linked, Commit: "unknown", BuildTime: "unknown", GoVersion: runtime.Version()}
	if bi == nil {
		if info.Version == "" {
			info.Version = "devel"
		}
		return info
	}
	if info.Version == "" {
		info.Version = bi.Main.Version
	}
	if info.Version == "" || info.Version == "(devel)" {
		info.Version = "devel"
	}
	if bi.GoVersion != "" {
		info.GoVersion = bi.GoVersion
	}
	dirty := false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			info.Commit = s.Value
		case "vcs.time":
			info.BuildTime = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if dirty && info.Commit != "unknown" {
		info.Commit += "-dirty"
	}
	return info
}

// Short is the commit's first 12 characters (and its dirty mark), for a page footer.
func (i Info) Short() string {
	c := i.Commit
	dirty := ""
	if len(c) > 6 && c[len(c)-6:] == "-dirty" {
		c, dirty = c[:len(c)-6], "-dirty"
	}
	if len(c) > 12 {
		c = c[:12]
	}
	return c + dirty
}

// String is one line for `toggl-attio-sync version`.
func (i Info) String() string {
	return fmt.Sprintf("toggl-attio-sync %s (commit %s, built from a commit of %s, %s)", i.Version, i.Commit, i.BuildTime, i.GoVersion)
}
