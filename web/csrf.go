package web

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"net/url"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"

	"toggl-attio-sync/views"
)

// csrfCookie holds the double-submit CSRF token: every state-changing console request must
// repeat it in the form field _csrf or the X-CSRF-Token header (htmx sends it from the
// body's hx-headers). The cookie is SameSite=Strict and HttpOnly, and a present Origin
// header must name this host, so another site can neither send nor read it.
const csrfCookie = "tas_csrf"

// cookieName prefixes a cookie with __Host- where the console is served over https: the
// browser then accepts it only Secure, for this host, on path /, so neither a sibling
// subdomain nor a plain-http page can plant or overwrite it.
func (h *Handler) cookieName(name string) string {
	if h.SecureCookies {
		return "__Host-" + name
	}
	return name
}

func (h *Handler) csrf(c *fiber.Ctx) error {
	token := utils.CopyString(c.Cookies(h.cookieName(csrfCookie)))
	if len(token) != 43 {
		token = h.setCSRFCookie(c)
	}
	c.Locals(localCSRF, token)
	switch c.Method() {
	case fiber.MethodGet, fiber.MethodHead, fiber.MethodOptions:
		return c.Next()
	}
	sent := c.Get("X-CSRF-Token")
	if sent == "" {
		sent = formBodyValue(c, "_csrf")
	}
	if !sameOrigin(c) || subtle.ConstantTimeCompare([]byte(sent), []byte(token)) != 1 {
		return render(c, fiber.StatusForbidden, views.ErrorPage(h.page(c, "Request refused", ""), 403,
			"This form has expired or did not come from this console. Reload the page and try again."))
	}
	return c.Next()
}

// setCSRFCookie issues a fresh token (also after login, so a planted token dies).
func (h *Handler) setCSRFCookie(c *fiber.Ctx) string {
	b := make([]byte, 32)
	rand.Read(b)
	token := base64.RawURLEncoding.EncodeToString(b)
	c.Cookie(&fiber.Cookie{Name: h.cookieName(csrfCookie), Value: token, Path: "/", HTTPOnly: true, Secure: h.SecureCookies, SameSite: fiber.CookieSameSiteStrictMode})
	c.Locals(localCSRF, token)
	return token
}

// formBodyValue reads a field from the request body only (urlencoded or multipart), never
// from the query string: a token in a URL leaks through logs, history and Referer.
func formBodyValue(c *fiber.Ctx, key string) string {
	if v := c.Request().PostArgs().Peek(key); v != nil {
		return string(v)
	}
	if mf, err := c.Request().MultipartForm(); err == nil {
		if vs := mf.Value[key]; len(vs) > 0 {
			return vs[0]
		}
	}
	return ""
}

func csrfToken(c *fiber.Ctx) string {
	t, _ := c.Locals(localCSRF).(string)
	return t
}

// sameOrigin accepts a missing Origin (older browsers, curl) and otherwise requires its host
// to be the one the request was sent to; scheme may differ behind a TLS-terminating proxy.
func sameOrigin(c *fiber.Ctx) bool {
	origin := c.Get(fiber.HeaderOrigin)
	if origin == "" {
		return true
	}
	u, err := url.Parse(origin)
	return err == nil && u.Host == string(c.Request().Host())
}
