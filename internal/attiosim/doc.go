// Package attiosim is a strict, stateful emulator of the Attio REST API v2
// (docs/api/attio.md, spec internal/contract/specs/attio-openapi.json). A *Sim is an http.Handler
// serving /v2/…; tests, `toggl-attio-sync sim` and the demo put it behind a listener.
// Every behaviour cites the line of docs/api/attio.md it follows; behaviours docs/api/attio.md marks UNCONFIRMED
// are switches in Compat (or Limits) whose defaults are the documented best guess.
//
// # What it serves
//
//   - Auth: Bearer (or Basic token with an empty password); unknown or revoked tokens get 401
//     auth_error/unauthorized; each operation's scopes are enforced (403 auth_error by default).
//     GET /v2/self answers top-level, with a space-separated scope string, or {"active":false}.
//   - Objects (companies, people, users, workspaces; deals when Compat.DealsEnabled; custom objects
//     via POST /v2/objects), attributes of objects and lists (create/list/get/patch, every creatable
//     type, is_unique/is_required/is_multiselect, config, default_value), select options, statuses.
//     Objects, lists and attributes resolve by api_slug or UUID everywhere.
//   - Records: create, assert (PUT ?matching_attribute=), get, PATCH (multiselect appends), PUT
//     (overwrites), DELETE, query (shorthand and verbose filters, $and/$or/$not, the ten
//     operators, record references, record_id, path drill-downs, sorts by attribute or path,
//     limit/offset), value history and the record's list entries. Values keep their history
//     (active_from/active_until/created_by_actor); writes are validated: unique values
//     (uniqueness_conflict), select/status titles or ids (value_not_found), required values
//     (missing_value), reference targets, single vs array values, types.
//   - Lists and entries: create/get/patch lists; entries create, assert by parent, get, PATCH,
//     PUT, DELETE, query (incl. parent_record); several entries per parent; the parent is
//     immutable (immutable_value).
//   - Webhooks: create (secret shown once), list, get, patch, delete; status active → degraded
//     (retries exhausted) → inactive (7 days degraded). record.* and list-entry.* events are
//     delivered as {"webhook_id","events":[…]} with ids and the actor only, signed in
//     Attio-Signature and X-Attio-Signature, with one Idempotency-Key per message kept across
//     retries; subscription filters ($and/$or of equals/not_equals on dot paths) apply. API
//     writes carry the token's api-token actor (Token.ActorID); helper writes, and writes with a
//     member token (AddMemberToken, SeedMemberToken), carry a workspace-member actor, like a
//     person in the web app.
//   - Limits: reads and writes per second per token (100/25 by default, Limits), 429
//     rate_limit_exceeded with Retry-After as an HTTP date; Stats counts requests by method,
//     statuses, 429s, faults and admitted reads/writes per second.
//   - Faults: Config.Faults / SetFaults inject 5xx, 429, latency, timeouts and dropped
//     connections, per path prefix and method, with a probability drawn from Config.Rand,
//     optionally after the write is applied. Deliveries has duplicate, reorder, delay and
//     batching faults and a configurable back-off schedule.
//
// Time (Clock; ManualClock for tests: Sleep advances it at once), randomness (Rand) and the
// delivery transport (HTTPClient) are injected. Every response's Date header comes from Clock, so
// it agrees with Retry-After.
//
// Webhook targets must be https, as in the spec; set Deliveries.AllowHTTP for a local http
// receiver (demo, `sim` subcommand).
//
// # Exported API
//
//	func New(cfg Config) *Sim                       // an http.Handler; Close when done
//	func Seed(s *Sim) SeedInfo                      // demo data shared with togglsim
//	func AllScopes() []string
//	func NewManualClock(t time.Time) *ManualClock
//	const SeedToken = "sim-attio-token"
//	const SeedMemberToken = "sim-attio-member-token"
//
//	(*Sim) ServeHTTP(w, r)
//	(*Sim) Close()
//	(*Sim) WorkspaceID() string
//	(*Sim) AddToken(value string, scopes ...string) Token
//	(*Sim) AddMemberToken(value, first, last string, scopes ...string) Token
//	(*Sim) RevokeToken(value string)
//	(*Sim) Tokens() []Token
//	(*Sim) CreateObject(slug, singular, plural string) (Object, error)
//	(*Sim) CreateAttribute(target, parent string, spec AttributeSpec) (Attribute, error) // target "objects"|"lists"
//	(*Sim) Attributes(target, parent string) ([]Attribute, error)
//	(*Sim) AddSelectOption(target, parent, attr, title string) error
//	(*Sim) AddStatus(target, parent, attr, title string) error
//	(*Sim) CreateList(name, slug, parentObject string) (List, error)
//	(*Sim) CreateRecord(object string, values map[string]any) (Record, error)
//	(*Sim) UpdateRecord(object, recordID string, values map[string]any) (Record, error) // PATCH semantics
//	(*Sim) DeleteRecord(object, recordID string) error
//	(*Sim) Record(object, recordID string) (Record, bool)
//	(*Sim) Records(object string) []Record
//	(*Sim) CreateEntry(list, parentObject, parentRecordID string, values map[string]any) (Entry, error)
//	(*Sim) UpdateEntry(list, entryID string, values map[string]any) (Entry, error)
//	(*Sim) DeleteEntry(list, entryID string) error
//	(*Sim) Entry(list, entryID string) (Entry, bool)
//	(*Sim) Entries(list string) []Entry
//	(*Sim) Webhooks() []Webhook
//	(*Sim) Deliveries() []Delivery
//	(*Sim) HoldDeliveries() / ReleaseDeliveries()
//	(*Sim) WaitIdle(ctx context.Context) error
//	(*Sim) Stats() Stats / ResetStats()
//	(*Sim) SetLimits(Limits) / SetFaults([]Fault)
//
// Helper values use the API's input forms ("name": "X" or []any{"X"}; references as
// map[string]any{"target_object": "companies", "target_record_id": id}); helper errors are
// *APIError with the status and code the API would send. Record.Value / Entry.Value return the
// main field of the first active value (text, number, option or status title, referenced id…).
//
// Not emulated: notes, tasks, comments, threads, workspace members endpoints, merge, search,
// relationship creation through the API (not possible in the June 2025 API), webhook events
// other than record.* and list-entry.*.
package attiosim
