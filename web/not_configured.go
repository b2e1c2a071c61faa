package web

// notConfiguredText says, per console page, what is missing before the page has content
// (shown while no connection exists).
var notConfiguredText = map[string]string{
	"fieldmap": "There is no field map until a connection is provisioned.",
	"rules":    "There are no eligibility rules or fallback Project until a connection exists.",
	"audit":    "No webhook deliveries have been received yet.",
	"resync":   "A resync needs a connection to read from.",
}
