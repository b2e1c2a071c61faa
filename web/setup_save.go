package web

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"toggl-attio-sync/internal/auth"
	"toggl-attio-sync/internal/config"
	"toggl-attio-sync/views"
)

// setupSave stores the first admin password and logs the browser in.
func (h *Handler) setupSave(c *fiber.Ctx) error {
	// Refuse before hashing: a password is set once, and hashing costs the CPU of a login.
	if has, err := h.Auth.HasPassword(c.UserContext()); err != nil || has {
		if err != nil {
			return err
		}
		return redirect(c, "/login")
	}
	password, confirm := c.FormValue("password"), c.FormValue("confirm")
	errs := views.FormErrors{}
	if err := config.ValidatePassword(password); err != nil {
		errs["password"] = "The password " + err.Error() + "."
	} else if confirm != password {
		errs["confirm"] = "The two passwords differ."
	}
	if len(errs) > 0 {
		return render(c, fiber.StatusUnprocessableEntity, views.SetupPage(h.page(c, "First run", ""), views.SetupForm{Errors: errs}))
	}
	err := h.Auth.SetInitialPassword(c.UserContext(), password)
	if errors.Is(err, auth.ErrPasswordAlreadySet) {
		return redirect(c, "/login")
	}
	if err != nil {
		return err
	}
	h.Logger.Info("admin password set on first run", "request_id", requestIDOf(c))
	if err := h.startSession(c); err != nil {
		return err
	}
	return redirect(c, "/")
}
