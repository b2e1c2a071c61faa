package web

import (
	"errors"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"toggl-attio-sync/internal/provision"
	"toggl-attio-sync/views"
)

// connectionCreate is the wizard's token step (provision.Create): it checks two pasted tokens
// (Toggl GET /me and workspaces, Attio GET /v2/self and its scopes) and, when both work,
// stores them encrypted in a new connection and continues to its page. Errors are shown
// beside the fields; tokens are never echoed back.
func (h *Handler) connectionCreate(c *fiber.Ctx) error {
	tt := strings.TrimSpace(c.FormValue("toggl_token"))
	at := strings.TrimSpace(c.FormValue("attio_token"))
	form := views.TokenForm{Name: strings.TrimSpace(c.FormValue("name")), Errors: views.FormErrors{}}
	if tt == "" {
		form.Errors["toggl_token"] = "Paste the Toggl API token."
	}
	if at == "" {
		form.Errors["attio_token"] = "Paste the Attio access token."
	}
	if len([]rune(form.Name)) > 100 {
		form.Errors["name"] = "At most 100 characters."
	}
	if len(form.Errors) > 0 {
		return h.tokenFormError(c, form)
	}
	ctx, cancel := callContext(c)
	defer cancel()
	conn, err := provision.Create(ctx, h.connectDeps(), provision.ConnectInput{TogglToken: tt, AttioToken: at, Name: form.Name})
	var refused *provision.TokensRefused
	if errors.As(err, &refused) {
		if refused.Check.TogglError != "" {
			form.Errors["toggl_token"] = refused.Check.TogglError
		}
		if refused.Check.AttioError != "" {
			form.Errors["attio_token"] = refused.Check.AttioError
			form.MissingScopes = refused.Check.MissingScopes
		}
		return h.tokenFormError(c, form)
	}
	if err != nil {
		return err
	}
	h.Logger.Info("connection created", "connection", conn.ID, "toggl_workspace", conn.TogglWorkspaceID, "attio_workspace", conn.AttioWorkspaceID, "request_id", requestIDOf(c))
	return redirect(c, "/connection/"+strconv.FormatInt(conn.ID, 10))
}

func (h *Handler) tokenFormError(c *fiber.Ctx, form views.TokenForm) error {
	list, err := h.connectionListData(c.UserContext())
	if err != nil {
		return err
	}
	list.Form = form
	return render(c, fiber.StatusUnprocessableEntity, views.ConnectionListPage(h.page(c, "Connection", "connection"), list))
}
