// Package static serves the console's assets from the binary. Every URL carries a version
// (htmx's in its file name, our CSS a content hash), so responses are cached for a year.
package static

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
)

//go:embed htmx-2.0.11.min.js app.css
var files embed.FS

// HTMX is the pinned htmx file (npm htmx.org@2.0.11, checksum in README.md).
const HTMX = "htmx-2.0.11.min.js"

// FS holds the embedded assets.
var FS fs.FS = files

// CSSVersion is a short content hash of app.css for cache busting.
var CSSVersion = func() string {
	b, err := files.ReadFile("app.css")
	if err != nil {
		panic(err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:4])
}()

// CSSURL and HTMXURL are the paths pages link to.
var (
	CSSURL  = "/static/app.css?v=" + CSSVersion
	HTMXURL = "/static/" + HTMX
)
