package auditlog

import (
	"strings"
	"testing"
)

func TestPrettyJSONKeepsOrderAndShowsMarkupAsText(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		{"order kept", `{"b":1,"a":2}`, "{\n  \"b\": 1,\n  \"a\": 2\n}"},
		{"html escapes become characters", `{"d":"\u003cimg src=x\u003e \u0026"}`, "{\n  \"d\": \"<img src=x> &\"\n}"},
		{"upper-case hex too", `{"d":"\u003Cb\u003E"}`, "{\n  \"d\": \"<b>\"\n}"},
		{"an escaped backslash before u003c stays", `{"d":"\\u003c"}`, "{\n  \"d\": \"\\\\u003c\"\n}"},
		{"other escapes stay", `{"d":"\u00e9\n\""}`, "{\n  \"d\": \"\\u00e9\\n\\\"\"\n}"},
		{"not JSON is shown as sent", `<b>hi`, `<b>hi`},
	} {
		if got := PrettyJSON([]byte(c.in)); got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
	long := PrettyJSON([]byte(`"` + strings.Repeat("x", MaxBodyShown) + `"`))
	if len(long) > MaxBodyShown+40 || !strings.HasSuffix(long, "(cut at 256 KiB)") {
		t.Errorf("a long body is not cut: %d bytes", len(long))
	}
}

func TestSplitDetailTakesDecisionAndCalls(t *testing.T) {
	d, calls, rest := SplitDetail(`{"decision":{"ProjectRecordID":"r1","Branch":"fallback","Cause":"excluded","Reason":"why","Steps":[{"Text":"one"},{"Text":"two"}]},"attio_calls":["GET a"],"calls":["toggl POST b"],"moved_from":"\u003cold\u003e"}`)
	if d == nil || d.Branch != "fallback" || d.ProjectRecordID != "r1" || len(d.Steps) != 2 || d.Steps[1].Text != "two" {
		t.Fatalf("decision %+v", d)
	}
	if strings.Join(calls, "|") != "GET a|toggl POST b" {
		t.Fatalf("calls %v", calls)
	}
	if rest != "{\n  \"moved_from\": \"<old>\"\n}" {
		t.Fatalf("rest %q", rest)
	}
	if d, calls, rest := SplitDetail(`{}`); d != nil || calls != nil || rest != "" {
		t.Fatalf("empty detail: %v %v %q", d, calls, rest)
	}
	if d, calls, rest := SplitDetail(`not json <b>`); d != nil || calls != nil || rest != "not json <b>" {
		t.Fatalf("not JSON: %v %v %q", d, calls, rest)
	}
	if d, _, rest := SplitDetail(`{"decision":"unreadable"}`); d != nil || !strings.Contains(rest, "unreadable") {
		t.Fatalf("an unreadable decision stays in the rest: %v %q", d, rest)
	}
}

func TestSafeHeadersHideSecretLookingValues(t *testing.T) {
	got := SafeHeaders(`{"X-Webhook-Signature-256":"sha256=abc","Authorization":"(present, not stored)","Content-Type":"application/json","X-Api-Key":"k","Cookie":"s=1"}`)
	want := [][2]string{{"Authorization", "(present, not stored)"}, {"Content-Type", "application/json"}, {"Cookie", "(hidden)"},
		{"X-Api-Key", "(hidden)"}, {"X-Webhook-Signature-256", "(hidden)"}}
	if len(got) != len(want) {
		t.Fatalf("headers %v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("header %d: %v, want %v", i, got[i], want[i])
		}
	}
	if SafeHeaders("") != nil || SafeHeaders("nope") != nil {
		t.Error("headers from nothing")
	}
}
