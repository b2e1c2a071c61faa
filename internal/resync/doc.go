// Package resync repairs what webhooks missed and imports history: for one connection and a
// window of days it reconciles Toggl clients, projects and workspace users into the name
// cache and Attio, then applies every time entry of the window through the webhook path
// (inbound.Handler.ApplyTimeEntry), and removes the entries Toggl deleted.
//
// Toggl's hourly quota (30, 240 or 600 requests by plan, docs/api/toggl.md §5) is the constraint: a
// run estimates its requests against the remaining quota before it starts, pages the Reports
// v3 detailed search (50 entries a request), pauses visibly on a quota 402 until the reset,
// and stores a checkpoint after every page so a restarted process resumes where it stopped.
// Attio writes are the other bound: several entries are applied at once so the token's write
// pacer, not latency, sets the pace.
//
// A run is a row of resync_runs. The console and the CLI queue runs; Service.Run (inside the
// service) executes queued and interrupted ones, and the CLI executes its own when no service
// is running. A store lock per connection keeps two processes from running one connection's
// resync at once, and a service's workers hold that connection's deliveries back while the
// CLI's run holds it (Service.ApplyGate), so one entry is never applied by two processes.
package resync
