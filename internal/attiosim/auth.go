package attiosim

import (
	"encoding/base64"
	"net/http"
	"slices"
	"strings"
	"time"
)

// Scopes, exact strings from docs/api/attio.md §1 "Scopes (exact strings) [SPEC securitySchemes]".
var allScopes = []string{
	"user_management:read-write", "record_permission:read-write", "object_configuration:read-write",
	"list_entry:read-write", "list_configuration:read-write", "public_collection:read-write",
	"private_collection:read-write", "comment:read-write", "task:read-write", "note:read-write",
	"webhook:read-write",
}

// AllScopes returns every read-write scope, which implies the matching read scope.
func AllScopes() []string { return slices.Clone(allScopes) }

func validScope(s string) bool {
	for _, full := range allScopes {
		base := strings.TrimSuffix(full, ":read-write")
		if s == base+":read" || s == base+":read-write" {
			return true
		}
	}
	return false
}

type token struct {
	value    string
	actorID  string // the api-token actor id in created_by_actor and webhook events
	memberID string // non-empty for a member token: it acts as this workspace member instead
	clientID string
	scopes   []string
	active   bool
	issuedAt time.Time
}

// has reports whether the token grants scope; "x:read-write" also grants "x:read".
func (t *token) has(scope string) bool {
	for _, s := range t.scopes {
		if s == scope || (strings.HasSuffix(scope, ":read") && s == scope+"-write") {
			return true
		}
	}
	return false
}

// actor is who the token's writes are made by: its own api-token actor, or for a member token
// the workspace member it stands for.
func (t *token) actor() actor {
	if t.memberID != "" {
		return actor{Type: "workspace-member", ID: t.memberID}
	}
	return actor{Type: "api-token", ID: t.actorID}
}

// Token describes an access token known to the emulator.
type Token struct {
	Value     string
	ActorType string // "api-token", or "workspace-member" for a member token
	ActorID   string // id of the actor that writes with this token carry
	Scopes    []string
	Active    bool
}

// AddToken registers an access token with the given scopes (see AllScopes) and returns it.
// Re-adding a token replaces its scopes and reactivates it but keeps its actor id. Unknown
// scope strings panic: they are test bugs.
func (s *Sim) AddToken(value string, scopes ...string) Token {
	for _, sc := range scopes {
		if !validScope(sc) {
			panic("attiosim: unknown scope " + sc)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.tokens[value]
	if !ok {
		t = &token{value: value, actorID: s.rnd.newID(), clientID: s.rnd.newID(), issuedAt: s.clock.Now()}
		s.tokens[value] = t
	}
	t.scopes, t.active = slices.Clone(scopes), true
	return t.export()
}

// AddMemberToken registers a token that acts as a new workspace member (a person named first
// last): writes made with it carry {"type":"workspace-member","id":<member id>} in
// created_by_actor and webhook events, as the same change made in Attio's web app would
// (docs/api/attio.md §3 actor types). Real Attio issues no such token, since API writes always carry an
// api-token actor; the emulator has it so tests and the demo can act as a person over HTTP.
// The member id is derived from value, so a seeded member keeps its id across runs.
// Re-adding replaces the scopes and reactivates the token.
func (s *Sim) AddMemberToken(value, first, last string, scopes ...string) Token {
	for _, sc := range scopes {
		if !validScope(sc) {
			panic("attiosim: unknown scope " + sc)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.tokens[value]
	if !ok {
		m := &member{id: stableID("member/" + s.workspace.slug + "/token/" + value), first: first, last: last,
			email: strings.ToLower(first) + "@" + s.workspace.slug + ".test", accessLevel: "member", createdAt: s.clock.Now()}
		s.members = append(s.members, m)
		t = &token{value: value, actorID: m.id, memberID: m.id, clientID: s.rnd.newID(), issuedAt: s.clock.Now()}
		s.tokens[value] = t
	}
	t.scopes, t.active = slices.Clone(scopes), true
	return t.export()
}

// RevokeToken marks a token inactive: API calls get 401 and GET /v2/self answers
// {"active": false} (docs/api/attio.md §1 "inactive token: {"active": false}").
func (s *Sim) RevokeToken(value string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t, ok := s.tokens[value]; ok {
		t.active = false
	}
}

// Tokens lists the registered tokens.
func (s *Sim) Tokens() []Token {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Token, 0, len(s.tokens))
	for _, t := range s.tokens {
		out = append(out, t.export())
	}
	slices.SortFunc(out, func(a, b Token) int { return strings.Compare(a.Value, b.Value) })
	return out
}

func (t *token) export() Token {
	a := t.actor()
	return Token{Value: t.value, ActorType: a.Type, ActorID: a.ID, Scopes: slices.Clone(t.scopes), Active: t.active}
}

// credential extracts the token from "Authorization: Bearer <token>" or HTTP Basic with the
// token as username and an empty password (docs/api/attio.md §1 "HTTP Basic also accepted (username =
// token, empty password), Bearer recommended").
func credential(r *http.Request) (string, bool) {
	h := r.Header.Get("Authorization")
	scheme, rest, _ := strings.Cut(h, " ")
	rest = strings.TrimSpace(rest)
	switch {
	case strings.EqualFold(scheme, "Bearer") && rest != "":
		return rest, true
	case strings.EqualFold(scheme, "Basic") && rest != "":
		raw, err := base64.StdEncoding.DecodeString(rest)
		if err != nil {
			return "", false
		}
		user, pass, ok := strings.Cut(string(raw), ":")
		if !ok || user == "" || pass != "" {
			return "", false
		}
		return user, true
	}
	return "", false
}

// errUnauthorized: docs/api/attio.md §1 "401 body (UNCONFIRMED …): {"status_code":401,"type":"auth_error",
// "code":"unauthorized","message":"…"}".
func errUnauthorized(msg string) *apiError {
	return &apiError{Status: http.StatusUnauthorized, Type: "auth_error", Code: "unauthorized", Message: msg}
}

// lookupToken returns the registered token for the request, active or not.
func (s *Sim) lookupToken(r *http.Request) (*token, *apiError) {
	value, ok := credential(r)
	if !ok {
		return nil, errUnauthorized("Missing or malformed Authorization header. Use \"Authorization: Bearer <access_token>\".")
	}
	s.mu.Lock()
	t := s.tokens[value]
	s.mu.Unlock()
	if t == nil {
		return nil, errUnauthorized("Invalid access token.")
	}
	return t, nil
}

// authenticate accepts only known, active tokens (docs/api/attio.md checklist "Accept Authorization:
// Bearer (and Basic token:""), 401 auth_error/unauthorized otherwise").
func (s *Sim) authenticate(r *http.Request) (*token, *apiError) {
	t, e := s.lookupToken(r)
	if e != nil {
		return nil, e
	}
	s.mu.Lock()
	active := t.active
	s.mu.Unlock()
	if !active {
		return nil, errUnauthorized("This access token has been revoked.")
	}
	return t, nil
}

// checkScopes enforces the per-operation "Required scopes" (docs/api/attio.md §1 "per-op scopes in
// security and in each description"). Status and code are Compat.MissingScope* (UNCONFIRMED).
func (s *Sim) checkScopes(t *token, need []string) *apiError {
	s.mu.Lock()
	defer s.mu.Unlock()
	var missing []string
	for _, sc := range need {
		if !t.has(sc) {
			missing = append(missing, sc)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	return &apiError{
		Status:  s.cfg.Compat.MissingScopeStatus,
		Type:    "auth_error",
		Code:    s.cfg.Compat.MissingScopeCode,
		Message: "This access token is missing the required scopes: " + strings.Join(missing, ", ") + ".",
	}
}

// handleSelf answers GET /v2/self, not wrapped in data (docs/api/attio.md §1 "GET /v2/self ("Identify")
// Not wrapped in data — the 200 body is top-level").
func (s *Sim) handleSelf(w http.ResponseWriter, r *http.Request) {
	t, e := s.lookupToken(r)
	if e != nil {
		s.stats.status(e.Status)
		writeError(w, e)
		return
	}
	if s.rateLimited(w, r, t) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stats.status(http.StatusOK)
	if !t.active {
		writeJSON(w, http.StatusOK, map[string]any{"active": false}) // docs/api/attio.md §1 "inactive token"
		return
	}
	// docs/api/attio.md §1 "active token — all required: active, scope (string, space-separated — not
	// scopes), client_id, token_type ("Bearer"), exp, iat, sub (= workspace_id), aud, iss
	// ("attio.com"), authorized_by_workspace_member_id, workspace_id, workspace_name,
	// workspace_slug, workspace_logo_url".
	// A member token was authorised by the member it acts as; an API token by the owner.
	authorizedBy := s.members[0].id
	if t.memberID != "" {
		authorizedBy = t.memberID
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"active":                            true,
		"scope":                             strings.Join(t.scopes, " "),
		"client_id":                         t.clientID,
		"token_type":                        "Bearer",
		"exp":                               nil,
		"iat":                               t.issuedAt.Unix(),
		"sub":                               s.workspace.id,
		"aud":                               t.clientID,
		"iss":                               "attio.com",
		"authorized_by_workspace_member_id": authorizedBy,
		"workspace_id":                      s.workspace.id,
		"workspace_name":                    s.workspace.name,
		"workspace_slug":                    s.workspace.slug,
		"workspace_logo_url":                nil,
	})
}
