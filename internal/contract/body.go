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

// bodyReader gives a fresh, unread body over b; http.NoBody when b is empty. The validator tells
// the two apart: an empty reader under a JSON content type passes any response schema ("nothing
// to decode"), while http.NoBody is reported as a missing response. An empty answer must get one
// verdict however it arrived (net/http hands over http.NoBody for "Content-Length: 0", an empty
// reader for an empty chunked answer or a response built by hand for CheckResponse).
func bodyReader(b []byte) io.ReadCloser {
	if len(b) == 0 {
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
