package demo

import (
	"fmt"
	"log/slog"
	"math/rand/v2"

	"toggl-attio-sync/internal/attiosim"
	"toggl-attio-sync/internal/togglsim"
)

// activity makes up what a small agency does all day: people start and stop timers, fix
// descriptions, delete a mistaken entry, and now and then someone adds a Project in Attio
// (which outbound sync then creates in Toggl). Every change goes through the emulators' APIs,
// so it produces the same webhooks real use would.
type activity struct {
	toggl  *togglsim.Sim
	attio  *attiosim.Sim
	rnd    *rand.Rand
	logger *slog.Logger
	steps  int
	made   []int64 // entries this demo created: the only ones it edits or deletes
}

var people = []string{togglsim.SeedAdaToken, togglsim.SeedBenToken, togglsim.SeedChloeToken}

var tasks = []string{"Client call", "Design review", "Bug fixing", "Sprint planning", "Copywriting", "QA pass", "Research", "Deploy"}

func newActivity(t *togglsim.Sim, a *attiosim.Sim, rnd *rand.Rand, logger *slog.Logger) *activity {
	return &activity{toggl: t, attio: a, rnd: rnd, logger: logger}
}

// step does one thing and says what.
func (a *activity) step() (string, error) {
	a.steps++
	if a.steps%8 == 0 {
		return a.newAttioProject()
	}
	switch n := a.rnd.IntN(100); {
	case n < 35:
		return a.startTimer()
	case n < 65:
		return a.stopTimer()
	case n < 88:
		return a.editEntry()
	default:
		return a.deleteEntry()
	}
}

func (a *activity) userID(token string) int64 {
	for _, u := range a.toggl.Users() {
		if u.APIToken == token {
			return u.ID
		}
	}
	return 0
}

func (a *activity) running(uid int64) (togglsim.TimeEntry, bool) {
	for _, e := range a.toggl.TimeEntries() {
		if e.UserID == uid && e.Running() && e.DeletedAt == nil {
			return e, true
		}
	}
	return togglsim.TimeEntry{}, false
}

func (a *activity) projects() []togglsim.Project {
	var out []togglsim.Project
	for _, p := range a.toggl.Projects() {
		if p.Active && p.WorkspaceID == togglsim.SeedWorkspaceID {
			out = append(out, p)
		}
	}
	return out
}

// startTimer starts a timer for someone who has none running (Toggl stops a running one
// itself otherwise).
func (a *activity) startTimer() (string, error) {
	token := people[a.rnd.IntN(len(people))]
	if _, ok := a.running(a.userID(token)); ok {
		return a.stopTimer()
	}
	ps := a.projects()
	if len(ps) == 0 {
		return "", fmt.Errorf("no project to track time on")
	}
	p := ps[a.rnd.IntN(len(ps))]
	desc := tasks[a.rnd.IntN(len(tasks))]
	e, err := a.toggl.StartTimer(token, togglsim.SeedWorkspaceID, p.ID, desc)
	if err != nil {
		return "", err
	}
	a.made = append(a.made, e.ID)
	return fmt.Sprintf("timer started: %q on %s", desc, p.Name), nil
}

func (a *activity) stopTimer() (string, error) {
	for _, i := range a.rnd.Perm(len(people)) {
		uid := a.userID(people[i])
		if e, ok := a.running(uid); ok {
			if _, err := a.toggl.StopTimer(people[i], togglsim.SeedWorkspaceID, e.ID); err != nil {
				return "", err
			}
			return fmt.Sprintf("timer stopped: %q", e.Description), nil
		}
	}
	return a.startTimer()
}

// live returns a stopped entry this demo made, with the token of its owner.
func (a *activity) live() (togglsim.TimeEntry, string, bool) {
	for _, i := range a.rnd.Perm(len(a.made)) {
		e, ok := a.toggl.TimeEntry(a.made[i])
		if !ok || e.DeletedAt != nil || e.Running() {
			continue
		}
		for _, tok := range people {
			if a.userID(tok) == e.UserID {
				return e, tok, true
			}
		}
	}
	return togglsim.TimeEntry{}, "", false
}

func (a *activity) editEntry() (string, error) {
	e, tok, ok := a.live()
	if !ok {
		return a.startTimer()
	}
	desc := e.Description + " (edited)"
	if len(desc) > 60 {
		desc = tasks[a.rnd.IntN(len(tasks))]
	}
	if _, err := a.toggl.UpdateTimeEntry(tok, togglsim.SeedWorkspaceID, e.ID, map[string]any{"description": desc, "billable": !e.Billable}); err != nil {
		return "", err
	}
	return fmt.Sprintf("entry edited: %q", desc), nil
}

func (a *activity) deleteEntry() (string, error) {
	e, tok, ok := a.live()
	if !ok {
		return a.startTimer()
	}
	if err := a.toggl.DeleteTimeEntry(tok, togglsim.SeedWorkspaceID, e.ID); err != nil {
		return "", err
	}
	return fmt.Sprintf("entry deleted: %q", e.Description), nil
}

// newAttioProject adds a Project to a random Company in Attio, as someone in sales would.
func (a *activity) newAttioProject() (string, error) {
	companies := a.attio.Records("companies")
	if len(companies) == 0 {
		return "", fmt.Errorf("no company in Attio")
	}
	c := companies[a.rnd.IntN(len(companies))]
	name := fmt.Sprintf("%s %d", []string{"Website refresh", "Onboarding", "Audit", "Campaign", "Integration"}[a.rnd.IntN(5)], a.steps)
	_, err := a.attio.CreateRecord("projects", map[string]any{
		"name":    []any{name},
		"company": []any{map[string]any{"target_object": "companies", "target_record_id": c.ID}},
		"type":    []any{"hourly"},
		"status":  []any{"active"},
	})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("Attio project created: %q", name), nil
}
