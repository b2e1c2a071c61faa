package e2e

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"toggl-attio-sync/internal/testrig"
)

const password = "correct horse battery"

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(sel))
	must(t, err)
	return s
}

func location(t *testing.T, ctx context.Context) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Location())
	must(t, err)
	return s
}

// A person's first visit: setup, the console, logout, a wrong password, login again.
func TestBrowserFirstRunLoginLogout(t *testing.T) {
	rig := testrig.Start(t, testrig.Options{})
	ctx := testrig.Chromium(t)

	must(t, chromedp.Do(ctx,
		chromedp.Navigate(rig.URL+"/"),
		chromedp.WaitVisible("#setup-form"),
		chromedp.SendKeys("#code", rig.App.SetupCode.Code()),
		chromedp.SendKeys("#password", "too short"),
		chromedp.SendKeys("#confirm", "too short"),
		chromedp.Submit("#setup-form"),
		chromedp.WaitVisible("#password-error"),
	))
	if got := text(t, ctx, "#password-error"); !strings.Contains(got, "at least 10 characters") {
		t.Fatalf("setup error beside the field: %q", got)
	}
	must(t, chromedp.Do(ctx,
		chromedp.SendKeys("#code", rig.App.SetupCode.Code()),
		chromedp.SendKeys("#password", password),
		chromedp.SendKeys("#confirm", password),
		chromedp.Submit("#setup-form"),
		chromedp.WaitVisible("#not-configured"),
	))
	if got := text(t, ctx, "h1"); got != "Dashboard" {
		t.Fatalf("after setup h1 = %q", got)
	}

	must(t, chromedp.Do(ctx, chromedp.Click("#logout"), chromedp.WaitVisible("#login-form")))
	if loc := location(t, ctx); !strings.HasSuffix(loc, "/login") {
		t.Fatalf("after logout at %s", loc)
	}
	must(t, chromedp.Do(ctx, chromedp.Navigate(rig.URL+"/audit"), chromedp.WaitVisible("#login-form")))

	must(t, chromedp.Do(ctx,
		chromedp.SendKeys("#password", "not the password"),
		chromedp.Submit("#login-form"),
		chromedp.WaitVisible("#password-error"),
	))
	if got := text(t, ctx, "#password-error"); got != "Wrong password." {
		t.Fatalf("wrong password message: %q", got)
	}
	must(t, chromedp.Do(ctx,
		chromedp.SendKeys("#password", password),
		chromedp.Submit("#login-form"),
		chromedp.WaitVisible("#not-configured"),
	))
	must(t, chromedp.Do(ctx, chromedp.Click(`nav a[href="/audit"]`), chromedp.WaitVisible(`nav a[aria-current="page"][href="/audit"]`)))
	if got := text(t, ctx, "#not-configured"); !strings.Contains(got, "Not configured") {
		t.Fatalf("audit page: %q", got)
	}
}

// A page on another origin posts to the console while the user is logged in: the browser
// sends no SameSite=Strict CSRF cookie and no token, so the request is refused.
func TestBrowserForgedPostRefused(t *testing.T) {
	rig := testrig.Start(t, testrig.Options{Env: map[string]string{"ADMIN_PASSWORD": password}})
	evil := http.NewServeMux()
	evil.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprintf(w, `<form id="f" method="post" action="%s/logout"><input name="x" value="1"></form>`, rig.URL)
	})
	evilSrv := testrig.Serve(t, evil)

	ctx := testrig.Chromium(t)
	must(t, chromedp.Do(ctx,
		chromedp.Navigate(rig.URL+"/login"),
		chromedp.WaitVisible("#login-form"),
		chromedp.SendKeys("#password", password),
		chromedp.Submit("#login-form"),
		chromedp.WaitVisible("#not-configured"),
	))
	must(t, chromedp.Do(ctx,
		chromedp.Navigate(evilSrv),
		chromedp.WaitVisible("#f"),
		chromedp.Submit("#f"),
		chromedp.WaitVisible("#error"),
	))
	if got := text(t, ctx, "#error"); !strings.Contains(got, "did not come from this console") {
		t.Fatalf("forged post answer: %q", got)
	}
	// Still logged in: the forged logout did nothing.
	must(t, chromedp.Do(ctx, chromedp.Navigate(rig.URL+"/"), chromedp.WaitVisible("#not-configured")))

	// And the same POST without a token from a plain client is refused too.
	resp, err := http.Post(rig.URL+"/logout", "application/x-www-form-urlencoded", strings.NewReader("x=1"))
	must(t, err)
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("tokenless POST: %d", resp.StatusCode)
	}
}
