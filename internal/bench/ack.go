// Package bench measures the service on this machine and writes docs/BENCHMARKS.md
// (`toggl-attio-sync bench`, `make bench`). Every load stays on loopback and is bounded in
// requests and time.
package bench

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"toggl-attio-sync/internal/app"
	"toggl-attio-sync/internal/config"
	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/loadgen"
	"toggl-attio-sync/internal/signature"
	"toggl-attio-sync/internal/store"
)

const benchSecret = "bench-subscription-secret"

// deliveryBody is a captured Toggl time entry delivery (docs/api/toggl.md §2.2) with its
// event id and entry id varied per request.
func deliveryBody(i int) []byte {
	return []byte(fmt.Sprintf(`{"event_id":%d,"created_at":"2023-08-22T12:43:35.731Z","creator_id":9547721,"metadata":{"action":"updated","event_user_id":"9547721","model":"time_entry","model_owner_id":"9547721","path":"/api/v9/workspaces/7435584/time_entries/%d","request_body":"{}","request_type":"PUT","time_entry_id":"%d","workspace_id":"7435584"},"payload":{"at":"2023-08-22T12:43:35+00:00","billable":false,"description":"bench","duration":3001,"duronly":true,"id":%d,"project_id":null,"server_deleted_at":null,"start":"2023-08-22T11:50:51Z","stop":"2023-08-22T12:40:52Z","tag_ids":null,"tags":[],"task_id":null,"uid":9547721,"user_id":9547721,"wid":7435584,"workspace_id":7435584},"subscription_id":1,"timestamp":"2023-08-22T12:43:36.353083349Z","url_callback":"http://127.0.0.1/x"}`,
		8_000_000_000_000_000+i, 5_000_000_000+i, 5_000_000_000+i, 5_000_000_000+i))
}

// AckResult compares the service's signed-webhook ack with a bare Fiber handler.
type AckResult struct {
	Requests, Concurrency int
	Bare, Service         loadgen.Result
}

// bareFiber is the floor: a Fiber handler that reads the body and answers like ours.
func bareFiber() (string, func(), error) {
	a := fiber.New(fiber.Config{DisableStartupMessage: true, BodyLimit: 1 << 20})
	a.Post("/webhooks/toggl/:connection", func(c *fiber.Ctx) error {
		_ = c.Body()
		return c.JSON(fiber.Map{"status": "accepted"})
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	go a.Listener(ln)
	return "http://" + ln.Addr().String(), func() { a.Shutdown() }, nil
}

// serviceOnly starts the real service with one connection and a subscription secret. Its
// APIs point at a closed loopback port: the deliveries route nowhere (no project), so the
// workers do their bookkeeping without outside calls.
func serviceOnly(ctx context.Context, dir string, synchronous string) (*app.App, string, *connection.Connection, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, "", nil, nil, err
	}
	env := map[string]string{
		"DATA_DIR": dir, "LISTEN_ADDR": ln.Addr().String(), "LOG_LEVEL": "error",
		"TOGGL_API_URL": "http://127.0.0.1:9", "ATTIO_API_URL": "http://127.0.0.1:9",
	}
	cfg, err := config.Load(nil, func(k string) string { return env[k] })
	if err != nil {
		return nil, "", nil, nil, err
	}
	a, err := app.New(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return nil, "", nil, nil, err
	}
	if synchronous != "" {
		if _, err := a.Store.ExecRaw(ctx, "PRAGMA synchronous = "+synchronous); err != nil {
			return nil, "", nil, nil, err
		}
	}
	conn, err := a.Conns.Create(ctx, "bench")
	if err != nil {
		return nil, "", nil, nil, err
	}
	if err := a.Conns.SetTokens(ctx, conn, "toggl-token", "attio-token", 7435584, "ws"); err != nil {
		return nil, "", nil, nil, err
	}
	if err := a.Conns.SaveTogglSubscription(ctx, conn.ID, connection.TogglSubscription{ID: 1, Description: "bench", Secret: benchSecret, Enabled: true}); err != nil {
		return nil, "", nil, nil, err
	}
	// The user's name is cached, as after setup: the workers make no Toggl call.
	if err := a.Store.UpsertTogglCache(ctx, store.UpsertTogglCacheParams{ConnectionID: conn.ID, Kind: "user", TogglID: 9547721, Name: "Ada Admin", DataJson: "{}"}); err != nil {
		return nil, "", nil, nil, err
	}
	sctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { a.Serve(sctx, ln); close(done) }()
	return a, "http://" + ln.Addr().String(), conn, func() { cancel(); <-done }, nil
}

func signedDelivery(i int) loadgen.Request {
	b := deliveryBody(i)
	return loadgen.Request{Body: b, Headers: map[string]string{signature.TogglHeader: signature.SignToggl(benchSecret, b)}}
}

// Ack measures both servers in the same run, bare first.
func Ack(ctx context.Context, dir string, requests, concurrency int) (AckResult, error) {
	res := AckResult{Requests: requests, Concurrency: concurrency}
	bareURL, stop, err := bareFiber()
	if err != nil {
		return res, err
	}
	res.Bare, err = runLoad(ctx, bareURL+"/webhooks/toggl/x", requests, concurrency)
	stop()
	if err != nil {
		return res, err
	}
	_, url, conn, stopSvc, err := serviceOnly(ctx, dir, "")
	if err != nil {
		return res, err
	}
	defer stopSvc()
	res.Service, err = runLoad(ctx, url+"/webhooks/toggl/"+conn.Slug, requests, concurrency)
	return res, err
}

func runLoad(ctx context.Context, url string, requests, concurrency int) (loadgen.Result, error) {
	res, err := loadgen.Run(ctx, loadgen.Config{URL: url, Requests: requests, Concurrency: concurrency, MaxDuration: 2 * time.Minute, Make: signedDelivery})
	if err == nil && res.OK != requests {
		err = fmt.Errorf("%d of %d deliveries acknowledged: %v", res.OK, requests, res.Statuses)
	}
	return res, err
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1000) }

// Markdown renders the ack comparison.
func (r AckResult) Markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "| server | requests | concurrency | throughput (req/s) | p50 | p99 |\n| --- | --- | --- | --- | --- | --- |\n")
	for _, row := range []struct {
		name string
		res  loadgen.Result
	}{{"bare Fiber handler (floor)", r.Bare}, {"toggl-attio-sync, signed delivery stored durably", r.Service}} {
		fmt.Fprintf(&b, "| %s | %d | %d | %.0f | %s | %s |\n", row.name, row.res.OK, r.Concurrency, row.res.Throughput(), ms(row.res.Percentile(50)), ms(row.res.Percentile(99)))
	}
	if r.Bare.Throughput() > 0 {
		fmt.Fprintf(&b, "\nRatio service ÷ bare: throughput %.2f, p99 %.1f×.\n", r.Service.Throughput()/r.Bare.Throughput(), float64(r.Service.Percentile(99))/float64(max(1, r.Bare.Percentile(99))))
	}
	return b.String()
}
