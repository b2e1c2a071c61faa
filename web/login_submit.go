package web

import (
	"errors"
	"fmt"
	"math"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"

	"toggl-attio-sync/internal/auth"
	"toggl-attio-sync/views"
)

// loginSubmit checks the password, throttled per client address.
func (h *Handler) loginSubmit(c *fiber.Ctx) error {
	client := utils.CopyString(c.IP())
	now := h.Now()
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
		h.Logger.Warn("login failed", "request_id", requestIDOf(c), "ip", client)
		return render(c, fiber.StatusUnauthorized, views.LoginPage(h.page(c, "Log in", ""), views.LoginForm{Error: "Wrong password."}))
	}
	h.Throttle.Reset(client)
	if err := h.startSession(c); err != nil {
		return err
	}
	return redirect(c, "/")
}
