package web

import (
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/gofiber/fiber/v2"

	"toggl-attio-sync/internal/auth"
	"toggl-attio-sync/views"
)

// loginSubmit checks the password, throttled per client address (the real client behind a
// trusted proxy) and slowed per account across all addresses.
func (h *Handler) loginSubmit(c *fiber.Ctx) error {
	client := h.clientAddress(c)
	now := h.Now()
	if wait := h.accountWait(now); wait > 0 {
		c.Set(fiber.HeaderRetryAfter, fmt.Sprint(int(math.Ceil(wait.Seconds()))))
		msg := fmt.Sprintf("Several wrong passwords in a row: wait %d second(s) before the next try.", int(math.Ceil(wait.Seconds())))
		return render(c, fiber.StatusTooManyRequests, views.LoginPage(h.page(c, "Log in", ""), views.LoginForm{Error: msg}))
	}
	if ok, wait := h.Throttle.Allow(client, now); !ok {
		c.Set(fiber.HeaderRetryAfter, fmt.Sprint(int(math.Ceil(wait.Seconds()))))
		msg := fmt.Sprintf("Too many failed attempts. Try again in %d minute(s).", int(math.Ceil(wait.Minutes())))
		return render(c, fiber.StatusTooManyRequests, views.LoginPage(h.page(c, "Log in", ""), views.LoginForm{Error: msg}))
	}
	ok, err := h.Auth.CheckPassword(c.UserContext(), c.FormValue("password"))
	if errors.Is(err, auth.ErrNoPassword) {
		return redirect(c, "/setup")
	}
	if err != nil {
		return err
	}
	if !ok {
		// Allow already counted this attempt.
		if h.Backoff != nil {
			h.Backoff.Failed(now)
		}
		h.Logger.Warn("login failed", "request_id", requestIDOf(c), "ip", client)
		return render(c, fiber.StatusUnauthorized, views.LoginPage(h.page(c, "Log in", ""), views.LoginForm{Error: "Wrong password."}))
	}
	h.Throttle.Reset(client)
	if h.Backoff != nil {
		h.Backoff.Succeeded()
	}
	if err := h.startSession(c); err != nil {
		return err
	}
	return redirect(c, "/")
}

func (h *Handler) accountWait(now time.Time) time.Duration {
	if h.Backoff == nil {
		return 0
	}
	return h.Backoff.Wait(now)
}
