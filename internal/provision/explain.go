package provision

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"toggl-attio-sync/internal/attio"
	"toggl-attio-sync/internal/toggl"
)

// UserError is a failure worded for the admin; Err keeps the service's own words.
type UserError struct {
	Message string
	Err     error
}

func (e *UserError) Error() string { return e.Message }
func (e *UserError) Unwrap() error { return e.Err }

// Explain returns the words for the admin: a UserError's message, otherwise err's text.
func Explain(err error) string {
	var ue *UserError
	if errors.As(err, &ue) {
		return ue.Message
	}
	if err == nil {
		return ""
	}
	return err.Error()
}

// The 400 texts of POST/PUT/PATCH subscriptions (docs/api/toggl.md §1.2), verbatim patterns.
var (
	probeFailed   = regexp.MustCompile(`^URL endpoint (\S+) request failed with error: (.*)$`)
	probeStatus   = regexp.MustCompile(`^URL endpoint (\S+) responded with status (\d+) instead of`)
	enabledLimit  = regexp.MustCompile(`already reached the limit of (\d+) enabled subscriptions`)
	filterLimit   = regexp.MustCompile(`The limit of (\d+) event filters for your subscription has been exceeded`)
	descriptionIn = regexp.MustCompile(`^Subscription description '.*' is already in use`)
)

// isDescriptionInUse reports Toggl's "description … is already in use" answer.
func isDescriptionInUse(err error) bool {
	var a *toggl.APIError
	return errors.As(err, &a) && a.Status == 400 && descriptionIn.MatchString(a.Message())
}

// explainToggl words a Toggl webhook error for the admin.
func explainToggl(err error, publicURL string) error {
	var a *toggl.APIError
	if !errors.As(err, &a) {
		var n *toggl.NetworkError
		if errors.As(err, &n) {
			return &UserError{Message: "Toggl could not be reached from this service: " + n.Err.Error(), Err: err}
		}
		return err
	}
	msg := a.Message()
	switch {
	case probeFailed.MatchString(msg):
		m := probeFailed.FindStringSubmatch(msg)
		return &UserError{Err: err, Message: fmt.Sprintf(
			"Toggl could not reach this service at %s (%s). Toggl checks the webhook address when a subscription is created, "+
				"so PUBLIC_URL (now %s) must be an address Toggl can open from the internet: a public host name or a tunnel, not localhost or a private network.",
			m[1], plainNetError(m[2]), publicURL)}
	case probeStatus.MatchString(msg):
		m := probeStatus.FindStringSubmatch(msg)
		return &UserError{Err: err, Message: fmt.Sprintf(
			"Toggl reached %s, but it answered HTTP %s instead of 200. Check that PUBLIC_URL (now %s) leads to this service and that any proxy in front of it passes /webhooks/ through unchanged.",
			m[1], m[2], publicURL)}
	case enabledLimit.MatchString(msg):
		m := enabledLimit.FindStringSubmatch(msg)
		return &UserError{Err: err, Message: fmt.Sprintf(
			"Your Toggl plan allows %s enabled webhook subscription(s) per user in this workspace, and the token's user already has that many. "+
				"Disable or delete one in Toggl (or in an older installation of this service), or choose fewer event filters, then try again.", m[1])}
	case filterLimit.MatchString(msg):
		m := filterLimit.FindStringSubmatch(msg)
		return &UserError{Err: err, Message: fmt.Sprintf(
			"Your Toggl plan allows %s event filters per subscription; choose an option with fewer filters.", m[1])}
	case a.Status == 401 || a.Status == 403:
		return &UserError{Err: err, Message: "Toggl refused to manage webhooks for this token in this workspace (" + msg + "). The token's user must belong to the workspace."}
	}
	return &UserError{Err: err, Message: "Toggl answered " + fmt.Sprint(a.Status) + ": " + msg}
}

// plainNetError turns Go's transport errors into short words.
func plainNetError(s string) string {
	switch {
	case strings.Contains(s, "connection refused"):
		return "connection refused: nothing listens there"
	case strings.Contains(s, "no such host"):
		return "the host name does not resolve"
	case strings.Contains(s, "timeout") || strings.Contains(s, "deadline exceeded"):
		return "no answer in time"
	case strings.Contains(s, "certificate"):
		return "its TLS certificate is not trusted"
	}
	return s
}

// explainAttioWebhook words an Attio webhook error for the admin.
func explainAttioWebhook(err error, target string) error {
	e, ok := attio.AsAPIError(err)
	if !ok {
		return err
	}
	switch {
	case e.HTTPStatus == 400 && strings.HasPrefix(target, "http://"):
		return &UserError{Err: err, Message: "Attio only delivers webhooks to https addresses, and PUBLIC_URL makes the target " + target +
			". Set PUBLIC_URL to an https address to get Attio → Toggl sync; Toggl → Attio works without it."}
	case e.HTTPStatus == 401 || e.HTTPStatus == 403:
		return &UserError{Err: err, Message: "Attio refused to manage webhooks for this token (" + e.Message + "); it needs the webhook:read-write scope."}
	}
	return &UserError{Err: err, Message: "Attio answered " + fmt.Sprint(e.HTTPStatus) + ": " + e.Message}
}
