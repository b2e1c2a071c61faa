package attio

import (
	"encoding/json"
	"slices"
	"testing"
	"time"
)

func TestMissingScopes(t *testing.T) {
	cases := []struct {
		have string
		need []string
		want []string
	}{
		{"", RequiredScopes(), RequiredScopes()},
		{"object_configuration:read-write record_permission:read-write list_configuration:read-write list_entry:read-write webhook:read-write", RequiredScopes(), nil},
		// read-write grants read; read does not grant read-write.
		{"record_permission:read-write  webhook:read", []string{"record_permission:read", "webhook:read-write", "webhook:read"}, []string{"webhook:read-write"}},
		{"list_entry:read list_entry:read-write", []string{"list_entry:read-write"}, nil},
		{"comment:read-write", []string{"comment:read", "note:read"}, []string{"note:read"}},
	}
	for _, tc := range cases {
		if got := MissingScopes(tc.have, tc.need); !slices.Equal(got, tc.want) {
			t.Errorf("MissingScopes(%q, %v) = %v, want %v", tc.have, tc.need, got, tc.want)
		}
	}
	// RequiredScopes returns a fresh slice each time.
	r := RequiredScopes()
	r[0] = "x"
	if RequiredScopes()[0] == "x" {
		t.Error("RequiredScopes shares its backing array")
	}
}

func TestInputValuesJSON(t *testing.T) {
	berlin := time.FixedZone("CEST", 2*3600)
	cases := []struct {
		in   Input
		want string
	}{
		{Text("a"), `{"value":"a"}`},
		{Number(3), `{"value":3}`},
		{Number(0.25), `{"value":0.25}`},
		{Checkbox(false), `{"value":false}`},
		// docs/api/attio.md: "2023-01-02T15:00:00.000000000+02:00" → "2023-01-02T13:00:00.000000000Z".
		{Timestamp(time.Date(2023, 1, 2, 15, 0, 0, 0, berlin)), `{"value":"2023-01-02T13:00:00.000000000Z"}`},
		{Timestamp(time.Date(2023, 1, 2, 13, 0, 0, 123456789, time.UTC)), `{"value":"2023-01-02T13:00:00.123456789Z"}`},
		// A local calendar day stays that day.
		{Date(time.Date(2023, 1, 2, 0, 30, 0, 0, berlin)), `{"value":"2023-01-02"}`},
		{SelectTitle("3D Printing"), `{"option":"3D Printing"}`},
		{StatusTitle("Lead"), `{"status":"Lead"}`},
		{RecordRef("companies", "id1"), `{"target_object":"companies","target_record_id":"id1"}`},
		{Currency(4.99), `{"currency_value":4.99}`},
		{Domain("acme.com"), `{"domain":"acme.com"}`},
		{EmailAddress("a@b.com"), `{"email_address":"a@b.com"}`},
	}
	for _, tc := range cases {
		b, err := json.Marshal(tc.in)
		if err != nil {
			t.Fatal(err)
		}
		jsonEqual(t, b, tc.want)
	}
}

func TestValuesJSON(t *testing.T) {
	var nilValues Values
	b, _ := json.Marshal(nilValues)
	if string(b) != "{}" {
		t.Errorf("nil Values = %s, want {}", b)
	}
	b, _ = json.Marshal(Values{"tags": nil, "name": {Text("x")}})
	jsonEqual(t, b, `{"tags":[],"name":[{"value":"x"}]}`)
	b, _ = json.Marshal(EntryInput{ParentRecordID: "p", ParentObject: "projects"})
	jsonEqual(t, b, `{"parent_record_id":"p","parent_object":"projects","entry_values":{}}`)
}
