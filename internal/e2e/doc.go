// Package e2e holds end-to-end tests that drive the console in a real Chromium (chromedp)
// against the whole service started by internal/testrig.
package e2e
