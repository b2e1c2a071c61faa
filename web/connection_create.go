package web

import (
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"toggl-attio-sync/internal/provision"
	"toggl-attio-sync/views"
)

// connectionCreate checks two pasted tokens (Toggl GET /me and workspaces, Attio GET
// /v2/self and its scopes) and, when both work, stores them encrypted in a new connection and
// continues to its page. Errors are shown beside the fields; tokens are never echoed back.
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
	tc, err := h.togglClient(tt)
	if err != nil {
		return err
	}
	ac, err := h.attioClient(at)
	if err != nil {
		return err
	}
	ctx, cancel := callContext(c)
	defer cancel()
	check, err := provision.CheckTokens(ctx, tc, ac)
	if err != nil {
		form.Errors["toggl_token"] = provision.Explain(err)
		return h.tokenFormError(c, form)
	}
	if check.TogglError != "" {
		form.Errors["toggl_token"] = check.TogglError
	}
	if check.AttioError != "" {
		form.Errors["attio_token"] = check.AttioError
		form.MissingScopes = check.MissingScopes
	}
	if len(form.Errors) > 0 {
		return h.tokenFormError(c, form)
	}

	ws := check.Workspaces[0]
	for _, w := range check.Workspaces {
		if w.ID == check.Me.DefaultWorkspaceID {
			ws = w
		}
	}
	name := form.Name
	if name == "" {
		name = ws.Name + " ↔ " + check.Self.WorkspaceName
	}
	conn, err := h.Connections.Create(c.UserContext(), name)
	if err != nil {
		return err
	}
	if err := h.Connections.SetTokens(c.UserContext(), conn, tt, at, ws.ID, check.Self.WorkspaceID); err != nil {
		return err
	}
	h.Logger.Info("connection created", "connection", conn.ID, "toggl_workspace", ws.ID, "attio_workspace", check.Self.WorkspaceID, "request_id", requestIDOf(c))
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
