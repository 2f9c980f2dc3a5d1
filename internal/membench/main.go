// Command membench measures the peak resident memory of the commands that walk a whole archive —
// export (text, JSON Lines, WARC) and reparse — on a synthetic archive of many pages (issue #15:
// at most 200 MB at 100,000 pages).
//
// It builds the newsarchive binary, builds the archive once (cached under -cache, keyed by the
// page count and the archive's schema version), runs each command in a child process on it and
// reads the child's peak RSS from the kernel (rusage ru_maxrss, which counts the pages of the
// database mapped into memory as well as the heap). reparse runs on a copy of the archive, since
// it rewrites it.
//
//	go run ./internal/membench -n 100000          # about half an hour the first time on 2 cores
//	go run ./internal/membench -n 2000 -only jsonl
//
// The archive: pages of internal/sitegen (about 52 KB of real Báo Đồng Khởi chrome around unique
// text each), extracted through ingest.Prepare as a crawl would; every tenth page is captured a
// second time with an edited text (a second version); every other page keeps the text an
// "older extractor" gave (its last paragraph missing), so reparse corrects half the pages and
// writes their captures and versions anew.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/newsarchive/newsarchive/archive"
)

func main() {
	n := flag.Int("n", 100000, "pages in the synthetic archive")
	cache := flag.String("cache", filepath.Join(os.TempDir(), "newsarchive-membench"), "directory the archives are kept in between runs")
	only := flag.String("only", "text,jsonl,warc,reparse", "comma-separated commands to measure: text, jsonl, warc, reparse")
	limit := flag.Int("limit", 200, "peak RSS allowed, MB; exit 1 when a command exceeds it")
	buildOnly := flag.Bool("build-only", false, "only build the cached archive (membench runs itself so to build)")
	flag.Parse()
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	if *buildOnly {
		if _, err := ensureArchive(context.Background(), log, *cache, *n); err != nil {
			fmt.Fprintln(os.Stderr, "membench:", err)
			os.Exit(1)
		}
		return
	}
	if err := run(context.Background(), log, *n, *cache, strings.Split(*only, ","), *limit); err != nil {
		fmt.Fprintln(os.Stderr, "membench:", err)
		os.Exit(1)
	}
}

// errOverLimit means a command's peak RSS exceeded -limit.
var errOverLimit = errors.New("peak RSS over the limit")

func run(ctx context.Context, log *slog.Logger, n int, cache string, only []string, limitMB int) error {
	work, err := os.MkdirTemp("", "membench-run-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	bin := filepath.Join(work, "newsarchive")
	build := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/newsarchive")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		return fmt.Errorf("build newsarchive (run from the module root): %w", err)
	}
	// The archive is built in a child process: Linux carries the peak RSS of the process that
	// starts a command over into the command's own (the forked image counts until exec), so
	// the process that measures must stay small.
	self := exec.CommandContext(ctx, os.Args[0], "-build-only", "-n", fmt.Sprint(n), "-cache", cache)
	self.Stdout, self.Stderr = os.Stderr, os.Stderr
	if err := self.Run(); err != nil {
		return fmt.Errorf("build archive: %w", err)
	}
	db := archivePath(cache, n)
	floor, err := selfPeakRSS()
	if err != nil {
		return err
	}
	fmt.Printf("archive: %d pages, %s (database %s, segments %s)\n", n, db, size(fileSize(db)), size(dirSize(archive.SegmentDir(db))))
	fmt.Printf("floor: this process's own peak RSS %d MB (a child's figure cannot be below it)\n", floor>>20)
	var over []string
	for _, what := range only {
		args, target, err := commandFor(what, db, work)
		if err != nil {
			return err
		}
		start := time.Now()
		rss, out, err := measure(ctx, bin, args)
		if err != nil {
			return fmt.Errorf("%s: %w\n%s", what, err, out)
		}
		fmt.Printf("%-8s peak RSS %4d MB  %6.1f s  %s\n", what, rss>>20, time.Since(start).Seconds(), lastLine(out))
		if rss > int64(limitMB)<<20 {
			over = append(over, what)
		}
		os.RemoveAll(target)
	}
	if len(over) > 0 {
		return fmt.Errorf("%w of %d MB: %s", errOverLimit, limitMB, strings.Join(over, ", "))
	}
	return nil
}

// commandFor returns the arguments of a measured command and what it writes (removed after).
func commandFor(what, db, work string) ([]string, string, error) {
	out := filepath.Join(work, "out-"+what)
	switch what {
	case "text":
		return []string{"--db", db, "export", "--format", "text", "--out", out}, out, nil
	case "jsonl":
		return []string{"--db", db, "export", "--format", "jsonl", "--out", out}, out, nil
	case "warc":
		return []string{"--db", db, "export", "--format", "warc", "--out", out}, out, nil
	case "reparse":
		cp := filepath.Join(work, "reparse.db")
		if err := copyArchive(db, cp); err != nil {
			return nil, "", err
		}
		return []string{"--db", cp, "reparse"}, cp, nil
	}
	return nil, "", fmt.Errorf("unknown command %q (text, jsonl, warc, reparse)", what)
}

// measure runs the binary and returns the child's peak RSS in bytes and its combined output.
func measure(ctx context.Context, bin string, args []string) (int64, string, error) {
	cmd := exec.CommandContext(ctx, bin, args...)
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if cmd.ProcessState == nil {
		return 0, out.String(), err
	}
	rss, rerr := peakRSS(cmd.ProcessState)
	return rss, out.String(), errors.Join(err, rerr)
}

func lastLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		s = s[i+1:]
	}
	return s
}

func size(n int64) string { return fmt.Sprintf("%.0f MB", float64(n)/(1<<20)) }

func fileSize(path string) int64 {
	fi, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return fi.Size()
}

func dirSize(dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(_ string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if fi, err := d.Info(); err == nil {
				n += fi.Size()
			}
		}
		return nil
	})
	return n
}
