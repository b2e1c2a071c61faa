package signature

import (
	"strings"
	"testing"
)

// Vectors from Toggl's webhook signature docs (docs/api/toggl.md §3), recomputed there with Python hmac.
const vectorSecret = "PGuRrhCFajIyEvFlreKL"

var togglVectors = []struct{ name, body, want string }{
	{
		name: "current docs",
		body: `{"event_id":0,"created_at":"2022-06-25T03:58:10.207820267Z","creator_id":6,"metadata":{"request_type":"POST","event_user_id":6},"payload":"ping","subscription_id":6,"timestamp":"2022-06-25T03:58:10.207820267Z","url_callback":"https://callback-url.com"}`,
		want: "sha256=bf829606cda0ca6923defb5ca70a43135adc7e8887486a201a19cb50ca6006b1",
	},
	{
		name: "older docs",
		body: `{"event_id":0,"created_at":"2022-06-25T03:58:10.207820267Z","creator_id":6,"metadata":{"request_type":"POST","event_user_id":6},"payload":"ping","subscription_id":6}`,
		want: "sha256=55343383e52a9cd2f56bd4e9fb5b6ce6982fb45955f26ea816cf7495d98c5fd2",
	},
}

func TestTogglPublishedVectors(t *testing.T) {
	for _, v := range togglVectors {
		t.Run(v.name, func(t *testing.T) {
			if got := SignToggl(vectorSecret, []byte(v.body)); got != v.want {
				t.Fatalf("SignToggl = %s, want %s", got, v.want)
			}
			if !VerifyToggl(vectorSecret, []byte(v.body), v.want) {
				t.Fatal("VerifyToggl rejected the published signature")
			}
		})
	}
}

func TestVerifyTogglRejects(t *testing.T) {
	body := []byte(togglVectors[0].body)
	good := togglVectors[0].want
	cases := []struct{ name, secret, body, header string }{
		{"missing header", vectorSecret, string(body), ""},
		{"no prefix", vectorSecret, string(body), good[len("sha256="):]},
		{"other secret", "other", string(body), good},
		{"empty secret", "", string(body), good},
		{"body changed by one byte", vectorSecret, string(body) + " ", good},
		{"not hex", vectorSecret, string(body), "sha256=zz"},
		{"truncated", vectorSecret, string(body), good[:len(good)-2]},
		{"sha1 prefix", vectorSecret, string(body), "sha1=" + good[len("sha256="):]},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if VerifyToggl(c.secret, []byte(c.body), c.header) {
				t.Fatal("accepted a bad signature")
			}
		})
	}
}

func TestAttioRoundTrip(t *testing.T) {
	body := []byte(`{"webhook_id":"w","events":[]}`)
	sig := SignAttio("s3cret", body)
	if len(sig) != 64 {
		t.Fatalf("signature %q is not 64 hex chars", sig)
	}
	if !VerifyAttio("s3cret", body, sig) {
		t.Fatal("own signature rejected")
	}
	for _, bad := range []struct{ secret, header string }{{"other", sig}, {"s3cret", ""}, {"", sig}, {"s3cret", "sha256=" + sig}} {
		if VerifyAttio(bad.secret, body, bad.header) {
			t.Fatalf("accepted secret=%q header=%q", bad.secret, bad.header)
		}
	}
}

func FuzzVerifyToggl(f *testing.F) {
	for _, v := range togglVectors {
		f.Add(vectorSecret, v.body, v.want)
	}
	f.Fuzz(func(t *testing.T, secret, body, header string) {
		want := SignToggl(secret, []byte(body))
		ok := VerifyToggl(secret, []byte(body), header)
		// Exactly the signature verifies (hex is case-insensitive), and only with a secret.
		if ok != (secret != "" && strings.EqualFold(header, want) && strings.HasPrefix(header, "sha256=")) {
			t.Fatalf("VerifyToggl(%q, %q, %q) = %v", secret, body, header, ok)
		}
		if secret != "" && !VerifyToggl(secret, []byte(body), want) {
			t.Fatal("own signature rejected")
		}
	})
}

func FuzzVerifyAttio(f *testing.F) {
	f.Add("whsec", `[{"event_type":"record.updated"}]`, SignAttio("whsec", []byte(`[{"event_type":"record.updated"}]`)))
	f.Add("", "{}", "")
	f.Add("s", "body", "zz")
	f.Fuzz(func(t *testing.T, secret, body, header string) {
		want := SignAttio(secret, []byte(body))
		ok := VerifyAttio(secret, []byte(body), header)
		// Exactly the signature verifies (hex is case-insensitive), and only with a secret.
		if ok != (secret != "" && strings.EqualFold(header, want)) {
			t.Fatalf("VerifyAttio(%q, %q, %q) = %v", secret, body, header, ok)
		}
		if secret != "" && !VerifyAttio(secret, []byte(body), want) {
			t.Fatal("own signature rejected")
		}
		if secret != "" && VerifyAttio(secret+"x", []byte(body), want) {
			t.Fatal("another secret's signature accepted")
		}
	})
}
