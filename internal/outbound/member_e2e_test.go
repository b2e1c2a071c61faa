package outbound_test

import (
	"context"
	"testing"

	"toggl-attio-sync/internal/attio"
	"toggl-attio-sync/internal/attiosim"
)

// A person creating a Project over the API with the emulator's member token (as they would in
// Attio's web app) is a workspace-member actor: the service links it, it is not taken for an
// echo of its own writes. The same change made with the service's own token is.
func memberTokenChangeIsNotAnEcho(t *testing.T, f *fixture) {
	ctx := context.Background()
	company := f.company(t, "Kramerica Industries")
	member, err := attio.New(attio.Options{BaseURL: f.AttioURL, AccessToken: attiosim.SeedMemberToken})
	must(t, err)
	values := func(name string) attio.Values {
		return attio.Values{}.Set("name", attio.Text(name)).Set("company", attio.RecordRef("companies", company))
	}
	rec, err := member.CreateRecord(ctx, "projects", values("Coffee table books"))
	must(t, err)
	f.settle(t)
	f.checkLinked(t, "Kramerica Industries", company, map[string]string{"Coffee table books": rec.ID.RecordID})
	if n := f.entityAudit(t, rec.ID.RecordID, "skipped", "record.created made by this service's own Attio token"); n != 0 {
		t.Fatalf("the member's record.created was taken for the service's own echo\n%s", f.audit(t))
	}

	own, err := attio.New(attio.Options{BaseURL: f.AttioURL, AccessToken: attiosim.SeedToken})
	must(t, err)
	mine, err := own.CreateRecord(ctx, "projects", values("Coffee table sequels"))
	must(t, err)
	f.settle(t)
	if n := f.entityAudit(t, mine.ID.RecordID, "skipped", "record.created made by this service's own Attio token"); n < 1 {
		t.Fatalf("a Project made with the service's own token was not skipped as its echo\n%s", f.audit(t))
	}
}
