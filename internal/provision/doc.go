// Package provision sets up both services for one connection: the Attio schema the sync
// writes into, the Toggl webhook subscriptions that feed it, and the Attio webhook that drives
// outbound sync. Every step is plan → apply: the plan only reads, so the console can show it
// before anything changes, and applying is idempotent (a second run finds everything in place
// and writes nothing).
//
// Attio schema (PlanAttioSchema, SchemaPlan.Apply):
//   - the projects object is reused; it is created only when absent and the admin agreed;
//   - projects: name, company (→ companies), toggl_project_id (text, unique) and the project
//     field map's attributes;
//   - companies: toggl_client_id (text; Attio forbids unique custom attributes on companies)
//     and toggl_client (→ toggl_clients);
//   - toggl_clients object: name, toggl_client_id (text, unique: inbound asserts on it),
//     company (→ companies), archived, deleted, and the client field map's attributes;
//   - toggl_time_entries list (parent: projects) with the time entry field map's attributes;
//   - toggl_webhook_audit list. A list entry needs a parent record, and an audit row often has
//     no Project (unroutable, rejected deliveries), so its parent is a small dedicated object,
//     toggl_connections, holding one record per Toggl workspace (asserted on
//     toggl_workspace_id). The audit attributes are AuditAttributes.
//
// An existing attribute of the right type is reused; one of another type is reported as a
// problem and never replaced.
//
// Toggl subscriptions (EnsureTogglSubscriptions): filters chosen within the plan's limits
// (PlanFilters), a secret generated here and stored before the subscription exists, so the
// URL probe Toggl sends during create is verified and echoed by our own endpoint.
//
// Connect is the whole sequence in one place (tokens, a duplicate workspace pair refused, the
// connection, schema, subscriptions, webhook, status, audit row): the console wizard's steps,
// the demo, the test rig, the benchmark and the fault suite all connect through it.
package provision
