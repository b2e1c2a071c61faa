package attiosim

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

// BenchmarkCreateAndQuery measures the emulator itself (no limits, no contract check): one record
// create and one query by a unique attribute per iteration, over loopback HTTP.
func BenchmarkCreateAndQuery(b *testing.B) {
	s := New(Config{Limits: Limits{ReadsPerSecond: -1, WritesPerSecond: -1}})
	defer s.Close()
	info := Seed(s)
	srv := httptest.NewServer(s)
	defer srv.Close()
	post := func(path string, body any) {
		raw, _ := json.Marshal(body)
		req, _ := http.NewRequest("POST", srv.URL+path, bytes.NewReader(raw))
		req.Header.Set("Authorization", "Bearer "+info.Token)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			b.Fatalf("%s = %d", path, resp.StatusCode)
		}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		id := fmt.Sprintf("b-%d", i)
		post("/v2/objects/projects/records", data(map[string]any{"name": []any{"Bench"}, "toggl_project_id": []any{id}}))
		post("/v2/objects/projects/records/query", map[string]any{"filter": map[string]any{"toggl_project_id": id}})
	}
}
