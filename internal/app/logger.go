package app

import (
	"io"
	"log/slog"
	"strings"
)

// NewLogger builds the process logger. As a second line of defence after "never pass a
// secret to the logger", attributes whose names suggest a secret are redacted.
func NewLogger(w io.Writer, format string, level slog.Leveler) *slog.Logger {
	opts := &slog.HandlerOptions{Level: level, ReplaceAttr: redactSecrets}
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

func redactSecrets(_ []string, a slog.Attr) slog.Attr {
	k := strings.ToLower(a.Key)
	for _, word := range []string{"token", "secret", "password", "authorization", "cookie"} {
		if strings.Contains(k, word) {
			return slog.String(a.Key, "[redacted]")
		}
	}
	return a
}
