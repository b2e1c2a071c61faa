package contract

import (
	"bytes"
	"encoding/json"
	"testing"
)

func TestAttioRewriteRemovesEveryNullable(t *testing.T) {
	raw, err := specs.ReadFile(specInfos[Attio].file)
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(raw, []byte(`"nullable"`)); n != 518 {
		t.Fatalf("embedded Attio spec has %d nullable keywords, README says 518: update specs/README.md", n)
	}
	out, err := applyRewrites(Attio, raw, rewrites)
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(out, []byte(`"nullable"`)); n != 0 {
		t.Errorf("%d nullable keywords left after the rewrite", n)
	}
}

func TestRewriteFailsWhenItsTargetIsGone(t *testing.T) {
	doc := map[string]any{"paths": map[string]any{}}
	if err := requireBasicAuth("/me/quota", "get")(doc); err == nil {
		t.Error("requireBasicAuth on a missing operation succeeded")
	}
	if err := nullableToTypeUnion(map[string]any{"type": "object"}); err == nil {
		t.Error("nullableToTypeUnion with nothing to rewrite succeeded")
	}
	enum := map[string]any{"type": "string", "enum": []any{"a"}, "nullable": true}
	if err := nullableToTypeUnion(enum); err != nil {
		t.Fatal(err)
	}
	got, _ := json.Marshal(enum)
	if string(got) != `{"enum":["a",null],"type":["string","null"]}` {
		t.Errorf("rewritten enum schema = %s", got)
	}
}
