package contract

import (
	"bytes"
	"io"
	"net/http"
)

// readBody drains and closes a body; nil and http.NoBody give nil.
func readBody(rc io.ReadCloser) ([]byte, error) {
	if rc == nil || rc == http.NoBody {
		return nil, nil
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

// bodyReader gives a fresh, unread body over b.
func bodyReader(b []byte) io.ReadCloser {
	if b == nil {
		return http.NoBody
	}
	return io.NopCloser(bytes.NewReader(b))
}

// withBody returns a copy of req reading body, so the validator (which reads bodies) and the
// next hop each get their own unread copy and the caller's request is left alone.
func withBody(req *http.Request, body []byte) *http.Request {
	c := req.Clone(req.Context())
	c.Body = bodyReader(body)
	c.GetBody = func() (io.ReadCloser, error) { return bodyReader(body), nil }
	return c
}
