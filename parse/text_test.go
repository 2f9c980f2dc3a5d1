package parse

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"
)

func TestClean(t *testing.T) {
	tests := []struct{ in, want string }{
		{"  a\u00a0\u00a0b\n\tc  ", "a b c"},
		{"\u00a0", ""},
		{norm.NFD.String("Bến Tre"), "Bến Tre"},
		{"a\u200bb", "a b"},
		{"x\xffy", "x\uFFFDy"},
	}
	for _, tt := range tests {
		if got := Clean(tt.in); got != tt.want {
			t.Errorf("Clean(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFold(t *testing.T) {
	if got := Fold("Đảng bộ TỈNH Bến Tre"); got != "dang bo tinh ben tre" {
		t.Errorf("Fold = %q", got)
	}
}

func TestDecode(t *testing.T) {
	const vi = "Hội nghị lần thứ 6 Ban Chấp hành Đảng bộ TP. Bến Tre"
	cp1258 := encode1258(t, vi)
	tests := []struct {
		name, ct, wantCharset string
		body                  []byte
	}{
		{"utf8 meta", "", "utf-8", []byte(`<meta charset="utf-8"><p>` + vi)},
		{"utf8 undeclared", "", "utf-8", []byte(`<p>` + vi)},
		{"utf8 bom", "", "utf-8", append([]byte("\xef\xbb\xbf<p>"), vi...)},
		{"nfd", "", "utf-8", []byte(`<p>` + norm.NFD.String(vi))},
		{"1258 meta", "", "windows-1258", append([]byte(`<meta http-equiv="Content-Type" content="text/html; charset=windows-1258"><p>`), cp1258...)},
		{"1258 header", "text/html; charset=windows-1258", "windows-1258", append([]byte(`<p>`), cp1258...)},
		{"1258 undeclared", "", "windows-1258", append([]byte(`<p>`), cp1258...)},
		{"unknown charset", "text/html; charset=x-klingon", "utf-8", []byte(`<p>` + vi)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, cs := Decode(tt.body, tt.ct)
			if cs != tt.wantCharset {
				t.Errorf("charset = %q, want %q", cs, tt.wantCharset)
			}
			if Clean(got[len(got)-len(vi):]) != vi {
				t.Errorf("text = %q, want suffix %q", got, vi)
			}
		})
	}
}

// encode1258 writes Vietnamese text as an old site would: windows-1258 holds base letters with
// separate combining tone marks, so precomposed letters are split first.
func encode1258(t *testing.T, s string) []byte {
	t.Helper()
	enc := charmap.Windows1258.NewEncoder()
	var out []byte
	for _, r := range s {
		b, err := enc.Bytes([]byte(string(r)))
		if err != nil {
			var base, tone []rune
			for _, c := range norm.NFD.String(string(r)) {
				switch c {
				case '\u0300', '\u0301', '\u0303', '\u0309', '\u0323':
					tone = append(tone, c)
				default:
					base = append(base, c)
				}
			}
			if b, err = enc.Bytes([]byte(norm.NFC.String(string(base)) + string(tone))); err != nil {
				t.Fatalf("encode %q: %v", r, err)
			}
		}
		out = append(out, b...)
	}
	return out
}

// foldReference is Fold as first written, rune by rune over the whole NFD form: FuzzFold holds
// the faster Fold to it.
func foldReference(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == 'đ' || r == 'Đ':
			b.WriteByte('d')
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

func FuzzFold(f *testing.F) {
	for _, s := range []string{"", "ABC xyz 09", "Đảng bộ TỈNH Bến Tre", "Cập nhật: 20/11/2026", "e\u0301\u0323Ñ", "\xff\xfeA\xc3", "İSTANBUL ǅ Ω", "한국어 ﬁ ½", "Ấ\u0323p Ơ\u031bƯ ǅ\u0345ı", "\u0301\u0344Ḉ\u0f71x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Fold(s), foldReference(s); got != want {
			t.Errorf("Fold(%q) = %q, want %q", s, got, want)
		}
	})
}

// cleanReference is Clean as first written, rune by rune with unicode.IsSpace: FuzzClean holds
// the faster Clean to it.
func cleanReference(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case r == '\u00a0', r == '\u200b', r == '\u200c', r == '\u200d', r == '\u2060', r == '\ufeff', r == '\u00ad', unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return norm.NFC.String(b.String())
}

func FuzzClean(f *testing.F) {
	for _, s := range []string{"", "  a\u00a0\u00a0b\n\tc  ", "\v\f\r x \x85 y\u2028z", "Bê\u0301n Tre\u200b", "\xff\xfe A\xc3 ", "\x00\x01 \x7f"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Clean(s), cleanReference(s); got != want {
			t.Errorf("Clean(%q) = %q, want %q", s, got, want)
		}
	})
}
