// Package togglsim is a strict, stateful emulator of Toggl Track for tests, `go run . sim`
// (Toggl on 127.0.0.1:9081) and the demo mode. A *Sim is an http.Handler that serves, on any
// host, the real paths of
//
//   - Track API v9 under /api/v9: /me (with_related_data), /me/workspaces, /me/quota,
//     /me/projects, /me/clients, /me/time_entries (since incl. deleted, before,
//     start_date/end_date, meta), /me/time_entries/current, /me/time_entries/{id},
//     /workspaces/{wid}, …/users, …/workspace_users, …/tags, projects (list with
//     page/per_page/active/name/since/client_ids, get, create, PUT, delete), clients (list with
//     status/name, get, create, PUT, delete, archive, restore), time entries (POST, PUT,
//     DELETE, PATCH …/stop);
//   - Webhooks API v1 under /webhooks/api/v1: event_filters, status, limits/{wid},
//     subscriptions CRUD (POST, GET, PUT, PATCH enable/disable, DELETE), …/{sid}/events,
//     ping/{wid}/{sid}, validate/{wid}/{sid}/{code};
//   - Reports API v3: POST /reports/api/v3/workspace/{wid}/search/time_entries and its
//     …/totals (the same filters summed: seconds, tracked_days, rates, graph).
//
// Every behaviour follows docs/api/toggl.md and cites it where it is implemented; where the
// reference says UNCONFIRMED the behaviour is a field of Quirks whose zero value is the
// documented best guess.
//
// # Requests
//
// Each request passes, in order: injected faults (Fault: 5xx/429/402 statuses, latency, hang,
// dropped connection; global or per method and path prefix), JSON Content-Type check, Basic
// auth (token:api_token everywhere, email:password except on Webhooks; failures 403 by
// default), the per-token-per-IP leaky bucket (429), workspace access (403), the hourly quota
// per user per organization or the user-specific quota for /me (402 with
// X-Toggl-Quota-Remaining and X-Toggl-Quota-Resets-In, which also ride on every counted
// answer). Limits scale through Config (RateLimit, Quota, PlanLimits, Clock) and switch off with
// Config.DisableLimits or SetLimitsEnabled. Error bodies are JSON strings (Quirks.PlainTextErrors
// for text).
//
// # Webhooks
//
// Subscriptions follow the documented rules: unique non-empty description per workspace,
// 1..N event filters ([A-Za-z0-9_]+ or *, actions created/updated/deleted/*, no duplicates), per
// plan limits (Free 1/3, Starter 2/6, Premium 3/12 enabled subscriptions per user and
// workspace / filters), and a synchronous URL probe (a signed PING) on create, PUT and enable.
// While a subscription is not validated its PING carries validation_code and
// validation_code_url; it is validated when the receiver echoes {"validation_code": …} or when
// someone GETs the validate URL. Only enabled and validated subscriptions get entity events,
// filtered by the creator's visibility (members do not see other users' entries).
//
// Every change made through the Track API (or the helpers, which use the same handlers)
// becomes, per matching subscription, an Event with Toggl's byte layout: top-level keys
// event_id, created_at, creator_id, metadata, payload, subscription_id, timestamp,
// url_callback; alphabetical, string-valued metadata; the compact v9 entity as payload; signed
// with X-Webhook-Signature-256 (internal/signature). One worker per subscription POSTs events
// asynchronously, retries non-2xx answers on DeliveryConfig.RetrySchedule, records every
// attempt (Deliveries, and failed_delivery_attempts/last_delivery_error on the events endpoint)
// and can misbehave on purpose (DeliveryFaults: Copies, Reorder, Delay, DropEvery, DropShare
// with its own seed; plus AutoDisableAfter). The faults can be changed while the emulator
// runs: SetDeliveryFaults, or GET/PATCH /_sim/delivery_faults (ControlPrefix, outside Toggl's
// paths, no credentials) from curl in `sim` and `-demo`. WaitIdle waits until nothing is queued or in flight; PauseDeliveries and
// ResumeDeliveries hold and release events.
//
// # Exported API
//
//	New(Config) *Sim; (*Sim).ServeHTTP; (*Sim).Close()
//	Seed(*Sim, time.Time) SeedInfo     // fixed demo data, ids shared with the Attio emulator
//	Add{Workspace,User,Client,Project,TimeEntry,Subscription}, AddMembership, SetPlan   // direct, no events
//	Workspaces, Users, Clients, Projects, TimeEntries, TimeEntry, Subscriptions, Events, Deliveries
//	Call(token, method, path, body)    // in-process API call: same handlers, no faults or limits
//	StartTimer, StopTimer, CreateTimeEntry, UpdateTimeEntry, DeleteTimeEntry,
//	CreateProject, UpdateProject, CreateClient, UpdateClient   // via Call, so they fire webhooks
//	InjectFault(Fault) (remove func()), ClearFaults, SetDeliveryFaults, DeliveryFaults, PauseDeliveries,
//	ResumeDeliveries, WaitIdle(ctx), SetLimitsEnabled, ResetLimits
//	NewManualClock(t) *ManualClock     // Now, Advance, Set; pass Now as Config.Clock
package togglsim
