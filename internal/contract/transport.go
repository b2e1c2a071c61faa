package contract

import (
	"fmt"
	"net/http"
	"strconv"
)

// Transport wraps next (nil = http.DefaultTransport): validates each request and its response against the
// spec chosen by SpecFor, reporting problems with r.Errorf (method, path, status, each message with reason and field path). Records coverage.
func Transport(r Reporter, next http.RoundTripper) http.RoundTripper {
	if next == nil {
		next = http.DefaultTransport
	}
	return &checkingTransport{r: r, next: next}
}

type checkingTransport struct {
	r    Reporter
	next http.RoundTripper
}

func (t *checkingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	body, err := readBody(req.Body) // RoundTrip must close the request body, even on error
	if err != nil {
		return nil, fmt.Errorf("contract: reading request body: %w", err)
	}
	ex := beginExchange(req, body)
	resp, err := t.next.RoundTrip(withBody(req, body))
	if err != nil {
		ex.report(t.r, req, "no response ("+err.Error()+")")
		return nil, err
	}
	respBody, err := readBody(resp.Body)
	if err != nil {
		ex.report(t.r, req, strconv.Itoa(resp.StatusCode))
		return nil, fmt.Errorf("contract: reading response body: %w", err)
	}
	resp.Body = bodyReader(respBody)
	ex.finish(req, resp, respBody)
	// reported before returning, so the test cannot end between the exchange and its report
	ex.report(t.r, req, strconv.Itoa(resp.StatusCode))
	return resp, nil
}
