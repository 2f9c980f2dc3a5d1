package archive

import (
	"reflect"
	"testing"
)

func TestStripUserinfo(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"http://user:pass@x.vn/a?b=1#c":  "http://x.vn/a?b=1#c",
		"https://user@x.vn:8443/":        "https://x.vn:8443/",
		"https://x.vn/a@b":               "https://x.vn/a@b",
		"http://u:p@x.vn/%zz":            "http://x.vn/%zz", // does not parse: cut by hand
		"http://u:p@bad host/":           "http://bad host/",
		"not a url":                      "not a url",
		"http://x.vn/?next=http://a@b/c": "http://x.vn/?next=http://a@b/c",
	} {
		if got := StripUserinfo(in); got != want {
			t.Errorf("StripUserinfo(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestWithoutSecrets(t *testing.T) {
	t.Parallel()
	h := map[string][]string{"Authorization": {"Basic x"}, "cookie": {"a=b"}, "Set-Cookie": {"s=t"},
		"Proxy-Authorization": {"p"}, "User-Agent": {"ua"}}
	got := WithoutSecrets(h)
	if want := map[string][]string{"User-Agent": {"ua"}}; !reflect.DeepEqual(got, want) {
		t.Errorf("WithoutSecrets = %v", got)
	}
	if len(h) != 5 {
		t.Errorf("the input was changed: %v", h)
	}
	clean := map[string][]string{"Accept": {"*/*"}}
	if got := WithoutSecrets(clean); !reflect.DeepEqual(got, clean) {
		t.Errorf("a clean header changed: %v", got)
	}
}
