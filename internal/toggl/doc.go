// Package toggl is a typed client for the three Toggl APIs the sync service uses:
// Track v9 (/api/v9), Reports v3 (/reports/api/v3) and Webhooks v1 (/webhooks/api/v1).
// Every fact it relies on is in docs/api/toggl.md; comments cite the section.
//
// Pacing is the design constraint (docs/api/toggl.md §5): every request for one API token passes one
// shared gate, whichever goroutine or Client sends it. The gate holds a 1 request/second
// limiter (the "safe window" of the leaky bucket), a shared pause after a 429, and a shared
// block until the hourly quota resets after a quota 402. See Registry.
//
// Errors are typed: *APIError (any non-2xx), *QuotaError (hourly quota exhausted),
// *PlanError (402 "feature not in plan"), *NetworkError (transport failure). IsRetryable,
// IsUnauthorized and IsNotFound classify them.
//
// Decoding is tolerant where docs/api/toggl.md says the wire form is unconfirmed: timestamps accept
// null, "" and several RFC 3339 spellings (Time); report rows and webhook event listings
// accept ids as numbers or strings; legacy fields (wid, pid, cid, uid, tid) fill the
// current ones when those are missing.
package toggl
