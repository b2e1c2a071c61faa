package views

import "toggl-attio-sync/internal/buildinfo"

// build is the running program's version and commit, shown in the console's footer.
var build = buildinfo.Read()
