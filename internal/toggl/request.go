package toggl

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"

	"toggl-attio-sync/internal/retryafter"
)

// Path prefixes of the three APIs (docs/api/toggl.md §1.1, §4, §4.5).
const (
	trackPrefix    = "/api/v9"
	webhooksPrefix = "/webhooks/api/v1"
	reportsPrefix  = "/reports/api/v3"
)

const (
	maxBodyBytes  = 32 << 20 // a whole detailed-report page or project list fits easily
	maxErrorBytes = 64 << 10
)

// request is one API call before it is sent.
type request struct {
	method string
	path   string // from the host, with the API prefix: /api/v9/me
	query  url.Values
	body   any // JSON-encoded when non-nil
	// idempotent calls are resent after a 5xx or a transient network error; others only
	// after answers that prove the request was not processed (429, quota 402).
	idempotent bool
}

// do sends r through the token's gate and limiter, retrying within c.maxRetries, decodes a
// 2xx body into out (when out is non-nil) and returns the answer's headers.
func (c *Client) do(ctx context.Context, r request, out any) (http.Header, error) {
	var payload []byte
	if r.body != nil {
		var err error
		if payload, err = json.Marshal(r.body); err != nil {
			return nil, fmt.Errorf("toggl: %s %s: encoding body: %w", r.method, r.path, err)
		}
	}
	target := c.base + r.path
	if len(r.query) > 0 {
		target += "?" + r.query.Encode()
	}
	for attempt := 0; ; attempt++ {
		if err := c.state.gate(ctx, c.clock, c.failFast, r.method, r.path); err != nil {
			return nil, err
		}
		if err := c.limiter.Wait(ctx); err != nil {
			return nil, err
		}
		status, header, body, err := c.roundTrip(ctx, r.method, target, payload)
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			nerr := &NetworkError{Method: r.method, Path: r.path, Err: err}
			if r.idempotent && attempt < c.maxRetries && transientNetworkError(err) {
				if err := c.clock.Sleep(ctx, c.retry.Delay(attempt+1)); err != nil {
					return nil, err
				}
				continue
			}
			return nil, nerr
		}
		again, err := c.answer(ctx, r, attempt, status, header, body, out)
		if !again {
			if err != nil {
				return nil, err
			}
			return header, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// answer reads one HTTP answer into out; again means send the request once more (after a
// 429's shared pause, a quota reset or a 5xx back-off).
func (c *Client) answer(ctx context.Context, r request, attempt, status int, header http.Header, body []byte, out any) (again bool, err error) {
	now := c.clock.Now()
	quota, hasQuota := parseQuota(header, now)
	if hasQuota {
		c.state.observe(quota)
	}
	switch {
	case status >= 200 && status < 300:
		if out != nil {
			if err := json.Unmarshal(body, out); err != nil {
				return false, fmt.Errorf("toggl: %s %s: decoding %d answer: %w", r.method, r.path, status, err)
			}
		}
		return false, nil

	case status == http.StatusTooManyRequests:
		// Leaky bucket (docs/api/toggl.md §5): the request was refused, so resending is safe. The
		// pause is shared: every goroutine on this token backs off, not just this one.
		// The pause is set even when this call gives up, so the others still back off.
		wait, ok := retryafter.Parse(header, now)
		if !ok {
			wait = c.retry.Delay(attempt + 1)
		}
		c.state.pause(now.Add(wait))
		if attempt >= c.maxRetries {
			e := c.apiError(r, status, body)
			e.RetryAt = now.Add(wait)
			return false, e
		}
		return true, nil

	case status == http.StatusPaymentRequired:
		if !isQuota402(quota, hasQuota, body) {
			return false, &PlanError{Body: truncate(body), Method: r.method, Path: r.path}
		}
		resetAt := quota.ResetAt
		if resetAt.IsZero() {
			resetAt = now.Add(c.quotaWait)
		}
		c.state.blockForQuota(resetAt, quota.Remaining, now)
		if attempt >= c.maxRetries {
			return false, &QuotaError{ResetAt: resetAt, Remaining: quota.Remaining, Method: r.method, Path: r.path}
		}
		return true, nil // the gate waits for the reset, or returns *QuotaError

	case status >= 500 && r.idempotent && attempt < c.maxRetries:
		if err := c.clock.Sleep(ctx, c.retry.Delay(attempt+1)); err != nil {
			return false, err
		}
		return true, nil
	}
	return false, c.apiError(r, status, body)
}

// roundTrip sends one HTTP request and reads the whole answer.
func (c *Client) roundTrip(ctx context.Context, method, target string, payload []byte) (int, http.Header, []byte, error) {
	var body io.Reader
	if payload != nil {
		body = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, method, target, body)
	if err != nil {
		return 0, nil, nil, err
	}
	// Basic auth with the token as user and the literal "api_token" as password (docs/api/toggl.md §1.1, §4).
	req.SetBasicAuth(c.token, "api_token")
	req.Header.Set("User-Agent", c.userAgent)
	req.Header.Set("Accept", "application/json")
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, nil, nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBodyBytes+1))
	if err != nil {
		return 0, nil, nil, err
	}
	if len(data) > maxBodyBytes {
		return 0, nil, nil, fmt.Errorf("answer body exceeds %d bytes", maxBodyBytes)
	}
	return resp.StatusCode, resp.Header, data, nil
}

func (c *Client) apiError(r request, status int, body []byte) *APIError {
	return &APIError{Status: status, Body: truncate(body), Method: r.method, Path: r.path}
}

func truncate(body []byte) string {
	if len(body) > maxErrorBytes {
		body = body[:maxErrorBytes]
	}
	return string(body)
}
