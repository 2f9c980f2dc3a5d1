// Command aebcompare compares three article extractors — newsarchive's parse.Extract,
// github.com/markusmobius/go-trafilatura and github.com/go-shiori/go-readability — on the public
// article-extraction benchmark (and, optionally, on a directory of Vietnamese replica pages), in one
// run on the same decompressed bytes, and prints a markdown table of the benchmark's metric and the
// extraction time per page.
//
// Run it from the bench/ module:
//
//	cd bench && go run ./cmd/aebcompare
//	cd bench && go run ./cmd/aebcompare -vi ../parse/testdata/sites -reps 5 -out /tmp/aeb
//
// Timing: each extractor is warmed up with one untimed pass over the pages (that pass's output is
// the prediction), then every page is timed -reps times, in -reps passes; a page's time is the
// median of its passes. The timed region is the extractor call alone, HTML parsing and text
// rendering included, file reading and gunzip excluded. Pages run one at a time.
//
// Scoring: predictions are written to -out as pred-<name>.json (pred-vi-<name>.json for -vi) in
// the scorer's format {"<id>": {"articleBody": "..."}}, and scored by the benchmark's own scorer
// (the aebscore main package beside the data, see -scorer), built once into -out.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"time"
)

// Defaults are relative to bench/, where `go run ./cmd/aebcompare` is meant to run.
const defaultAEB = "../../shared/bench/aeb"

func main() {
	aebDir := flag.String("aeb", defaultAEB, "article-extraction-benchmark directory (ground-truth.json, html/<id>.html.gz); empty to skip it. The default is relative to bench/")
	viDir := flag.String("vi", "", "optional directory of <base>.html + <base>.truth.txt pairs (URL from <base>.json), scored the same way in a second table")
	scorerDir := flag.String("scorer", "", "directory of the official scorer package (default: aebscore beside the -aeb directory, else ../../shared/bench/aebscore)")
	reps := flag.Int("reps", 3, "timed passes per page; a page's time is the median")
	outDir := flag.String("out", "", "directory for predictions, truth and timings (default: a new temporary directory)")
	only := flag.String("only", "", "comma-separated extractors to run (newsarchive, newsarchive-export, trafilatura, readability); default all")
	fallback := flag.Bool("fallback", false, "set go-trafilatura's EnableFallback (library default: false)")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: go run ./cmd/aebcompare [flags]   (from bench/)\n\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	if *reps < 1 {
		fatalf("-reps must be at least 1")
	}
	if *aebDir == "" && *viDir == "" {
		fatalf("nothing to do: both -aeb and -vi are empty")
	}

	exs, err := selectExtractors(extractors(*fallback), *only)
	if err != nil {
		fatalf("%v", err)
	}

	if *outDir == "" {
		d, err := os.MkdirTemp("", "aebcompare-")
		if err != nil {
			fatalf("%v", err)
		}
		*outDir = d
	} else if err := os.MkdirAll(*outDir, 0o755); err != nil {
		fatalf("%v", err)
	}
	logf("output directory: %s", *outDir)

	if *scorerDir == "" {
		*scorerDir = "../../shared/bench/aebscore"
		if *aebDir != "" {
			*scorerDir = filepath.Join(*aebDir, "..", "aebscore")
		}
	}
	scorer, err := buildScorer(*scorerDir, *outDir)
	if err != nil {
		fatalf("%v", err)
	}

	var sets []*dataset
	if *aebDir != "" {
		ds, err := loadAEB(*aebDir)
		if err != nil {
			fatalf("%v", err)
		}
		sets = append(sets, ds)
	}
	if *viDir != "" {
		ds, err := loadVI(*viDir, *outDir)
		if err != nil {
			fatalf("%v", err)
		}
		sets = append(sets, ds)
	}

	var report strings.Builder
	for _, ds := range sets {
		if len(ds.Missing) > 0 {
			logf("%s: %d pages have no HTML and score as empty predictions", ds.Name, len(ds.Missing))
		}
		var results []*runResult
		for _, ex := range exs {
			r := runExtractor(ds, ex, *reps)
			if err := r.write(*outDir, ds); err != nil {
				fatalf("%v", err)
			}
			s, _, err := runScorer(scorer, ds.TruthPath, r.predPath)
			if err != nil {
				fatalf("%v", err)
			}
			r.score = s
			logf("%s: %s: F1 %.3f, %.2f ms/page", ds.Name, ex.name, s.F1, r.meanMS())
			results = append(results, r)
		}
		writeTable(&report, ds, results)
	}
	writeEnv(&report, exs, *reps, *fallback)
	fmt.Print(report.String())
}

// selectExtractors keeps the extractors named in the comma-separated list only (all when empty),
// in table order.
func selectExtractors(all []extractor, only string) ([]extractor, error) {
	if strings.TrimSpace(only) == "" {
		return all, nil
	}
	var names []string
	for n := range strings.SplitSeq(only, ",") {
		if n = strings.TrimSpace(n); n != "" {
			names = append(names, n)
		}
	}
	var out []extractor
	for _, ex := range all {
		if slices.Contains(names, ex.name) {
			out = append(out, ex)
		}
	}
	for _, n := range names {
		if !slices.ContainsFunc(all, func(e extractor) bool { return e.name == n }) {
			return nil, fmt.Errorf("-only: unknown extractor %q (have newsarchive, trafilatura, readability)", n)
		}
	}
	return out, nil
}

// runResult holds one extractor's predictions and per-page timings on one data set.
type runResult struct {
	name     string
	preds    map[string]truthItem
	ms       []float64 // per page, median over reps, in page order
	errs     map[string]string
	predPath string
	score    score
}

// runExtractor does the untimed warm-up pass (which gives the predictions) and then reps timed
// passes over the pages.
func runExtractor(ds *dataset, ex extractor, reps int) *runResult {
	r := &runResult{name: ex.name, preds: map[string]truthItem{}, errs: map[string]string{}}
	logf("%s: %s: warm-up pass over %d pages", ds.Name, ex.name, len(ds.Pages))
	for _, p := range ds.Pages {
		text, err := safeCall(ex.fn, p)
		if err != nil {
			r.errs[p.ID] = err.Error()
		}
		r.preds[p.ID] = truthItem{ArticleBody: text}
	}
	times := make([][]float64, len(ds.Pages))
	for rep := 0; rep < reps; rep++ {
		logf("%s: %s: timed pass %d/%d", ds.Name, ex.name, rep+1, reps)
		runtime.GC()
		for i, p := range ds.Pages {
			start := time.Now()
			_, _ = safeCall(ex.fn, p)
			times[i] = append(times[i], float64(time.Since(start).Nanoseconds())/1e6)
		}
	}
	r.ms = make([]float64, len(ds.Pages))
	for i, t := range times {
		r.ms[i] = median(t)
	}
	return r
}

// safeCall runs fn and turns a panic into an error, so one bad page cannot end the run.
func safeCall(fn func([]byte, string) (string, error), p page) (text string, err error) {
	defer func() {
		if v := recover(); v != nil {
			text, err = "", fmt.Errorf("panic: %v", v)
		}
	}()
	return fn(p.HTML, p.URL)
}

// write stores the predictions (pred-<name>.json, pred-<set>-<name>.json for other sets than the
// AEB) and a per-page timing TSV in outDir.
func (r *runResult) write(outDir string, ds *dataset) error {
	prefix := "pred-"
	if ds.Name != "aeb" {
		prefix += ds.Name + "-"
	}
	r.predPath = filepath.Join(outDir, prefix+r.name+".json")
	if err := writeJSON(r.predPath, r.preds); err != nil {
		return err
	}
	var b strings.Builder
	b.WriteString("id\tms_median\terror\n")
	for i, p := range ds.Pages {
		fmt.Fprintf(&b, "%s\t%.3f\t%s\n", p.ID, r.ms[i], strings.ReplaceAll(r.errs[p.ID], "\n", " "))
	}
	return os.WriteFile(filepath.Join(outDir, "timing-"+ds.Name+"-"+r.name+".tsv"), []byte(b.String()), 0o644)
}

func (r *runResult) meanMS() float64 {
	var s float64
	for _, v := range r.ms {
		s += v
	}
	return s / float64(len(r.ms))
}

func (r *runResult) totalMS() float64 {
	var s float64
	for _, v := range r.ms {
		s += v
	}
	return s
}

func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	n := len(s)
	if n == 0 {
		return 0
	}
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// writeTable prints one data set's markdown table, then the totals and any extraction errors.
func writeTable(w io.Writer, ds *dataset, results []*runResult) {
	fmt.Fprintf(w, "### %s (%d pages)\n\n", ds.Title, len(ds.Pages)+len(ds.Missing))
	fmt.Fprintln(w, "| extractor | F1 | precision | recall | ms/page (mean) | ms/page (p50) | pages |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|")
	for _, r := range results {
		pages := fmt.Sprint(len(ds.Pages))
		if n := len(r.errs); n > 0 {
			pages += fmt.Sprintf(" (%d errors)", n)
		}
		fmt.Fprintf(w, "| %s | %.3f ± %.3f | %.3f | %.3f | %.2f | %.2f | %s |\n",
			r.name, r.score.F1, r.score.F1Std, r.score.P, r.score.R, r.meanMS(), median(r.ms), pages)
	}
	fmt.Fprintln(w)
	var totals []string
	for _, r := range results {
		totals = append(totals, fmt.Sprintf("%s %.3f s", r.name, r.totalMS()/1000))
	}
	fmt.Fprintf(w, "Total extraction time (sum of per-page medians): %s.\n", strings.Join(totals, ", "))
	if len(ds.Missing) > 0 {
		fmt.Fprintf(w, "%d ground-truth pages had no HTML and scored as empty predictions.\n", len(ds.Missing))
	}
	urls := map[string]string{}
	for _, p := range ds.Pages {
		urls[p.ID] = p.URL
	}
	for _, r := range results {
		if len(r.errs) == 0 {
			continue
		}
		// Group pages by message; the page URL is already known from the id, so drop it.
		byMsg := map[string][]string{}
		for id, e := range r.errs {
			msg := strings.ReplaceAll(e, "\n", " ")
			if u := urls[id]; u != "" {
				msg = strings.Replace(msg, u+": ", "", 1)
			}
			if rs := []rune(msg); len(rs) > 120 {
				msg = string(rs[:120]) + "…"
			}
			byMsg[msg] = append(byMsg[msg], id)
		}
		msgs := make([]string, 0, len(byMsg))
		for m := range byMsg {
			msgs = append(msgs, m)
		}
		slices.Sort(msgs)
		fmt.Fprintf(w, "%s errors, scored as empty predictions:\n", r.name)
		for _, m := range msgs {
			ids := byMsg[m]
			slices.Sort(ids)
			short := make([]string, 0, 5)
			for i, id := range ids {
				if i == 5 {
					short = append(short, fmt.Sprintf("… %d more", len(ids)-5))
					break
				}
				short = append(short, "`"+shortID(id)+"`")
			}
			fmt.Fprintf(w, "- %d × %s (%s)\n", len(ids), m, strings.Join(short, ", "))
		}
	}
	fmt.Fprintln(w)
}

func shortID(id string) string {
	if len(id) == 64 { // AEB ids are sha256 hex
		return id[:12]
	}
	return id
}

// writeEnv prints the machine, toolchain, library versions and the command line.
func writeEnv(w io.Writer, exs []extractor, reps int, fallback bool) {
	fmt.Fprintf(w, "%s %s/%s, GOMAXPROCS=%d, CPU: %s; reps=%d (median per page), pages run sequentially.\n",
		runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.GOMAXPROCS(0), cpuModel(), reps)
	fmt.Fprintf(w, "Extractors: %s.\n", libVersions(exs, fallback))
	fmt.Fprintf(w, "Command: `%s`\n", commandLine())
}

func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "unknown"
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}

func libVersions(exs []extractor, fallback bool) string {
	vers := map[string]string{}
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			v := d.Version
			if d.Replace != nil {
				v = "=> " + d.Replace.Path
				if d.Replace.Version != "" {
					v += " " + d.Replace.Version
				}
			}
			vers[d.Path] = v
		}
	}
	get := func(p string) string {
		if v, ok := vers[p]; ok {
			return v
		}
		return "(unknown version)"
	}
	var out []string
	for _, ex := range exs {
		switch ex.name {
		case "newsarchive":
			out = append(out, fmt.Sprintf("newsarchive parse.Extract + Article.Plain, newsarchive-export Article.Text (%s)",
				get("github.com/newsarchive/newsarchive")))
		case "trafilatura":
			out = append(out, fmt.Sprintf("go-trafilatura %s (default options, URL set, EnableFallback=%v, ContentText)",
				get("github.com/markusmobius/go-trafilatura"), fallback))
		case "readability":
			out = append(out, fmt.Sprintf("go-shiori/go-readability %s (FromReader, TextContent)",
				get("github.com/go-shiori/go-readability")))
		}
	}
	return strings.Join(out, "; ")
}

// commandLine reconstructs how the command was run; under `go run` the binary lives in a
// go-build temporary directory, so it is shown as go run from the working directory.
func commandLine() string {
	args := make([]string, 0, len(os.Args))
	for _, a := range os.Args[1:] {
		args = append(args, shellQuote(a))
	}
	prog := os.Args[0]
	if strings.Contains(prog, "go-build") {
		prog = "go run ./cmd/aebcompare"
	}
	cmd := strings.TrimSpace(prog + " " + strings.Join(args, " "))
	if wd, err := os.Getwd(); err == nil {
		cmd = "cd " + shellQuote(wd) + " && " + cmd
	}
	return cmd
}

func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./=,:+@", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "aebcompare: "+format+"\n", args...)
}

func fatalf(format string, args ...any) {
	logf(format, args...)
	os.Exit(1)
}
