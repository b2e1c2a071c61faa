package web

import (
	"encoding/json"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// safeHeaderNames are the request headers the audit keeps. Signatures, cookies and
// authorization never go into audit rows; their presence is noted instead.
var safeHeaderNames = []string{"Content-Type", "Content-Length", "User-Agent", "Idempotency-Key", "X-Request-Id"}

var presenceOnly = []string{"X-Webhook-Signature-256", "Attio-Signature", "X-Attio-Signature", "Authorization", "Cookie"}

func safeHeaders(c *fiber.Ctx) map[string]string {
	out := map[string]string{}
	for _, name := range safeHeaderNames {
		if v := c.Get(name); v != "" {
			out[name] = strings.Clone(v)
		}
	}
	for _, name := range presenceOnly {
		if c.Get(name) != "" {
			out[name] = "(present, not stored)"
		}
	}
	return out
}

func safeHeadersJSON(c *fiber.Ctx) string {
	b, _ := json.Marshal(safeHeaders(c))
	return string(b)
}
