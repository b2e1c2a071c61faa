package togglsim

// routes registers every emulated endpoint. Paths are the real ones (docs/api/toggl.md §1.1, §4, §4.5);
// hosts are ignored so both api.track.toggl.com and track.toggl.com forms work.
func (s *Sim) routes() {
	const v9 = "/api/v9"
	// Track v9: the user (docs/api/toggl.md §4.1, §4.2).
	s.handle("GET "+v9+"/me", apiTrack, scopeUser, s.getMe)
	s.handle("GET "+v9+"/me/workspaces", apiTrack, scopeUser, s.getMyWorkspaces)
	s.handle("GET "+v9+"/me/quota", apiTrack, scopeFree, s.getMyQuota)
	s.handle("GET "+v9+"/me/projects", apiTrack, scopeUser, s.getMyProjects)
	s.handle("GET "+v9+"/me/clients", apiTrack, scopeUser, s.getMyClients)
	s.handle("GET "+v9+"/me/time_entries", apiTrack, scopeUser, s.getMyTimeEntries)
	s.handle("GET "+v9+"/me/time_entries/current", apiTrack, scopeUser, s.getCurrentTimeEntry)
	s.handle("GET "+v9+"/me/time_entries/{id}", apiTrack, scopeUser, s.getMyTimeEntry)

	// Track v9: a workspace.
	ws := v9 + "/workspaces/{wid}"
	s.handle("GET "+ws, apiTrack, scopeWorkspace, s.getWorkspace)
	s.handle("GET "+ws+"/users", apiTrack, scopeWorkspace, s.getWorkspaceUsers)
	s.handle("GET "+ws+"/workspace_users", apiTrack, scopeWorkspace, s.getWorkspaceUsersFull)
	s.handle("GET "+ws+"/tags", apiTrack, scopeWorkspace, s.getTags)
	s.handle("GET "+ws+"/projects", apiTrack, scopeWorkspace, s.listProjects)
	s.handle("POST "+ws+"/projects", apiTrack, scopeWorkspace, s.createProject)
	s.handle("GET "+ws+"/projects/{id}", apiTrack, scopeWorkspace, s.getProject)
	s.handle("PUT "+ws+"/projects/{id}", apiTrack, scopeWorkspace, s.updateProject)
	s.handle("DELETE "+ws+"/projects/{id}", apiTrack, scopeWorkspace, s.deleteProject)
	s.handle("GET "+ws+"/clients", apiTrack, scopeWorkspace, s.listClients)
	s.handle("POST "+ws+"/clients", apiTrack, scopeWorkspace, s.createClient)
	s.handle("GET "+ws+"/clients/{id}", apiTrack, scopeWorkspace, s.getClient)
	s.handle("PUT "+ws+"/clients/{id}", apiTrack, scopeWorkspace, s.updateClient)
	s.handle("DELETE "+ws+"/clients/{id}", apiTrack, scopeWorkspace, s.deleteClient)
	s.handle("POST "+ws+"/clients/{id}/archive", apiTrack, scopeWorkspace, s.archiveClient)
	s.handle("POST "+ws+"/clients/{id}/restore", apiTrack, scopeWorkspace, s.restoreClient)
	s.handle("POST "+ws+"/time_entries", apiTrack, scopeWorkspace, s.createTimeEntry)
	s.handle("PUT "+ws+"/time_entries/{id}", apiTrack, scopeWorkspace, s.updateTimeEntry)
	s.handle("DELETE "+ws+"/time_entries/{id}", apiTrack, scopeWorkspace, s.deleteTimeEntry)
	s.handle("PATCH "+ws+"/time_entries/{id}/stop", apiTrack, scopeWorkspace, s.stopTimeEntry)

	// Webhooks v1 (docs/api/toggl.md §1.2).
	const wh = "/webhooks/api/v1"
	metaScope := scopeOpen
	if s.cfg.Quirks.AuthOnWebhookMeta {
		metaScope = scopeFree
	}
	s.handle("GET "+wh+"/event_filters", apiWebhooks, metaScope, s.getEventFilters)
	s.handle("GET "+wh+"/status", apiWebhooks, metaScope, s.getWebhookStatus)
	s.handle("GET "+wh+"/limits/{wid}", apiWebhooks, metaScope, s.getWebhookLimits)
	s.handle("GET "+wh+"/subscriptions/{wid}", apiWebhooks, scopeWorkspace, s.listSubscriptions)
	s.handle("POST "+wh+"/subscriptions/{wid}", apiWebhooks, scopeWorkspace, s.createSubscription)
	s.handle("PUT "+wh+"/subscriptions/{wid}/{sid}", apiWebhooks, scopeWorkspace, s.updateSubscription)
	s.handle("PATCH "+wh+"/subscriptions/{wid}/{sid}", apiWebhooks, scopeWorkspace, s.patchSubscription)
	s.handle("DELETE "+wh+"/subscriptions/{wid}/{sid}", apiWebhooks, scopeWorkspace, s.deleteSubscription)
	s.handle("GET "+wh+"/subscriptions/{wid}/{sid}/events", apiWebhooks, scopeWorkspace, s.listEvents)
	s.handle("POST "+wh+"/ping/{wid}/{sid}", apiWebhooks, scopeWorkspace, s.pingSubscription)
	s.handle("GET "+wh+"/validate/{wid}/{sid}/{code}", apiWebhooks, scopeOpen, s.validateSubscription)

	// Reports v3 detailed search and its totals (docs/api/toggl.md §4.5).
	s.handle("POST /reports/api/v3/workspace/{wid}/search/time_entries", apiReports, scopeWorkspace, s.searchTimeEntries)
	s.handle("POST /reports/api/v3/workspace/{wid}/search/time_entries/totals", apiReports, scopeWorkspace, s.searchTotals)
}
