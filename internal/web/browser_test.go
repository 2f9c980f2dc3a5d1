package web

import (
	"context"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/newsarchive/newsarchive/internal/search"
)

// artifactEnv names the directory where the browser tests save a full-page screenshot of each
// step; unset, they save none (six full-page PNGs cost Chromium about 8 s of CPU, more than the
// tests themselves), and a failing test saves what its tab shows in testdata/artifacts
// (ignored by git).
const artifactEnv = "NEWSARCHIVE_ARTIFACTS"

// artifactDir returns the directory the screenshots go to, made if need be.
func artifactDir(t *testing.T) string {
	dir := os.Getenv(artifactEnv)
	if dir == "" {
		dir = filepath.Join("testdata", "artifacts")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// chromium is the headless Chromium the package's browser tests share, started by the first of
// them: each test works in a tab of its own (see browser). TestMain stops it.
type chromium struct {
	once sync.Once
	ctx  context.Context // the browser's first tab; cancelling it stops the browser
	stop func()
	err  error
}

var sharedChromium chromium

// start starts Chromium from path, once.
func (c *chromium) start(path string) error {
	c.once.Do(func() {
		dir, err := os.MkdirTemp("", "web-chromium")
		if err != nil {
			c.err = err
			return
		}
		opts := append(chromedp.DefaultExecAllocatorOptions[:],
			chromedp.ExecPath(path),
			chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
			chromedp.Flag("disable-quic", true),
			chromedp.Flag("disable-background-networking", true),
			chromedp.Flag("disable-component-update", true),
			chromedp.Flag("disable-sync", true),
			chromedp.UserDataDir(dir),
			chromedp.WindowSize(1280, 900),
		)
		actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
		ctx, cancel := chromedp.NewContext(actx)
		c.ctx = ctx
		c.stop = func() { cancel(); cancelAlloc(); os.RemoveAll(dir) }
		c.err = chromedp.Do(ctx) // start the browser now, to fail here if it cannot
	})
	return c.err
}

// close stops Chromium if a test started it.
func (c *chromium) close() {
	if c.stop != nil {
		c.stop()
	}
}

// browser opens a tab of the shared headless Chromium for a test, closed at its cleanup. Without
// Chromium the test is skipped, except under CI (CI=true), where .ci/run installs it and a skip
// would hide a failure.
func browser(t *testing.T) context.Context {
	t.Helper()
	path := ""
	// The old headless shell first: it is the browser engine without the desktop browser around
	// it, and starts on a third of the CPU (1.4 s against 4.1 for chromium --headless here).
	for _, name := range []string{"chromium-headless-shell", "chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			path = p
			break
		}
	}
	if path == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("chromium is not installed, and CI=true: .ci/run should have installed it (apt-get install chromium-headless-shell)")
		}
		t.Skip("browser tests skipped: chromium is not installed (apt-get install chromium-headless-shell; CI installs it)")
	}
	if err := sharedChromium.start(path); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	ctx, cancel := chromedp.NewContext(sharedChromium.ctx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancel() })
	if err := chromedp.Do(ctx); err != nil { // open the tab now, to fail here if it cannot
		t.Fatalf("open a chromium tab: %v", err)
	}
	t.Cleanup(func() { // before the tab closes
		if t.Failed() {
			saveShot(t, ctx, "FAILED-"+strings.ReplaceAll(t.Name(), "/", "-"), chromedp.CaptureScreenshot())
		}
	})
	return ctx
}

// screenshot saves the full page as name.png in the artefact directory, when one is asked for
// (see artifactEnv).
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	if os.Getenv(artifactEnv) == "" {
		return
	}
	saveShot(t, ctx, name, chromedp.FullScreenshot(100)) // 100: PNG, lossless
}

// saveShot runs a screenshot action in the tab and saves its PNG as name.png.
func saveShot(t *testing.T, ctx context.Context, name string, shot chromedp.Action[[]byte]) {
	t.Helper()
	png, err := chromedp.Run(ctx, shot)
	if err != nil {
		t.Errorf("screenshot %s: %v", name, err)
		return
	}
	path := filepath.Join(artifactDir(t), name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Error(err)
		return
	}
	t.Logf("screenshot: %s", path)
}

// requestLog records every URL the browser requests.
type requestLog struct {
	mu   sync.Mutex
	urls []string
}

func (l *requestLog) listen(t *testing.T, ctx context.Context) {
	t.Helper()
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	err := chromedp.Listen(ctx, func(ev any) {
		if e, ok := ev.(*network.EventRequestWillBeSent); ok {
			l.mu.Lock()
			l.urls = append(l.urls, e.Request.URL)
			l.mu.Unlock()
		}
	})
	if err != nil {
		t.Fatal(err)
	}
}

// must runs an action that returns a value, failing the test on error.
func must[T any](t *testing.T, ctx context.Context, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// do runs actions in order, failing the test on error.
func do(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

// outside returns the requested URLs outside base; it fails the test when the log saw nothing,
// which would mean the listener is broken rather than the page clean.
func (l *requestLog) outside(t *testing.T, base string) []string {
	t.Helper()
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.urls) == 0 {
		t.Fatal("the browser's request log is empty")
	}
	var out []string
	for _, u := range l.urls {
		if !strings.HasPrefix(u, base+"/") && !strings.HasPrefix(u, "data:") && u != "about:blank" {
			out = append(out, u)
		}
	}
	return out
}

// A reader looks for the corrected article by typing its title without diacritics, opens it,
// and compares its two versions.
func TestBrowser_SearchArticleDiff(t *testing.T) {
	t.Parallel()
	ra := replicaDB(t)
	_, hs := newTestServer(t, ra.db, "")
	ctx := browser(t)
	var reqs requestLog
	reqs.listen(t, ctx)
	a := ra.changedArticle(t)
	typed := search.Fold(a.Title)

	// Home → search from the header box.
	do(t, ctx, chromedp.Navigate(hs.URL+"/"))
	home := must(t, ctx, chromedp.Text(chromedp.CSS("main")))
	if !strings.Contains(home, "baodongkhoi") || !strings.Contains(home, "Lần thu thập gần nhất") {
		t.Errorf("home page shows %q", home)
	}
	do(t, ctx,
		chromedp.SendKeys(chromedp.CSS(`header input[name=q]`), typed),
		chromedp.Submit(chromedp.CSS(`header input[name=q]`)),
		chromedp.WaitVisible(chromedp.CSS(`ol.results`)),
	)
	firstTitle := must(t, ctx, chromedp.Text(chromedp.CSS(`ol.results li:first-child a.title`)))
	total := must(t, ctx, chromedp.Text(chromedp.CSS(`#total`)))
	marks := must(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("ol.results li:first-child mark")].map(m => m.textContent)`))
	screenshot(t, ctx, "1-search")
	if firstTitle != a.Title {
		t.Errorf("first result %q, want %q (typed %q)", firstTitle, a.Title, typed)
	}
	if !strings.Contains(total, "kết quả") {
		t.Errorf("result count reads %q", total)
	}
	if len(marks) == 0 {
		t.Error("the first result's snippet marks no hit")
	}
	for _, m := range marks {
		if !strings.Contains(search.Fold(typed), search.Fold(m)) {
			t.Errorf("marked %q, which the query did not ask for", m)
		}
	}

	// The article: its title, the text of the latest version, two versions.
	do(t, ctx,
		chromedp.Click(chromedp.CSS(`ol.results li:first-child a.title`)),
		chromedp.WaitVisible(chromedp.CSS(`ol.timeline`)),
	)
	doc := must(t, ctx, chromedp.Text(chromedp.CSS(`article .doc`)))
	timeline := must(t, ctx, chromedp.Text(chromedp.CSS(`ol.timeline`)))
	screenshot(t, ctx, "2-article")
	if !strings.HasPrefix(doc, a.Title) || !strings.Contains(doc, "Ghi chú của Ban Biên tập") {
		t.Errorf("article shows %.200q…, want the corrected text of %q", doc, a.Title)
	}
	if !strings.Contains(timeline, "Phiên bản 1") || !strings.Contains(timeline, "Phiên bản 2") {
		t.Errorf("timeline reads %q", timeline)
	}

	// The diff: the added sentence and note, highlighted, in the new column only.
	do(t, ctx,
		chromedp.Click(chromedp.CSS(`a.diff-link`)),
		chromedp.WaitVisible(chromedp.CSS(`.side`)),
	)
	inserted := must(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll(".doc.new ins")].map(e => e.textContent.trim())`))
	deleted := must(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll(".doc del")].map(e => e.textContent)`))
	insColor := must(t, ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector(".doc.new ins")).backgroundColor`))
	screenshot(t, ctx, "3-diff")
	if len(inserted) != 2 || !strings.Contains(inserted[0], "đã được đính chính") || !strings.Contains(inserted[1], "Ghi chú của Ban Biên tập") {
		t.Errorf("highlighted additions %q, want the correction's sentence and editor's note", inserted)
	}
	if len(deleted) != 0 {
		t.Errorf("highlighted removals %q in a correction that only adds", deleted)
	}
	if insColor == "" || insColor == "rgba(0, 0, 0, 0)" {
		t.Errorf("additions are not highlighted: background %q", insColor)
	}

	// On a phone the two columns stack and nothing scrolls sideways.
	do(t, ctx,
		chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateScale(2)),
		chromedp.Reload(),
		chromedp.WaitVisible(chromedp.CSS(`.side`)),
	)
	overflow := must(t, ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`))
	screenshot(t, ctx, "4-diff-phone")
	if overflow {
		t.Error("the diff page scrolls sideways on a 390 px wide phone")
	}
	if out := reqs.outside(t, hs.URL); len(out) > 0 {
		t.Errorf("the browser requested URLs outside the archive: %q", out)
	}
}

// The page as captured runs none of its scripts and loads nothing from the network.
func TestBrowser_CapturedIsSandboxed(t *testing.T) {
	t.Parallel()
	ra := replicaDB(t)
	_, hs := newTestServer(t, ra.db, "")
	ctx := browser(t)
	var reqs requestLog
	reqs.listen(t, ctx)
	a := ra.changedArticle(t)
	do(t, ctx,
		chromedp.Navigate(hs.URL+"/article?"+url.Values{"url": {a.URL}}.Encode()),
		chromedp.Click(chromedp.CSS(`table.captures a`)),
		chromedp.WaitVisible(chromedp.CSS(`iframe.captured`)),
		chromedp.Sleep(500*time.Millisecond), // let the frame load what it would
	)
	src := must(t, ctx, chromedp.AttributeValue(chromedp.CSS(`iframe.captured`), "src"))
	sandbox := must(t, ctx, chromedp.AttributeValue(chromedp.CSS(`iframe.captured`), "sandbox"))
	screenshot(t, ctx, "5-captured")
	if !src.Exists || !sandbox.Exists || sandbox.Value != "" {
		t.Errorf("frame src %+v sandbox %+v, want a sandbox with no permissions", src, sandbox)
	}
	// Open the stored page itself: its inline gtag script must not have run.
	do(t, ctx, chromedp.Navigate(hs.URL+src.Value))
	gtag := must(t, ctx, chromedp.Evaluate[string](`typeof window.gtag + "/" + typeof window.dataLayer`))
	title := must(t, ctx, chromedp.Title())
	if gtag != "undefined/undefined" {
		t.Errorf("the stored page's scripts ran: gtag/dataLayer are %s", gtag)
	}
	if !strings.Contains(title, a.Title) {
		t.Errorf("stored page title %q, want it to contain %q", title, a.Title)
	}
	if out := reqs.outside(t, hs.URL); len(out) > 0 {
		t.Errorf("the stored page made the browser request %q", out)
	}
}

// A reader sees what each capture of an article was (the redirect that led to it, its own
// fetches, its print view with the print view's address) and a listing page shown as a listing,
// with no versions.
func TestBrowser_CaptureRoles(t *testing.T) {
	t.Parallel()
	_, hs := newTestServer(t, rolesArchive(t), "")
	ctx := browser(t)
	do(t, ctx,
		chromedp.Navigate(hs.URL+"/article?"+url.Values{"url": {rolesArticle}}.Encode()),
		chromedp.WaitVisible(chromedp.CSS(`table.captures`)),
	)
	rows := must(t, ctx, chromedp.Evaluate[[][]string](`[...document.querySelectorAll("table.captures tbody tr")].map(tr => [...tr.cells].map(td => td.innerText.trim()))`))
	screenshot(t, ctx, "5-capture-roles")
	want := [][2]string{{"chuyển hướng", "—"}, {"bản chính", "1"}, {"bản thay thế", "—"}, {"bản chính", "2"}}
	if len(rows) != len(want) {
		t.Fatalf("captures table rows %q, want %d", rows, len(want))
	}
	for i, w := range want {
		if len(rows[i]) < 4 || !strings.HasPrefix(rows[i][1], w[0]) || rows[i][3] != w[1] {
			t.Errorf("capture %d reads %q, want role %q and version %q", i+1, rows[i], w[0], w[1])
		}
	}
	if len(rows) > 2 && !strings.Contains(rows[2][1], rolesPrint) {
		t.Errorf("the alternate's row %q does not show its address %s", rows[2], rolesPrint)
	}

	do(t, ctx,
		chromedp.Navigate(hs.URL+"/article?"+url.Values{"url": {rolesHub}}.Encode()),
		chromedp.WaitVisible(chromedp.CSS(`#page-kind`)),
	)
	kind := must(t, ctx, chromedp.Text(chromedp.CSS(`#page-kind`)))
	timelines := must(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll("ol.timeline").length`))
	screenshot(t, ctx, "6-hub")
	if !strings.Contains(kind, "trang mục lục") || timelines != 0 {
		t.Errorf("the listing page reads kind %q with %d version timelines", kind, timelines)
	}
}
