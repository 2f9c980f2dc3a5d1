package crawler

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/klauspost/compress/zstd"
	"github.com/newsarchive/newsarchive/internal/testmain"
)

func compress(t testing.TB, coding string, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	var w io.WriteCloser
	switch coding {
	case "gzip":
		w = gzip.NewWriter(&buf)
	case "zlib":
		w = zlib.NewWriter(&buf)
	case "flate":
		w, _ = flate.NewWriter(&buf, flate.BestCompression)
	case "zstd":
		w, _ = zstd.NewWriter(&buf)
	}
	w.Write(b)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestDecodeBody(t *testing.T) {
	text := []byte(strings.Repeat("<p>Bến Tre</p>", 100))
	gz := compress(t, "gzip", text)
	cases := []struct {
		name, encoding, ctype, path string
		body                        []byte
		want                        []byte
		wantErr                     error
	}{
		{"identity", "", "text/html", "/a", text, text, nil},
		{"identity named", "identity", "text/html", "/a", text, text, nil},
		{"gzip", "gzip", "text/html", "/a", gz, text, nil},
		{"x-gzip", "x-gzip", "text/html", "/a", gz, text, nil},
		{"gzip twice", "gzip, gzip", "text/html", "/a", compress(t, "gzip", gz), text, nil},
		{"deflate zlib", "deflate", "text/html", "/a", compress(t, "zlib", text), text, nil},
		{"deflate raw", "deflate", "text/html", "/a", compress(t, "flate", text), text, nil},
		{"zstd", "zstd", "text/html", "/a", compress(t, "zstd", text), text, nil},
		{"gzip container by type", "", "application/x-gzip", "/robots.txt", gz, text, nil},
		{"gzip container by path", "", "application/octet-stream", "/sitemap.xml.gz", gz, text, nil},
		{"gzip coded and contained", "gzip", "application/xml", "/sitemap.xml.gz", compress(t, "gzip", gz), text, nil},
		{".gz path, plain bytes", "", "application/xml", "/sitemap.xml.gz", text, text, nil},
		{"unknown coding", "br", "text/html", "/a", text, nil, ErrEncoding},
		{"too many codings", "gzip, gzip, gzip, gzip", "text/html", "/a", gz, nil, ErrEncoding},
		{"damaged gzip", "gzip", "text/html", "/a", []byte("\x1f\x8b not gzip"), nil, ErrEncoding},
		{"over the cap", "gzip", "text/html", "/a", compress(t, "gzip", make([]byte, 10000)), make([]byte, 4096), ErrTooLarge},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := http.Header{"Content-Type": {c.ctype}}
			if c.encoding != "" {
				h.Set("Content-Encoding", c.encoding)
			}
			got, err := readBody(bytes.NewReader(c.body), h, &url.URL{Scheme: "http", Host: "x.vn", Path: c.path}, 4096)
			if !errors.Is(err, c.wantErr) {
				t.Fatalf("err = %v, want %v", err, c.wantErr)
			}
			if c.want != nil && !bytes.Equal(got, c.want) {
				t.Errorf("decoded %d bytes %.40q, want %d bytes", len(got), got, len(c.want))
			}
		})
	}
}

// bombPaths are the ways a body can be inflated: each serves endless zeros in a few KB a MB.
var bombPaths = []string{"/ce-gzip", "/ce-x-gzip", "/ce-deflate", "/ce-zstd", "/robots.txt", "/sitemap.xml.gz"}

// bombServer serves endless compressed zeros on bombPaths until the client goes away: one
// compressed piece of 1 MiB repeated, cheap for the server.
func bombServer(t testing.TB) *httptest.Server {
	zeros := make([]byte, 1<<20)
	gzMember := compress(t, "gzip", zeros)
	zstdFrame := compress(t, "zstd", zeros)
	// A zlib stream of flushed blocks: the first 1 MiB, then a block that repeats the window
	// (zeros after zeros), valid any number of times.
	var zb bytes.Buffer
	zw := zlib.NewWriter(&zb)
	zw.Write(zeros)
	zw.Flush()
	zlibHead := bytes.Clone(zb.Bytes())
	zb.Reset()
	zw.Write(zeros)
	zw.Flush()
	zlibMore := bytes.Clone(zb.Bytes())
	endless := func(w http.ResponseWriter, head, more []byte) {
		if _, err := w.Write(head); err != nil {
			return
		}
		for {
			if _, err := w.Write(more); err != nil {
				return
			}
		}
	}
	mux := http.NewServeMux()
	for _, p := range []string{"/ce-gzip", "/ce-x-gzip"} {
		mux.HandleFunc(p, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.Header().Set("Content-Encoding", strings.TrimPrefix(p, "/ce-"))
			endless(w, gzMember, gzMember)
		})
	}
	mux.HandleFunc("/ce-deflate", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Encoding", "deflate")
		endless(w, zlibHead, zlibMore)
	})
	mux.HandleFunc("/ce-zstd", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Encoding", "zstd")
		endless(w, zstdFrame, zstdFrame)
	})
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/x-gzip")
		endless(w, gzMember, gzMember)
	})
	mux.HandleFunc("/sitemap.xml.gz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/octet-stream")
		endless(w, gzMember, gzMember)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// bombCap is the tests' cap of decoded bytes: 1 MiB shows the cut as well as 4 did, and every
// body up to the cap is read, inflated and copied under the race detector.
const bombCap = 1 << 20

// bombAlloc bounds what one bomb's fetch may allocate: loose (other work of the process counts
// too), where the failure it catches is gigabytes.
const bombAlloc = 64 << 20

// TestFetcher_Bombs fetches an endless decompression bomb on every path a body is inflated:
// each is cut at the cap of decoded bytes, and what the fetch allocates stays a small multiple
// of the cap (an inflating read allocates without end).
func TestFetcher_Bombs(t *testing.T) {
	srv := bombServer(t)
	f := newTestFetcher(t, FetcherOptions{MaxBodySize: bombCap, Timeout: 20 * time.Second, AllowedHosts: []string{strings.TrimPrefix(srv.URL, "http://")}})
	defer f.Close()
	for _, p := range bombPaths {
		t.Run(p, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			r, err := f.FetchType(context.Background(), srv.URL+p, nil, acceptText)
			runtime.ReadMemStats(&after)
			if !errors.Is(err, ErrTooLarge) {
				t.Fatalf("err = %v, want ErrTooLarge", err)
			}
			if r == nil || len(r.Body) != bombCap || r.Body[0] != 0 {
				t.Fatalf("body cut wrongly: %v", r)
			}
			// Other tests in the package may run meanwhile: the bound is loose, the failure it
			// catches is not (gigabytes).
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > bombAlloc {
				t.Errorf("%s: fetch allocated %d MiB for a %d MiB cap", p, alloc>>20, bombCap>>20)
			}
		})
	}
}

// TestFetcher_BombRSS measures the peak resident memory of a process that fetches one bomb,
// each path in its own process (this test binary, run again): bounded by the cap, not the
// inflated size.
func TestFetcher_BombRSS(t *testing.T) {
	if u := os.Getenv("NEWSARCHIVE_BOMB_URL"); u != "" {
		bombChild(u)
		return
	}
	if testing.Short() {
		t.Skip("starts a process per bomb")
	}
	// -race multiplies RSS by its shadow memory and takes seconds a process: TestFetcher_Bombs
	// bounds the allocations there.
	testmain.WithoutRace(t, "measures the RSS of a process per bomb")
	srv := bombServer(t)
	for _, p := range append([]string{"baseline"}, bombPaths...) {
		cmd := exec.Command(os.Args[0], "-test.run=^TestFetcher_BombRSS$")
		cmd.Env = append(os.Environ(), "NEWSARCHIVE_BOMB_URL="+srv.URL+"/"+strings.TrimPrefix(p, "/"))
		out, err := cmd.CombinedOutput()
		if err != nil || !bytes.Contains(out, []byte("bomb: ok")) {
			t.Fatalf("%s: %v\n%s", p, err, out)
		}
		// The child's own high-water mark: wait4's ru_maxrss would count the parent's memory
		// the child shared before exec.
		_, hwm, _ := strings.Cut(string(out), "VmHWM:")
		var kib int64
		if _, err := fmt.Sscan(hwm, &kib); err != nil {
			t.Fatalf("%s: no VmHWM in %q", p, out)
		}
		rss := kib << 10
		t.Logf("%s: peak RSS %d MiB (cap %d MiB)", p, rss>>20, bombCap>>20)
		if rss > 96<<20 {
			t.Errorf("%s: peak RSS %d MiB for a %d MiB cap", p, rss>>20, bombCap>>20)
		}
	}
}

// bombChild fetches one bomb and reports on standard output, with its peak RSS.
func bombChild(u string) {
	defer func() {
		status, _ := os.ReadFile("/proc/self/status")
		for line := range strings.Lines(string(status)) {
			if strings.HasPrefix(line, "VmHWM:") {
				os.Stdout.WriteString(line)
			}
		}
	}()
	if strings.HasSuffix(u, "/baseline") {
		os.Stdout.WriteString("bomb: ok\n")
		return
	}
	f, err := NewFetcher(FetcherOptions{UserAgent: testUA, MaxBodySize: bombCap, Timeout: 20 * time.Second,
		AllowedHosts: []string{strings.SplitN(u, "/", 4)[2]}})
	if err != nil {
		os.Stdout.WriteString(err.Error())
		return
	}
	defer f.Close()
	_, err = f.FetchType(context.Background(), u, nil, acceptText)
	if errors.Is(err, ErrTooLarge) {
		os.Stdout.WriteString("bomb: ok\n")
		return
	}
	os.Stdout.WriteString("bomb: " + err.Error() + "\n")
}

// A page coded with zstd's largest standard window (8 MiB, RFC 9659) is read under a smaller
// size cap: the window is the decoder's memory, not the page's size, and the cap still cuts a
// larger body.
func TestReadBody_ZstdStandardWindowUnderSmallCap(t *testing.T) {
	// Over one zstd block, so the writer names its window rather than the frame's size.
	page := []byte(strings.Repeat("<p>Đồng Khởi</p>", 10_000))
	var coded bytes.Buffer
	zw, err := zstd.NewWriter(&coded, zstd.WithWindowSize(zstdWindow))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := zw.Write(page); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	var h zstd.Header
	if err := h.Decode(coded.Bytes()); err != nil || h.WindowSize != zstdWindow {
		t.Fatalf("the frame's window is %d (%v), want %d", h.WindowSize, err, zstdWindow)
	}
	hdr := http.Header{"Content-Encoding": {"zstd"}}
	for _, tt := range []struct {
		limit int64
		want  error
	}{{1 << 20, nil}, {int64(len(page)) - 1, ErrTooLarge}} {
		got, err := readBody(bytes.NewReader(coded.Bytes()), hdr, nil, tt.limit)
		if !errors.Is(err, tt.want) || tt.want == nil && !bytes.Equal(got, page) {
			t.Errorf("cap %d: %d bytes, %v; want the page and %v", tt.limit, len(got), err, tt.want)
		}
	}
}
