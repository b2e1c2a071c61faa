package web

import (
	"net/netip"
	"testing"
)

func TestRealClient(t *testing.T) {
	proxies := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("::1/128")}
	cases := []struct {
		name, peer, xff, want string
		trusted               []netip.Prefix
	}{
		{"no proxies trusted: the header is ignored", "10.0.0.5", "203.0.113.7", "10.0.0.5", nil},
		{"untrusted peer cannot claim an address", "198.51.100.9", "203.0.113.7", "198.51.100.9", proxies},
		{"trusted proxy: the client it saw", "10.0.0.5", "203.0.113.7", "203.0.113.7", proxies},
		{"client-supplied left part is not believed", "10.0.0.5", "1.2.3.4, 203.0.113.7", "203.0.113.7", proxies},
		{"chain of trusted proxies", "10.0.0.5", "203.0.113.7, 10.1.1.1, 10.2.2.2", "203.0.113.7", proxies},
		{"unreadable hop stops at the proxy", "10.0.0.5", "203.0.113.7, garbage", "10.0.0.5", proxies},
		{"only proxies in the header", "10.0.0.5", "10.9.9.9", "10.9.9.9", proxies},
		{"trusted peer without the header", "10.0.0.5", "", "10.0.0.5", proxies},
		{"ipv6 loopback proxy", "::1", "2001:db8::1", "2001:db8::1", proxies},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := realClient(netip.MustParseAddr(c.peer), c.xff, c.trusted); got != c.want {
				t.Fatalf("got %s, want %s", got, c.want)
			}
		})
	}
}
