package web

import (
	"errors"

	"github.com/gofiber/fiber/v2/utils"

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
	client := utils.CopyString(c.IP())
	if ok, _ := h.Throttle.Allow(client, h.Now()); !ok {
		return render(c, fiber.StatusTooManyRequests, views.SetupPage(h.page(c, "First run", ""), h.setupForm(views.FormErrors{"code": "Too many attempts. Try again later."})))
	}
	password, confirm := c.FormValue("password"), c.FormValue("confirm")
	errs := views.FormErrors{}
	if h.SetupCode == nil || !h.SetupCode.Check(c.FormValue("code")) {
		errs["code"] = "That is not the setup code. It is in the file named above, on the server."
	}
	if err := config.ValidatePassword(password); err != nil {
		errs["password"] = "The password " + err.Error() + "."
	} else if confirm != password {
		errs["confirm"] = "The two passwords differ."
	}
	if len(errs) > 0 {
		return render(c, fiber.StatusUnprocessableEntity, views.SetupPage(h.page(c, "First run", ""), h.setupForm(errs)))
	}
	h.Throttle.Reset(client)
	err := h.Auth.SetInitialPassword(c.UserContext(), password)
	if errors.Is(err, auth.ErrPasswordAlreadySet) {
		return redirect(c, "/login")
	}
	if err != nil {
		return err
	}
	h.Logger.Info("admin password set on first run", "request_id", requestIDOf(c))
	if err := h.SetupCode.Remove(); err != nil {
		h.Logger.Warn("first run: could not remove the setup code file", "err", err)
	}
	if err := h.startSession(c); err != nil {
		return err
	}
	return redirect(c, "/")
}

// setupForm fills the first-run form, naming where the setup code is.
func (h *Handler) setupForm(errs views.FormErrors) views.SetupForm {
	f := views.SetupForm{Errors: errs}
	if h.SetupCode != nil {
		f.CodeFile = h.SetupCode.Path()
	}
	return f
}
