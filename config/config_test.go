package config

import (
	"errors"
	"io/fs"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/parse"
)

// mustParse parses data as config.yaml and fails the test on error.
func mustParse(t *testing.T, data string) *Config {
	t.Helper()
	cfg, err := Parse("config.yaml", []byte(data))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return cfg
}

// site wraps the keys of one site in a minimal file.
func site(keys string) string {
	return "sites:\n  - name: s\n    start_urls: [https://s.vn/]\n" + indent(keys, "    ")
}

// indent prefixes every non-empty line of s.
func indent(s, prefix string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = prefix + l
		}
	}
	return strings.Join(lines, "\n") + "\n"
}

func TestDefault_ParsesAndValidates(t *testing.T) {
	cfg := Default()
	var names []string
	for _, s := range cfg.Sites {
		names = append(names, s.Name)
		if s.Profile == nil {
			t.Errorf("site %s has no profile", s.Name)
		}
		if s.Delay < 2*time.Second || s.Parallelism < 1 || s.Parallelism > 2 {
			t.Errorf("site %s: delay %v, parallelism %d: not polite", s.Name, s.Delay, s.Parallelism)
		}
		for _, u := range slices.Concat(s.StartURLs, s.Feeds, s.Sitemaps) {
			if !s.AllowsURL(u) || s.Excludes(u) {
				t.Errorf("site %s: %s out of scope", s.Name, u)
			}
		}
	}
	want := []string{"baodongkhoi", "bentre-portal", "sct-bentre", "congthuongbentre", "dost-bentre", "tinbai-bentre"}
	if !slices.Equal(names, want) {
		t.Errorf("sites = %v, want %v", names, want)
	}
	if !strings.HasPrefix(cfg.UserAgent, "newsarchive/") || strings.Contains(cfg.UserAgent, "{version}") ||
		!strings.HasSuffix(cfg.UserAgent, " (+https://github.com/newsarchive/newsarchive)") {
		t.Errorf("UserAgent = %q", cfg.UserAgent)
	}

	bdk, ok := cfg.Site("baodongkhoi")
	if !ok {
		t.Fatal("no site baodongkhoi")
	}
	if !slices.Equal(bdk.AllowedDomains, []string{"baodongkhoi.vn", "dongkhoi.baovinhlong.vn"}) {
		t.Errorf("baodongkhoi allowed_domains = %v", bdk.AllowedDomains)
	}
	if bdk.Pagination.Param != "p" || bdk.Profile.Name != "baodongkhoi" || len(bdk.Feeds) == 0 {
		t.Errorf("baodongkhoi pagination %+v, profile %q, %d feeds", bdk.Pagination, bdk.Profile.Name, len(bdk.Feeds))
	}
	for u, want := range map[string]bool{
		"https://baodongkhoi.vn/chu-truong-chinh-sach-moi-21042010-a4359.html": true,
		"https://dongkhoi.baovinhlong.vn/thoi-su/":                             false,
	} {
		if got := bdk.IsArticle(u); got != want {
			t.Errorf("IsArticle(%s) = %v", u, got)
		}
	}
	for _, u := range []string{
		"https://baodongkhoi.vn/https/www.facebook.com/baodongkhoi.vn",
		"https://baodongkhoi.vn/print/hoi-nghi-19042021-a83412.html",
		"https://baodongkhoi.vn/uploads/anh.JPG",
	} {
		if !bdk.Excludes(u) {
			t.Errorf("baodongkhoi does not exclude %s", u)
		}
	}
	if !bdk.IsListing("https://dongkhoi.baovinhlong.vn/thoi-su/trong-tinh/?p=3") {
		t.Error("baodongkhoi sub-section page 3 is not a listing")
	}

	sct, _ := cfg.Site("sct-bentre")
	if !slices.Equal(sct.AllowedDomains, []string{"sct.bentre.gov.vn"}) || sct.Profile.Name != "bentre-portal" {
		t.Errorf("sct-bentre: allowed %v, profile %q", sct.AllowedDomains, sct.Profile.Name)
	}
	if !sct.Excludes("https://sct.bentre.gov.vn/files/report.pdf") {
		t.Error("sct-bentre does not exclude a PDF (defaults' exclude)")
	}
}

func TestDefault_EqualsDefaultYAML(t *testing.T) {
	cfg := mustParse(t, string(DefaultYAML()))
	if !reflect.DeepEqual(cfg, Default()) {
		t.Error("Parse(DefaultYAML()) differs from Default()")
	}
	d := Default()
	d.Sites[0].StartURLs[0] = "changed"
	if Default().Sites[0].StartURLs[0] == "changed" {
		t.Error("Default shares state between calls")
	}
}

func TestParse_Errors(t *testing.T) {
	tests := []struct {
		name, data, want string
	}{
		{"empty file", "", `config.yaml:1: empty file (a configuration needs at least a sites list)`},
		{"only comments", "# nothing\n", `config.yaml:1: empty file (a configuration needs at least a sites list)`},
		{"syntax error", "sites:\n  - name: x\n    start_urls: [a\n", `config.yaml:3: syntax error: sequence end token ']' not found`},
		{"tab indentation", "sites:\n\t- x\n", `config.yaml:2: syntax error: found character '	' that cannot start any token`},
		{"two documents", "a: 1\n---\nb: 2\n", `config.yaml:3: more than one YAML document`},
		{"top level not a mapping", "- a\n- b\n", `config.yaml:1: expected a mapping, got a list`},
		{"no sites key", "user_agent: x\n", `config.yaml:1: sites: missing (list at least one site)`},
		{"null sites", "user_agent: x\nsites:\n", `config.yaml:2: sites: missing (list at least one site)`},
		{"empty site list", "sites: []\n", `config.yaml:1: sites: is empty (list at least one site)`},
		{"sites not a list", "sites: {name: x}\n", `config.yaml:1: sites: expected a list, got a mapping`},
		{"site not a mapping", "sites:\n  - just-a-name\n", `config.yaml:2: sites[0]: expected a mapping, got a string`},
		{"unknown top-level key near one", "sites: []\nuseragent: x\n",
			"config.yaml:1: sites: is empty (list at least one site)\nconfig.yaml:2: useragent: unknown key, did you mean \"user_agent\"?"},
		{"unknown site key near one", site("start_url: [https://s.vn/]"), `config.yaml:4: sites[0].start_url: unknown key, did you mean "start_urls"?`},
		{"unknown site key transposed", site("dealy: 1s"), `config.yaml:4: sites[0].dealy: unknown key, did you mean "delay"?`},
		{"unknown site key in camel case", site("maxPages: 10"), `config.yaml:4: sites[0].maxPages: unknown key, did you mean "max_pages"?`},
		{"unknown key far from any", site("colour: blue"), `config.yaml:4: sites[0].colour: unknown key`},
		{"duplicate key", site("delay: 1s\ndelay: 2s"), `config.yaml:5: sites[0].delay: duplicate key (first at line 4)`},
		{"string where list expected", "sites:\n  - name: s\n    start_urls: https://s.vn/\n", `config.yaml:3: sites[0].start_urls: expected a list, got a string`},
		{"list where string expected", site("article_pattern: [a, b]"), `config.yaml:4: sites[0].article_pattern: expected a regexp, got a list`},
		{"mapping where integer expected", site("max_pages: {n: 1}"), `config.yaml:4: sites[0].max_pages: expected an integer, got a mapping (quote a value that holds a colon)`},
		{"not an integer", site("retries: three"), `config.yaml:4: sites[0].retries: "three" is not an integer`},
		{"not a boolean", site("robots: yes"), `config.yaml:4: sites[0].robots: "yes" is not a boolean (true or false)`},
		{"not a duration", "sites:\n  - name: a\n    start_urls: [https://a.vn/]\n  - name: b\n    start_urls: [https://b.vn/]\n    delay: fast\n",
			`config.yaml:6: sites[1].delay: "fast" is not a duration`},
		{"bare number duration", site("timeout: 30"), `config.yaml:4: sites[0].timeout: "30" is not a duration (give a unit, as in "30s")`},
		{"negative delay", site("delay: -1s"), `config.yaml:4: sites[0].delay: -1s is negative`},
		{"zero timeout", site("timeout: 0s"), `config.yaml:4: sites[0].timeout: must be more than 0s`},
		{"parallelism below 1", site("parallelism: 0"), `config.yaml:4: sites[0].parallelism: must be at least 1, not 0`},
		{"negative max_depth", site("max_depth: -2"), `config.yaml:4: sites[0].max_depth: -2 is negative`},
		{"bad size", site("max_body_size: 10 megs"),
			`config.yaml:4: sites[0].max_body_size: "10 megs" is not a size (a number of bytes, or one with a unit: B, KB, MB, GB, KiB, MiB, GiB)`},
		{"zero size", site("max_body_size: 0"), `config.yaml:4: sites[0].max_body_size: must be more than 0 bytes`},
		{"bad regexp", site("article_pattern: 'a('"), `config.yaml:4: sites[0].article_pattern: "a(" is not a regexp: missing closing )`},
		{"bad regexp in list", site("exclude:\n  - ok\n  - '[z-a]'"), `config.yaml:6: sites[0].exclude[1]: "[z-a]" is not a regexp: invalid character class range`},
		{"relative URL", "sites:\n  - name: s\n    start_urls: [/thoi-su/]\n", `config.yaml:3: sites[0].start_urls[0]: "/thoi-su/" is not an absolute http or https URL`},
		{"ftp feed", site("feeds:\n  - ftp://s.vn/rss"), `config.yaml:5: sites[0].feeds[0]: "ftp://s.vn/rss" is not an absolute http or https URL`},
		{"bad host", site("allowed_domains: [\"https://s.vn/\"]"), `config.yaml:4: sites[0].allowed_domains[0]: "https://s.vn/" is not a host or host:port`},
		{"start URL outside allowed_domains", "sites:\n  - name: s\n    start_urls:\n      - https://s.vn/\n      - https://other.vn/\n    allowed_domains: [s.vn]\n",
			`config.yaml:5: sites[0].start_urls[1]: host "other.vn" is not in allowed_domains`},
		{"feed outside start URL hosts", site("feeds: [https://feeds.s.vn/rss]"), `config.yaml:4: sites[0].feeds[0]: host "feeds.s.vn" is not in allowed_domains`},
		{"sitemap on another port", site("allowed_domains: [\"s.vn:8443\"]\nsitemaps: [\"https://s.vn/sitemap.xml\"]"),
			"config.yaml:3: sites[0].start_urls[0]: host \"s.vn\" is not in allowed_domains\nconfig.yaml:5: sites[0].sitemaps[0]: host \"s.vn\" is not in allowed_domains"},
		{"start URL excluded", site("exclude: ['^https://s\\.vn/$']"), `config.yaml:3: sites[0].start_urls[0]: "https://s.vn/" matches exclude pattern "^https://s\\.vn/$"`},
		{"missing name", "sites:\n  - start_urls: [https://s.vn/]\n", `config.yaml:2: sites[0].name: missing`},
		{"bad name", "sites:\n  - name: bến tre\n    start_urls: [https://s.vn/]\n",
			`config.yaml:2: sites[0].name: "bến tre" is not a site name (letters, digits, ".", "_" and "-")`},
		{"missing start_urls", "sites:\n  - name: s\n", `config.yaml:2: sites[0].start_urls: missing`},
		{"empty start_urls", "sites:\n  - name: s\n    start_urls: []\n", `config.yaml:3: sites[0].start_urls: is empty`},
		{"duplicate site names", "sites:\n  - name: s\n    start_urls: [https://s.vn/]\n  - name: s\n    start_urls: [https://t.vn/]\n",
			`config.yaml:4: sites[1].name: duplicate site name "s" (first at line 2, sites[0])`},
		{"unknown profile", site("profile: nope"), `config.yaml:4: sites[0].profile: unknown profile "nope" (built-in: baodongkhoi, bentre-portal)`},
		{"profile of the wrong kind", site("profile: [a]"), `config.yaml:4: sites[0].profile: expected a profile name or mapping, got a list`},
		{"bad CSS selector", site("profile:\n  body: 'div['"), `config.yaml:5: sites[0].profile.body: "div[" is not a CSS selector: expected identifier, found EOF instead`},
		{"bad CSS selector in remove", site("profile:\n  remove: ['.ok', 'p:nth-child(']"),
			`config.yaml:5: sites[0].profile.remove[1]: "p:nth-child(" is not a CSS selector: unexpected EOF while attempting to parse expression of form an+b`},
		{"unknown profile key", site("profile:\n  titel: h1"), `config.yaml:5: sites[0].profile.titel: unknown key, did you mean "title"?`},
		{"per-site key in defaults", "defaults:\n  start_urls: [https://s.vn/]\n" + site(""),
			`config.yaml:2: defaults.start_urls: not allowed in defaults (set it on each site)`},
		{"bad value in defaults", "defaults:\n  delay: soon\n" + site(""), `config.yaml:2: defaults.delay: "soon" is not a duration`},
		{"pagination max_pages 0", site("pagination: {param: p, max_pages: 0}"), `config.yaml:4: sites[0].pagination.max_pages: must be at least 1, not 0`},
		{"recrawl rule without every", site("recrawl:\n  - younger_than: 48h"), `config.yaml:5: sites[0].recrawl[0].every: missing`},
		{"recrawl catch-all not last", site("recrawl:\n  - every: 6h\n  - {younger_than: 48h, every: 1h}"),
			`config.yaml:5: sites[0].recrawl[0].younger_than: missing (only the last rule may leave it out)`},
		{"recrawl out of order", site("recrawl:\n  - {younger_than: 48h, every: 6h}\n  - {younger_than: 24h, every: 1h}"),
			`config.yaml:6: sites[0].recrawl[1].younger_than: 24h is not more than the rule before's 48h (rules go from young to old)`},
		{"recrawl not a list", site("recrawl: {every: 6h}"), `config.yaml:4: sites[0].recrawl: expected a list, got a mapping`},
		{"empty user agent", "user_agent: ' '\n" + site(""), `config.yaml:1: user_agent: is empty`},
		{"undefined alias", site("delay: *nothing"), `config.yaml:4: sites[0].delay: undefined alias`},
		{"unquoted host:port in a flow mapping", "sites:\n  - {name: s, start_urls: [http://127.0.0.1:8080/]}\n",
			`config.yaml:2: sites[0].start_urls[0]: expected a URL, got a mapping (quote a value that holds a colon)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := Parse("config.yaml", []byte(tt.data))
			if err == nil {
				t.Fatalf("Parse succeeded, want error %q\n%s", tt.want, tt.data)
			}
			if cfg != nil {
				t.Error("Parse returned a Config with an error")
			}
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("error %v does not wrap ErrInvalid", err)
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("error:\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestLoad_ReportsEveryProblem(t *testing.T) {
	path := filepath.Join("testdata", "errors.yaml")
	_, err := Load(path)
	want := strings.Join([]string{
		path + `:4: defaults.parallelism: must be at least 1, not 0`,
		path + `:8: sites[0].delay: "fast" is not a duration`,
		path + `:9: sites[0].stat_urls: unknown key, did you mean "start_urls"?`,
		path + `:10: sites[1].name: duplicate site name "first" (first at line 6, sites[0])`,
		path + `:11: sites[1].start_urls: expected a list, got a string`,
		path + `:12: sites[2].name: missing`,
		path + `:13: sites[2].feeds[0]: host "elsewhere.vn" is not in allowed_domains`,
		path + `:14: sites[2].article_pattern: "(unclosed" is not a regexp: missing closing )`,
		path + `:15: sites[2].profile: unknown profile "nosuch" (built-in: baodongkhoi, bentre-portal)`,
	}, "\n")
	if err == nil || err.Error() != want {
		t.Fatalf("Load error:\n%v\nwant:\n%s", err, want)
	}
	var e *Error
	if !errors.As(err, &e) || e.File != path || e.Line != 4 || e.Path != "defaults.parallelism" {
		t.Errorf("first *Error = %+v", e)
	}
}

func TestLoad_Files(t *testing.T) {
	if _, err := Load(filepath.Join("testdata", "minimal.yaml")); err != nil {
		t.Errorf("minimal.yaml: %v", err)
	}
	_, err := Load(filepath.Join("testdata", "no-such-file.yaml"))
	if !errors.Is(err, fs.ErrNotExist) || errors.Is(err, ErrInvalid) {
		t.Errorf("missing file: %v, want fs.ErrNotExist and not ErrInvalid", err)
	}
}

func TestParse_BuiltinDefaults(t *testing.T) {
	cfg := mustParse(t, "sites:\n  - name: s\n    start_urls: [\"https://S.vn:8443/a\", https://s.vn/b]\n")
	got := cfg.Sites[0]
	want := &Site{
		Name:              "s",
		StartURLs:         []string{"https://S.vn:8443/a", "https://s.vn/b"},
		AllowedDomains:    []string{"s.vn:8443", "s.vn"},
		UseRobotsSitemaps: true,
		Images:            true,
		Pagination:        Pagination{MaxPages: 10, BackfillPages: 500},
		MaxDepth:          10,
		MaxPages:          5000,
		MaxURLLength:      2048,
		Robots:            true,
		Delay:             2 * time.Second,
		Parallelism:       1,
		Timeout:           30 * time.Second,
		MaxBodySize:       10_000_000,
		Retries:           3,
		RetryBackoff:      5 * time.Second,
		MaxRetryAfter:     10 * time.Minute,
		Recrawl: Recrawl{
			{YoungerThan: 48 * time.Hour, Every: 6 * time.Hour},
			{YoungerThan: 720 * time.Hour, Every: 72 * time.Hour},
			{Every: 2160 * time.Hour},
		},
		ErrorBudget: 20, AlertAfter: 1,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("site =\n%+v\nwant\n%+v", got, want)
	}
	if !strings.HasPrefix(cfg.UserAgent, "newsarchive/") {
		t.Errorf("UserAgent = %q", cfg.UserAgent)
	}
}

func TestParse_DefaultsBlock(t *testing.T) {
	cfg, err := Load(filepath.Join("testdata", "full.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	news, _ := cfg.Site("news")
	portal, _ := cfg.Site("portal")
	plain, _ := cfg.Site("plain")

	tests := []struct {
		name      string
		got, want any
	}{
		{"user agent", cfg.UserAgent, "test-agent/1.0 (+https://example.org/)"},
		{"merged anchor reaches sites", plain.Retries, 5},
		{"merged anchor, second key", plain.ErrorBudget, 7},
		{"defaults delay", plain.Delay, 500 * time.Millisecond},
		{"site delay overrides defaults", news.Delay, time.Duration(0)},
		{"defaults parallelism", portal.Parallelism, 2},
		{"site parallelism", news.Parallelism, 3},
		{"defaults bool false", plain.Robots, false},
		{"defaults timeout", plain.Timeout, time.Minute},
		{"defaults size", plain.MaxBodySize, int64(512 << 10)},
		{"site size in bytes", news.MaxBodySize, int64(2_000_000)},
		{"defaults ints", []int{plain.MaxDepth, plain.MaxPages, plain.MaxURLLength}, []int{4, 100, 300}},
		{"pagination from defaults", plain.Pagination, Pagination{Param: "page", MaxPages: 3, BackfillPages: 30}},
		{"pagination keys merge", news.Pagination, Pagination{Param: "page", MaxPages: 5, BackfillPages: 30}},
		{"recrawl from defaults", plain.Recrawl, Recrawl(nil)},
		{"recrawl of portal from defaults", portal.Recrawl, Recrawl{{YoungerThan: 24 * time.Hour, Every: time.Hour}}},
		{"recrawl list replaced", len(news.Recrawl), 3},
		{"exclude from defaults", patternStrings(plain.Exclude), []string{"/print/"}},
		{"exclude replaced", patternStrings(news.Exclude), []string{"^https?://[^/]+/https/", "/print/"}},
		{"allowed domains given", news.AllowedDomains, []string{"news.example.vn", "127.0.0.1:8080"}},
		{"allowed domains derived", portal.AllowedDomains, []string{"portal.example.vn"}},
		{"feeds", news.Feeds, []string{"https://news.example.vn/rss"}},
		{"sitemaps", news.Sitemaps, []string{"https://news.example.vn/sitemap.xml"}},
		{"article pattern", news.ArticlePattern.String(), `-a\d+\.html$`},
		{"no article pattern", plain.ArticlePattern, (*regexp.Regexp)(nil)},
		{"listing patterns", patternStrings(news.ListingPatterns), []string{`^https?://[^/]+/[a-z-]+/$`}},
		{"defaults profile named after its site", plain.Profile.Name, "plain"},
		{"defaults profile body", plain.Profile.Body, "article"},
	}
	for _, tt := range tests {
		if !reflect.DeepEqual(tt.got, tt.want) {
			t.Errorf("%s: got %#v, want %#v", tt.name, tt.got, tt.want)
		}
	}
}

func TestParse_Profiles(t *testing.T) {
	cfg, err := Load(filepath.Join("testdata", "full.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	news, _ := cfg.Site("news")
	if want := parse.DefaultProfiles()[0]; !reflect.DeepEqual(news.Profile, want) {
		t.Errorf("named profile = %+v, want %+v", news.Profile, want)
	}
	portal, _ := cfg.Site("portal")
	want := &parse.Profile{
		Name: "portal-profile", Hosts: []string{"portal.example.vn", ".example.vn"},
		Title: "h1.title", Date: ".date", Lead: ".sapo", Body: "#content", Byline: ".author",
		Remove: []string{".share", "#comments"},
	}
	if !reflect.DeepEqual(portal.Profile, want) {
		t.Errorf("inline profile = %+v, want %+v", portal.Profile, want)
	}
	if !portal.Profile.Matches("https://www.example.vn/x") {
		t.Error("inline profile's host suffix does not match")
	}
	plain, _ := cfg.Site("plain")
	if plain.Profile == portal.Profile || &plain.Profile.Remove[0] == &portal.Profile.Remove[0] {
		t.Error("sites share a profile")
	}
	cfg2 := mustParse(t, site("profile: bentre-portal"))
	if cfg2.Sites[0].Profile.Name != "bentre-portal" {
		t.Errorf("profile = %q", cfg2.Sites[0].Profile.Name)
	}
	if cfg3 := mustParse(t, site("")); cfg3.Sites[0].Profile != nil {
		t.Error("a site without profile has one")
	}
}

func TestParse_ScalarsByText(t *testing.T) {
	tests := []struct {
		name string
		keys string
		get  func(*Site) any
		want any
	}{
		{"quoted integer", `max_pages: "100"`, func(s *Site) any { return s.MaxPages }, 100},
		{"tagged string", `max_pages: !!str 100`, func(s *Site) any { return s.MaxPages }, 100},
		{"capitalised bool", `robots: False`, func(s *Site) any { return s.Robots }, false},
		{"null keeps default", `delay: ~`, func(s *Site) any { return s.Delay }, 2 * time.Second},
		{"empty value keeps default", "retries:", func(s *Site) any { return s.Retries }, 3},
		{"number as string", `pagination: {param: 1}`, func(s *Site) any { return s.Pagination.Param }, "1"},
		{"block scalar", "article_pattern: |-\n  a+", func(s *Site) any { return s.ArticlePattern.String() }, "a+"},
		{"empty pattern is none", `article_pattern: ""`, func(s *Site) any { return s.ArticlePattern == nil }, true},
		{"empty list is nil", `exclude: []`, func(s *Site) any { return s.Exclude == nil }, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustParse(t, site(tt.keys)).Sites[0]
			if got := tt.get(s); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %#v, want %#v", got, tt.want)
			}
		})
	}
}

func TestParse_AnchorsAndMerge(t *testing.T) {
	data := `x-polite: &polite
  delay: 5s
  parallelism: 1
x-urls: &urls [https://a.vn/]
sites:
  - <<: *polite
    name: a
    start_urls: *urls
    parallelism: 2
  - <<: [*polite]
    name: b
    start_urls: [https://b.vn/]
`
	cfg := mustParse(t, data)
	a, b := cfg.Sites[0], cfg.Sites[1]
	if a.Delay != 5*time.Second || a.Parallelism != 2 || !slices.Equal(a.StartURLs, []string{"https://a.vn/"}) {
		t.Errorf("a: delay %v, parallelism %d, start %v", a.Delay, a.Parallelism, a.StartURLs)
	}
	if b.Delay != 5*time.Second || b.Parallelism != 1 {
		t.Errorf("b: delay %v, parallelism %d", b.Delay, b.Parallelism)
	}
}

func TestParseDuration(t *testing.T) {
	tests := []struct {
		in      string
		want    time.Duration
		problem string
	}{
		{"1s", time.Second, ""},
		{"90m", 90 * time.Minute, ""},
		{"1h30m", 90 * time.Minute, ""},
		{"500ms", 500 * time.Millisecond, ""},
		{"0", 0, ""},
		{" 6h ", 6 * time.Hour, ""},
		{"2", 0, `"2" is not a duration (give a unit, as in "2s")`},
		{"1.5", 0, `"1.5" is not a duration (give a unit, as in "1.5s")`},
		{"3d", 0, `"3d" is not a duration`},
		{"fast", 0, `"fast" is not a duration`},
	}
	for _, tt := range tests {
		got, problem := parseDuration(tt.in)
		if got != tt.want || problem != tt.problem {
			t.Errorf("parseDuration(%q) = %v, %q; want %v, %q", tt.in, got, problem, tt.want, tt.problem)
		}
	}
}

func TestFormatDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0: "0s", 2 * time.Second: "2s", 90 * time.Minute: "1h30m", 2160 * time.Hour: "2160h",
		time.Minute: "1m", time.Hour + time.Second: "1h0m1s", 1500 * time.Millisecond: "1.5s",
	} {
		got := formatDuration(d)
		if got != want {
			t.Errorf("formatDuration(%v) = %q, want %q", d, got, want)
		}
		if back, problem := parseDuration(got); back != d || problem != "" {
			t.Errorf("parseDuration(%q) = %v, %q", got, back, problem)
		}
	}
}

func TestParseSize(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"10MB", 10_000_000, true},
		{"512KiB", 512 << 10, true},
		{"1048576", 1 << 20, true},
		{"2 GiB", 2 << 30, true},
		{"10mb", 10_000_000, true},
		{"1.5KiB", 1536, true},
		{"100B", 100, true},
		{"0", 0, true},
		{"10 megs", 0, false},
		{"-1MB", 0, false},
		{"MB", 0, false},
		{"10TB", 0, false},
		{"99999999999999999999", 0, false},
		{"9999999999GiB", 0, false},
	}
	for _, tt := range tests {
		got, problem := parseSize(tt.in)
		if got != tt.want || (problem == "") != tt.ok {
			t.Errorf("parseSize(%q) = %d, %q; want %d, ok %v", tt.in, got, problem, tt.want, tt.ok)
		}
	}
}

func TestFormatSize(t *testing.T) {
	for n, want := range map[int64]string{
		10_000_000: "10MB", 512 << 10: "512KiB", 1 << 20: "1MiB", 1234: "1234", 1000: "1KB", 1024: "1KiB", 3 << 30: "3GiB",
	} {
		got := formatSize(n)
		if got != want {
			t.Errorf("formatSize(%d) = %q, want %q", n, got, want)
		}
		if back, problem := parseSize(got); back != n || problem != "" {
			t.Errorf("parseSize(%q) = %d, %q", got, back, problem)
		}
	}
}

func TestYAML_RoundTrip(t *testing.T) {
	full, err := Load(filepath.Join("testdata", "full.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for name, cfg := range map[string]*Config{"default": Default(), "full": full} {
		t.Run(name, func(t *testing.T) {
			out, err := cfg.YAML()
			if err != nil {
				t.Fatal(err)
			}
			back, err := Parse("effective.yaml", out)
			if err != nil {
				t.Fatalf("Parse(YAML()): %v\n%s", err, out)
			}
			if !reflect.DeepEqual(back, cfg) {
				t.Errorf("round trip differs:\n%s", out)
			}
			again, _ := back.YAML()
			if string(again) != string(out) {
				t.Errorf("YAML() not stable:\n%s\n---\n%s", out, again)
			}
		})
	}
}

func TestYAML_WritesEveryKey(t *testing.T) {
	out, err := mustParse(t, site("profile: baodongkhoi")).YAML()
	if err != nil {
		t.Fatal(err)
	}
	keys := append(fieldKeys(siteFields()), fieldKeys(paginationFields())...)
	keys = append(keys, fieldKeys(recrawlRuleFields())...)
	keys = append(keys, fieldKeys(profileFields())...)
	for _, k := range keys {
		if !strings.Contains(string(out), k+":") {
			t.Errorf("YAML() lacks key %s", k)
		}
	}
}

func TestRecrawl_Interval(t *testing.T) {
	r := builtinSite().Recrawl
	tests := []struct {
		age  time.Duration
		want time.Duration
		ok   bool
	}{
		{time.Hour, 6 * time.Hour, true},
		{47 * time.Hour, 6 * time.Hour, true},
		{48 * time.Hour, 72 * time.Hour, true},
		{719 * time.Hour, 72 * time.Hour, true},
		{10000 * time.Hour, 2160 * time.Hour, true},
	}
	for _, tt := range tests {
		if got, ok := r.interval(tt.age); got != tt.want || ok != tt.ok {
			t.Errorf("interval(%v) = %v, %v; want %v, %v", tt.age, got, ok, tt.want, tt.ok)
		}
	}
	bounded := Recrawl{{YoungerThan: 48 * time.Hour, Every: 6 * time.Hour}}
	if _, ok := bounded.interval(100 * time.Hour); ok {
		t.Error("an article older than the last rule is fetched again")
	}
	if _, ok := Recrawl(nil).interval(0); ok {
		t.Error("an empty policy fetches again")
	}
	now := time.Date(2026, 1, 8, 18, 0, 0, 0, time.UTC)
	born := now.Add(-24 * time.Hour)
	if !r.Due(born, now.Add(-7*time.Hour), now) || r.Due(born, now.Add(-5*time.Hour), now) {
		t.Error("Due wrong for a day-old article")
	}
}

func TestSite_AllowsURL(t *testing.T) {
	s := &Site{AllowedDomains: []string{"a.vn", "b.vn:8080", "c.vn:443", "[::1]:9000"}}
	for u, want := range map[string]bool{
		"https://a.vn/x":         true,
		"http://A.VN:8080/x":     true,
		"https://www.a.vn/":      false,
		"http://b.vn:8080/":      true,
		"http://b.vn/":           false,
		"https://c.vn/":          true,
		"http://c.vn/":           false,
		"http://[::1]:9000/":     true,
		"ftp://a.vn/":            false,
		"/relative":              false,
		"https://evil.vn/a.vn/x": false,
	} {
		if got := s.AllowsURL(u); got != want {
			t.Errorf("AllowsURL(%s) = %v, want %v", u, got, want)
		}
	}
}

func TestSuggest(t *testing.T) {
	known := fieldKeys(siteFields())
	for key, want := range map[string]string{
		"start_url": "start_urls", "startURLs": "start_urls", "paralelism": "parallelism",
		"max-pages": "max_pages", "dealy": "delay", "robot": "robots", "colour": "",
		"x": "", "allowed_domain": "allowed_domains", "feed": "feeds",
	} {
		got, ok := suggest(key, known)
		if got != want || ok != (want != "") {
			t.Errorf("suggest(%q) = %q, %v; want %q", key, got, ok, want)
		}
	}
}

func TestConfig_Site(t *testing.T) {
	cfg := Default()
	if s, ok := cfg.Site("tinbai-bentre"); !ok || s.Name != "tinbai-bentre" {
		t.Errorf("Site(tinbai-bentre) = %v, %v", s, ok)
	}
	if _, ok := cfg.Site("nope"); ok {
		t.Error("Site(nope) found")
	}
}
