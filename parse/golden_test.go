package parse

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// replica is one page of testdata/sites: an HTML page in a real site family's markup and its
// hand-written ground truth.
type replica struct {
	Base      string `json:"-"`
	URL       string `json:"url"`
	Profile   string `json:"profile"`
	Title     string `json:"title"`
	Published string `json:"published"`
	Author    string `json:"author"`
	Byline    string `json:"byline"`
	Lead      string `json:"lead"`
	IsArticle bool   `json:"is_article"`
	Charset   string `json:"charset"`
	HTML      []byte `json:"-"`
	Truth     string `json:"-"`
}

func loadReplicas(t testing.TB) []replica {
	t.Helper()
	metas, err := filepath.Glob("testdata/sites/*.json")
	if err != nil || len(metas) == 0 {
		t.Fatalf("no replica pages in testdata/sites: %v", err)
	}
	var out []replica
	for _, m := range metas {
		base := strings.TrimSuffix(m, ".json")
		var r replica
		b, err := os.ReadFile(m)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, &r); err != nil {
			t.Fatalf("%s: %v", m, err)
		}
		r.Base = filepath.Base(base)
		if r.HTML, err = os.ReadFile(base + ".html"); err != nil {
			t.Fatal(err)
		}
		if r.IsArticle {
			tb, err := os.ReadFile(base + ".truth.txt")
			if err != nil {
				t.Fatal(err)
			}
			r.Truth = string(tb)
		}
		out = append(out, r)
	}
	return out
}

// chromeLines are lines of site chrome that must never reach an article's text, whatever the
// extractor's own boilerplate list says.
var chromeLines = []string{
	"Chia sẻ bài viết", "BÌNH LUẬN", "Bình luận", "Tin liên quan", "Đọc thêm", "Từ khóa", "Chia sẻ Facebook",
	"EMAIL:", "ĐIỆN THOẠI:", "ĐƠN VỊ TRỰC THUỘC:", "Lượt xem", "In bài viết", "Gửi bình luận", "Đọc nhiều",
	"Tin mới", "Trang chủ", "sct@bentre.gov.vn", "Cập nhật:",
}

func TestExtract_Replicas(t *testing.T) {
	for _, r := range loadReplicas(t) {
		for _, mode := range []string{"generic", "profile"} {
			if mode == "profile" && r.Profile == "" {
				continue
			}
			t.Run(r.Base+"/"+mode, func(t *testing.T) {
				var prof *Profile
				if mode == "profile" {
					prof = profileFor(DefaultProfiles(), r.URL)
					if prof == nil || prof.Name != r.Profile {
						t.Fatalf("profile for %s = %v, want %s", r.URL, prof, r.Profile)
					}
				}
				a, err := Extract(r.HTML, r.URL, prof)
				if err != nil {
					t.Fatal(err)
				}
				if a.IsArticle != r.IsArticle {
					t.Errorf("IsArticle = %v, want %v", a.IsArticle, r.IsArticle)
				}
				checkGolden(t, filepath.Join("testdata", "golden", r.Base+"."+mode+".txt"), a.Document())
				if !r.IsArticle {
					return
				}
				checkArticle(t, r, a, mode)
			})
		}
	}
}

func checkArticle(t *testing.T, r replica, a Article, mode string) {
	t.Helper()
	if a.Title != r.Title {
		t.Errorf("title = %q\nwant    %q", a.Title, r.Title)
	}
	if got := a.Published.String(); got != r.Published {
		t.Errorf("published = %q, want %q", got, r.Published)
	}
	if a.Author != r.Author {
		t.Errorf("author = %q, want %q", a.Author, r.Author)
	}
	if a.Byline != r.Byline {
		t.Errorf("byline = %q, want %q", a.Byline, r.Byline)
	}
	if r.Charset != "" && a.Charset != r.Charset {
		t.Errorf("charset = %q, want %q", a.Charset, r.Charset)
	}
	text := a.Text()
	if !norm.NFC.IsNormalString(text) || strings.ContainsRune(text, '\u00a0') {
		t.Errorf("text is not NFC or holds nbsp")
	}
	for _, line := range strings.Split(text, "\n") {
		for _, c := range chromeLines {
			if strings.Contains(line, c) && wordCount(line) <= 12 {
				t.Errorf("boilerplate line in text: %q", line)
			}
		}
	}
	p, rc, f1 := tokenF1(text, r.Truth)
	want := 0.97
	if mode == "profile" {
		want = 1.0
	}
	if f1 < want {
		t.Errorf("body token F1 = %.4f (precision %.4f, recall %.4f), want >= %.2f", f1, p, rc, want)
	}
}

// tokenF1 compares the word multisets of got and want.
func tokenF1(got, want string) (precision, recall, f1 float64) {
	g, w := tokens(got), tokens(want)
	common := 0
	for tok, n := range g {
		common += min(n, w[tok])
	}
	ng, nw := total(g), total(w)
	if ng == 0 || nw == 0 {
		return 0, 0, 0
	}
	precision, recall = float64(common)/float64(ng), float64(common)/float64(nw)
	if common == 0 {
		return precision, recall, 0
	}
	return precision, recall, 2 * precision * recall / (precision + recall)
}

func tokens(s string) map[string]int {
	m := map[string]int{}
	for _, f := range strings.FieldsFunc(norm.NFC.String(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r) }) {
		m[strings.ToLower(f)]++
	}
	return m
}

func total(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// checkGolden compares got with a golden file, rewriting it under -update.
func checkGolden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./parse -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (go test ./parse -run %s -update to accept):\n%s", path, t.Name(), lineDiff(string(want), got))
	}
}

// lineDiff lists the lines only one side has, enough to see what changed.
func lineDiff(want, got string) string {
	w, g := map[string]bool{}, map[string]bool{}
	for _, l := range strings.Split(want, "\n") {
		w[l] = true
	}
	for _, l := range strings.Split(got, "\n") {
		g[l] = true
	}
	var b strings.Builder
	for _, l := range strings.Split(want, "\n") {
		if !g[l] {
			b.WriteString("- " + l + "\n")
		}
	}
	for _, l := range strings.Split(got, "\n") {
		if !w[l] {
			b.WriteString("+ " + l + "\n")
		}
	}
	return b.String()
}
