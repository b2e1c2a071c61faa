package web

import (
	"io/fs"
	"mime"
	"path"

	"github.com/gofiber/fiber/v2"

	"toggl-attio-sync/static"
)

// staticServe serves embedded assets. Their URLs carry a version, so they are immutable.
func staticServe(c *fiber.Ctx) error {
	name := c.Params("*")
	data, err := fs.ReadFile(static.FS, name)
	if err != nil || name == "" {
		return fiber.ErrNotFound
	}
	c.Set(fiber.HeaderCacheControl, "public, max-age=31536000, immutable")
	c.Set(fiber.HeaderContentType, mime.TypeByExtension(path.Ext(name)))
	return c.Send(data)
}
