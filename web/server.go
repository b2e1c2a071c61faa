// Package web is the Fiber application: routes, middleware and one handler file per action
// (<noun>_<verb>.go). Handlers are thin; they call into internal packages.
package web

import (
	"errors"
	"log/slog"
	"net/netip"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/adaptor"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"toggl-attio-sync/internal/auth"
	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/store"
	"toggl-attio-sync/views"
)

// MaxBodyBytes caps every request body; larger ones get 413 before any handler runs.
const MaxBodyBytes = 1 << 20

// Deps is what the web layer needs from the rest of the program.
type Deps struct {
	Store       *store.Store
	Auth        *auth.Service
	SetupCode   *auth.SetupCode // nil once a password exists at start
	Connections *connection.Service
	Notify      func() // wakes the workers after a delivery is queued
	Throttle    *auth.Throttle
	Backoff     *auth.AccountBackoff // slows guessing across all addresses; nil: none
	// TrustedProxies are the peers whose X-Forwarded-For names the real client (the login
	// throttle counts per real client).
	TrustedProxies []netip.Prefix
	Logger         *slog.Logger
	SecureCookies  bool                 // PUBLIC_URL is https
	Registry       *prometheus.Registry // nil: no /metrics
	MetricsToken   string               // non-empty: /metrics wants it as a bearer token
	Now            func() time.Time

	// The address Toggl and Attio call back (the Connection wizard registers it).
	PublicURL string

	// For the console pages: the workers' own API clients, so reads share their budgets and
	// counters. Toggl's should fail fast on an exhausted quota. Nil: those parts say so.
	Attio AttioFactory
	Toggl TogglFactory
	// Clients makes every API client (connection.Clients).
	Clients *connection.Clients
}

// Handler holds the dependencies shared by all handlers.
type Handler struct {
	Deps
	metrics *httpMetrics
	rejects rejectBudget // bounds the audit rows refused webhook requests write
}

// New builds the Fiber app with every route and middleware.
func New(d Deps) *fiber.App {
	h := &Handler{Deps: d}
	if h.Notify == nil {
		h.Notify = func() {}
	}
	app := fiber.New(fiber.Config{
		AppName:               "toggl-attio-sync",
		DisableStartupMessage: true,
		BodyLimit:             MaxBodyBytes,
		ReadTimeout:           15 * time.Second,
		WriteTimeout:          30 * time.Second,
		IdleTimeout:           120 * time.Second,
		ErrorHandler:          h.handleError,
		// Every string and slice a handler gets is its own copy: values that outlive the
		// request (metric labels, log attributes, throttle and cache keys, rows handed to the
		// group committer) can never change under us when fasthttp reuses its buffers. The
		// copies cost nanoseconds beside the fsync an acknowledgement waits for.
		Immutable: true,
	})
	if d.Registry != nil {
		h.metrics = newHTTPMetrics(d.Registry)
	}

	app.Use(h.recoverPanics, h.requestID, h.logRequests, refuseEncodedBodies, securityHeaders)

	// Machine endpoints: no session, no CSRF.
	app.Get("/healthz", h.healthShow)
	app.Get("/readyz", h.readyShow)
	if d.Registry != nil {
		app.Get("/metrics", h.metricsAuth, adaptor.HTTPHandler(promhttp.HandlerFor(d.Registry, promhttp.HandlerOpts{})))
	}
	app.Get("/static/*", staticServe)

	// Webhooks: authenticated by their signatures, never by a session.
	app.Post("/webhooks/toggl/:connection", h.webhookTogglReceive)
	app.Post("/webhooks/attio/:connection", h.webhookAttioReceive)
	// A sender's or uptime checker's probe gets a plain answer, not the console's login redirect.
	app.Get("/webhooks/toggl/:connection", webhookProbe)
	app.Get("/webhooks/attio/:connection", webhookProbe)

	// The console: CSRF on every state change, login required past setup and login.
	console := app.Group("", h.csrf)
	console.Get("/setup", h.setupShow)
	console.Post("/setup", h.setupSave)
	console.Get("/login", h.loginShow)
	console.Post("/login", h.loginSubmit)
	console.Post("/logout", h.logoutSubmit)

	private := console.Group("", h.requireLogin)
	h.consoleRoutes(private)
	h.connectionRoutes(private)
	h.resyncRoutes(private)
	app.Use(h.notFound)
	return app
}

// handleError turns errors returned by handlers and middleware (body limit, timeouts) into
// responses, logging server faults with the request id.
func (h *Handler) handleError(c *fiber.Ctx, err error) error {
	code := fiber.StatusInternalServerError
	var fe *fiber.Error
	if errors.As(err, &fe) {
		code = fe.Code
	}
	if code == fiber.StatusRequestEntityTooLarge {
		h.auditOversized(c)
	}
	if code >= 500 {
		h.Logger.Error("request failed", "request_id", requestIDOf(c), "path", c.Path(), "err", err)
	}
	msg := fiber.ErrInternalServerError.Message
	if fe != nil {
		msg = fe.Message
	}
	c.Set(fiber.HeaderContentType, fiber.MIMETextPlainCharsetUTF8)
	return c.Status(code).SendString(msg)
}

func (h *Handler) notFound(c *fiber.Ctx) error {
	return render(c, fiber.StatusNotFound, views.ErrorPage(h.page(c, "Not found", ""), 404, "There is no page at this address."))
}
