// Package attio is a typed client for Attio's REST API v2 (docs/api/attio.md, vendored spec
// internal/contract/specs/attio-openapi.json).
//
// Bodies: writes send {"data": …} with every attribute value as an array (the spec types
// values/entry_values as additionalProperties {type: array}); the two exceptions follow the spec:
// GET /v2/self answers at top level, and the query POSTs take top-level filter/sorts/limit/offset.
//
// Pacing: every call is paced per token (100 reads/s, 25 writes/s by default, see Pacer) and
// retried after a 429 once the server's Retry-After has passed. Query POSTs (records/query,
// entries/query) are paced as reads: they change nothing, api-evangelist counts them as reads,
// and the emulator does the same by default; docs/api/attio.md §6 lists the question as UNCONFIRMED, so if
// Attio counts them as writes, the 429 path still keeps us right. Other errors are returned as
// *APIError without retrying: a retried create could duplicate a record, so the caller (the job
// queue) decides, using IsRetryable.
package attio

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// DefaultBaseURL is the spec's servers[0].url; every path starts with /v2/ (docs/api/attio.md §1).
const DefaultBaseURL = "https://api.attio.com"

// Options configure a Client. Only AccessToken is required.
type Options struct {
	// BaseURL defaults to DefaultBaseURL. Paths (/v2/...) are appended to it.
	BaseURL string
	// AccessToken is an API key or OAuth access token, sent as "Authorization: Bearer <token>".
	AccessToken string
	// HTTPClient sends the requests. Nil means a client with Transport and a 60 s timeout.
	HTTPClient *http.Client
	// Transport is used when HTTPClient is nil (nil = http.DefaultTransport).
	Transport http.RoundTripper
	// Clock times 429 back-offs and, for a new shared pacer, pacing. Nil = SystemClock.
	Clock Clock
	// Limits are the token's budgets (zero fields = DefaultLimits).
	Limits Limits
	// Pacer, if set, is used as is (Limits then ignored). Otherwise the client takes the shared
	// pacer of (BaseURL, AccessToken), so all clients of one token share one budget.
	Pacer *Pacer
	// MaxRateLimitRetries bounds how often one call is retried after a 429 (0 = 10; <0 = never).
	// Waiting is bounded by the call's context as well.
	MaxRateLimitRetries int
	// MaxRetryAfter caps a single 429 wait (0 = 1 minute), against absurd or skewed headers.
	MaxRetryAfter time.Duration
	// UserAgent is sent on every request (default "toggl-attio-sync").
	UserAgent string
}

// Client calls Attio. It is safe for concurrent use.
type Client struct {
	base          string
	token         string
	http          *http.Client
	clock         Clock
	pacer         *Pacer
	maxRetries    int
	maxRetryAfter time.Duration
	userAgent     string
}

// New checks the options and builds a client.
func New(o Options) (*Client, error) {
	if o.AccessToken == "" {
		return nil, errors.New("attio: AccessToken is required")
	}
	base := strings.TrimRight(o.BaseURL, "/")
	if base == "" {
		base = DefaultBaseURL
	}
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("attio: BaseURL %q is not an http(s) URL", o.BaseURL)
	}
	c := &Client{
		base:          base,
		token:         o.AccessToken,
		http:          o.HTTPClient,
		clock:         o.Clock,
		pacer:         o.Pacer,
		maxRetries:    o.MaxRateLimitRetries,
		maxRetryAfter: o.MaxRetryAfter,
		userAgent:     o.UserAgent,
	}
	if c.http == nil {
		c.http = &http.Client{Transport: o.Transport, Timeout: 60 * time.Second}
	}
	if c.clock == nil {
		c.clock = SystemClock{}
	}
	if c.pacer == nil {
		c.pacer = SharedPacer(base, o.AccessToken, o.Limits, c.clock)
	}
	switch {
	case c.maxRetries == 0:
		c.maxRetries = 10
	case c.maxRetries < 0:
		c.maxRetries = 0
	}
	if c.maxRetryAfter <= 0 {
		c.maxRetryAfter = time.Minute
	}
	if c.userAgent == "" {
		c.userAgent = "toggl-attio-sync"
	}
	return c, nil
}

// Stats returns the counters of this client's pacer (shared by all clients of the token):
// requests sent by kind and 429 responses seen.
func (c *Client) Stats() Stats { return c.pacer.Stats() }

// Pacer returns the pacer this client spends its budget on.
func (c *Client) Pacer() *Pacer { return c.pacer }

// kindOf classifies a call for pacing: GET and the query POSTs are reads (see package doc).
func kindOf(method, path string) Kind {
	if method == http.MethodGet || (method == http.MethodPost && strings.HasSuffix(path, "/query")) {
		return Read
	}
	return Write
}

// do sends one call and decodes a 2xx body into out (nil = discard). body, if not nil, is
// marshalled to JSON. 429s are retried after Retry-After; every other non-2xx is an *APIError.
func (c *Client) do(ctx context.Context, method, path string, query url.Values, body, out any) error {
	var payload []byte
	if body != nil {
		var err error
		if payload, err = json.Marshal(body); err != nil {
			return fmt.Errorf("attio: encode %s %s: %w", method, path, err)
		}
	}
	target := c.base + path
	if len(query) > 0 {
		target += "?" + query.Encode()
	}
	kind := kindOf(method, path)
	for attempt := 0; ; attempt++ {
		if err := c.pacer.Wait(ctx, kind); err != nil {
			return err
		}
		resp, err := c.send(ctx, method, target, payload)
		if err != nil {
			return fmt.Errorf("attio: %s %s: %w", method, path, err)
		}
		if resp.StatusCode == http.StatusTooManyRequests {
			c.pacer.noteRateLimited()
			apiErr := readAPIError(resp, method, path)
			wait, until := retryDelay(resp.Header, c.clock.Now(), c.maxRetryAfter)
			apiErr.RetryAfter = until
			c.pacer.PauseUntil(kind, until)
			if attempt >= c.maxRetries {
				return apiErr
			}
			if dl, ok := ctx.Deadline(); ok && time.Until(dl) < wait {
				return apiErr // the context would end before we may retry (deadlines are wall-clock)
			}
			if err := c.clock.Sleep(ctx, wait); err != nil {
				return errors.Join(apiErr, err)
			}
			continue
		}
		return decodeResponse(resp, method, path, out)
	}
}

func (c *Client) send(ctx context.Context, method, target string, payload []byte) (*http.Response, error) {
	var rd io.Reader
	if payload != nil {
		rd = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, method, target, rd)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return c.http.Do(req)
}

// decodeResponse turns a non-429 response into out or an *APIError, always draining the body so
// the connection can be reused.
func decodeResponse(resp *http.Response, method, path string, out any) error {
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return readAPIError(resp, method, path)
	}
	if out == nil {
		_, err := io.Copy(io.Discard, resp.Body)
		return err
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		return fmt.Errorf("attio: decode %s %s: %w", method, path, err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	return nil
}

// readAPIError reads Attio's {status_code,type,code,message} error body and closes it.
func readAPIError(resp *http.Response, method, path string) *APIError {
	defer resp.Body.Close()
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	e := &APIError{Method: method, Path: path, HTTPStatus: resp.StatusCode}
	if err := json.Unmarshal(raw, e); err != nil || (e.Code == "" && e.Message == "") {
		e.Body = strings.TrimSpace(string(raw))
	}
	return e
}

// dataEnvelope is Attio's {"data": …} wrapper, used by every request and response body except
// GET /v2/self (top-level) and the query POSTs (top-level filter/sorts/limit/offset).
type dataEnvelope[T any] struct {
	Data T `json:"data"`
}

// call sends body wrapped in {"data": …} (if not nil) and unwraps the {"data": …} answer.
func call[T any](ctx context.Context, c *Client, method, path string, query url.Values, body any) (T, error) {
	var out dataEnvelope[T]
	var in any
	if body != nil {
		in = dataEnvelope[any]{Data: body}
	}
	err := c.do(ctx, method, path, query, in, &out)
	return out.Data, err
}

// seg escapes one path segment (slugs and UUIDs are safe, but titles of options are not).
func seg(s string) string { return url.PathEscape(s) }
