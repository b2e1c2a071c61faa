package web

import (
	"context"
	"fmt"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"toggl-attio-sync/views"
)

// connectionList shows every connection with its state, and the form for a new one. It reads
// only the local database.
func (h *Handler) connectionList(c *fiber.Ctx) error {
	list, err := h.connectionListData(c.UserContext())
	if err != nil {
		return err
	}
	return render(c, fiber.StatusOK, views.ConnectionListPage(h.page(c, "Connection", "connection"), list))
}

func (h *Handler) connectionListData(ctx context.Context) (views.ConnectionList, error) {
	conns, err := h.Connections.List(ctx)
	if err != nil {
		return views.ConnectionList{}, err
	}
	var l views.ConnectionList
	for _, conn := range conns {
		subs, err := h.subscriptionRows(ctx, conn.ID)
		if err != nil {
			return l, err
		}
		enabled, validated := 0, 0
		for _, s := range subs {
			if s.Enabled {
				enabled++
			}
			if s.Validated {
				validated++
			}
		}
		hooks, err := h.Connections.AttioWebhooks(ctx, conn.ID)
		if err != nil {
			return l, err
		}
		webhook := "none"
		if len(hooks) > 0 {
			webhook = hooks[0].Status
		}
		row := views.ConnectionRow{ID: conn.ID, Name: conn.Name, Status: conn.Status, AttioWorkspace: conn.AttioWorkspaceID, Webhook: webhook,
			TogglWorkspace: strconv.FormatInt(conn.TogglWorkspaceID, 10),
			Subscriptions:  fmt.Sprintf("%d: %d enabled, %d validated", len(subs), enabled, validated)}
		l.Rows = append(l.Rows, row)
	}
	return l, nil
}
