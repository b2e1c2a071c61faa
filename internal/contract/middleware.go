package contract

import (
	"net/http"
	"net/http/httptest"
	"strconv"
)

// Middleware does the same server-side around an emulator's handler: it validates the request,
// captures the response with a recorder, validates it, then writes it out unchanged.
// Tests that deliberately send invalid requests (to prove the emulator rejects them) should
// talk to the bare handler, or their own invalid requests will be reported.
func Middleware(r Reporter, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, err := readBody(req.Body)
		if err != nil {
			http.Error(w, "contract: reading request body: "+err.Error(), http.StatusBadRequest)
			return
		}
		ex := beginExchange(req, body) // the validator reads its own copy of body
		req.Body = bodyReader(body)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		resp := rec.Result()
		out := rec.Body.Bytes()
		ex.finish(req, resp, out)
		// reported before the client gets its answer, so the test is still running
		ex.report(r, req, strconv.Itoa(rec.Code))

		for k, vs := range rec.Header() {
			w.Header()[k] = vs
		}
		w.WriteHeader(rec.Code)
		w.Write(out)
	})
}
