package togglsim

import (
	"net/http"
)

// authenticate resolves Basic credentials to a user. docs/api/toggl.md §1.1 and §4: Basic
// "<token>:api_token" (the password is the literal string api_token) everywhere, and
// email:password on the Track API; "The old docs say the Webhooks API accepts the API token
// only". It returns the user and the rate-limit identity (the token or the email).
func (s *Sim) authenticate(r *http.Request, a api) (User, string, bool) {
	name, pass, ok := r.BasicAuth()
	if !ok || name == "" {
		return User{}, "", false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, u := range s.st.users {
		if pass == "api_token" && u.APIToken != "" && u.APIToken == name {
			return *u, "token:" + name, true
		}
	}
	if a == apiWebhooks {
		return User{}, "", false
	}
	for _, u := range s.st.users {
		if u.Password != "" && u.Email == name && u.Password == pass {
			return *u, "email:" + name, true
		}
	}
	return User{}, "", false
}
