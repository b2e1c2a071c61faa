package web

import (
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"

	"toggl-attio-sync/internal/auth"
)

const sessionCookie = "tas_session"

// requireLogin lets a request with a live session through; others go to setup (first run)
// or to the login page.
func (h *Handler) requireLogin(c *fiber.Ctx) error {
	token := utils.CopyString(c.Cookies(h.cookieName(sessionCookie)))
	ok, err := h.Auth.ValidSession(c.UserContext(), token)
	if err != nil {
		return err
	}
	if ok {
		c.Locals(localLoggedIn, true)
		return c.Next()
	}
	has, err := h.Auth.HasPassword(c.UserContext())
	if err != nil {
		return err
	}
	if !has {
		return redirect(c, "/setup")
	}
	return redirect(c, "/login")
}

// startSession logs the browser in: a new session cookie and a fresh CSRF token.
func (h *Handler) startSession(c *fiber.Ctx) error {
	token, err := h.Auth.NewSession(c.UserContext(), c.Get(fiber.HeaderUserAgent))
	if err != nil {
		return err
	}
	c.Cookie(&fiber.Cookie{
		Name: h.cookieName(sessionCookie), Value: token, Path: "/", HTTPOnly: true, Secure: h.SecureCookies,
		SameSite: fiber.CookieSameSiteLaxMode, Expires: h.Now().Add(auth.SessionLifetime),
	})
	h.setCSRFCookie(c)
	return nil
}

func (h *Handler) clearSession(c *fiber.Ctx) {
	c.Cookie(&fiber.Cookie{Name: h.cookieName(sessionCookie), Value: "", Path: "/", HTTPOnly: true, Secure: h.SecureCookies,
		SameSite: fiber.CookieSameSiteLaxMode, Expires: time.Unix(0, 0), MaxAge: -1})
}
