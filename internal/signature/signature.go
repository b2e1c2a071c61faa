// Package signature computes and checks the HMAC-SHA256 signatures that Toggl and Attio put on
// their webhook deliveries. It is pure: no I/O, no parsing of the body it signs.
//
// Toggl (docs/api/toggl.md §3): header X-Webhook-Signature-256, value "sha256=" + lowercase hex
// HMAC-SHA256(key = subscription secret, msg = raw body).
// Attio (docs/api/attio.md §5 Delivery): header Attio-Signature (and X-Attio-Signature), value
// lowercase hex HMAC-SHA256(key = webhook secret, msg = raw body), no prefix, no timestamp.
package signature

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// TogglHeader is the header Toggl signs its deliveries with.
const TogglHeader = "X-Webhook-Signature-256"

// AttioHeader and AttioLegacyHeader carry the same Attio signature.
const (
	AttioHeader       = "Attio-Signature"
	AttioLegacyHeader = "X-Attio-Signature"
)

const togglPrefix = "sha256="

func mac(secret, body []byte) []byte {
	h := hmac.New(sha256.New, secret)
	h.Write(body)
	return h.Sum(nil)
}

// SignToggl returns the X-Webhook-Signature-256 header value for body.
func SignToggl(secret string, body []byte) string {
	return togglPrefix + hex.EncodeToString(mac([]byte(secret), body))
}

// VerifyToggl reports whether header is a valid Toggl signature of body under secret.
// The comparison is constant-time over the decoded MAC; an empty secret never verifies.
func VerifyToggl(secret string, body []byte, header string) bool {
	if secret == "" || !strings.HasPrefix(header, togglPrefix) {
		return false
	}
	return verifyHex(secret, body, strings.TrimPrefix(header, togglPrefix))
}

// SignAttio returns the Attio-Signature header value for body.
func SignAttio(secret string, body []byte) string {
	return hex.EncodeToString(mac([]byte(secret), body))
}

// VerifyAttio reports whether header is a valid Attio signature of body under secret.
func VerifyAttio(secret string, body []byte, header string) bool {
	if secret == "" {
		return false
	}
	return verifyHex(secret, body, header)
}

func verifyHex(secret string, body []byte, hexSig string) bool {
	got, err := hex.DecodeString(hexSig)
	if err != nil || len(got) != sha256.Size {
		return false
	}
	return hmac.Equal(got, mac([]byte(secret), body))
}
