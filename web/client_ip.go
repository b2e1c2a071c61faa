package web

import (
	"net/netip"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// clientAddress is who sent the request: the peer, or, when the peer is a trusted proxy,
// the nearest address in X-Forwarded-For that is not itself a trusted proxy (read from the
// right: the left part is whatever the client claimed).
func (h *Handler) clientAddress(c *fiber.Ctx) string {
	peer, _ := netip.AddrFromSlice(c.Context().RemoteIP())
	return realClient(peer.Unmap(), c.Get(fiber.HeaderXForwardedFor), h.TrustedProxies)
}

// realClient is clientAddress's rule, without I/O.
func realClient(peer netip.Addr, forwardedFor string, trusted []netip.Prefix) string {
	if !isTrusted(peer, trusted) || forwardedFor == "" {
		return peer.String()
	}
	hops := strings.Split(forwardedFor, ",")
	for i := len(hops) - 1; i >= 0; i-- {
		addr, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			// A hop we cannot read: the last trusted proxy is as far as we can believe.
			return peer.String()
		}
		addr = addr.Unmap()
		if !isTrusted(addr, trusted) {
			return addr.String()
		}
		peer = addr
	}
	return peer.String()
}

func isTrusted(a netip.Addr, trusted []netip.Prefix) bool {
	for _, p := range trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}
