package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
)

// The numbers come from the benchmark's official scorer (a main package in the shared data
// folder), built once into the output directory and run on each prediction file, so they are the
// scorer's own and not a reimplementation's.

// score is what the official scorer prints for one prediction file.
type score struct {
	F1, F1Std, P, PStd, R, RStd, Acc float64
	Pages, NoPrediction              int
}

// buildScorer compiles the scorer package in dir into outDir and returns the binary's path.
func buildScorer(dir, outDir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	bin := filepath.Join(outDir, "aebscore")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Dir = abs
	// The scorer is its own module; a go.work or a -modfile meant for bench/ must not leak in.
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-buildvcs=false")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("building scorer in %s: %v\n%s", abs, err, out)
	}
	return bin, nil
}

var (
	reScore = regexp.MustCompile(`F1 ([0-9.]+) ± ([0-9.]+)\s+precision ([0-9.]+) ± ([0-9.]+)\s+recall ([0-9.]+) ± ([0-9.]+)\s+accuracy ([0-9.]+)`)
	rePages = regexp.MustCompile(`pages (\d+) \(no prediction: (\d+)\)`)
)

// runScorer runs the scorer binary on truth and pred and parses its two-line report.
func runScorer(bin, truth, pred string) (score, string, error) {
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(bin, "-truth", truth, "-pred", pred)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return score{}, "", fmt.Errorf("scorer on %s: %v\n%s", pred, err, stderr.String())
	}
	out := stdout.String()
	var s score
	m := reScore.FindStringSubmatch(out)
	if m == nil {
		return s, out, fmt.Errorf("scorer on %s: unexpected output %q", pred, out)
	}
	f := make([]float64, len(m)-1)
	for i := range f {
		f[i], _ = strconv.ParseFloat(m[i+1], 64)
	}
	s.F1, s.F1Std, s.P, s.PStd, s.R, s.RStd, s.Acc = f[0], f[1], f[2], f[3], f[4], f[5], f[6]
	if pm := rePages.FindStringSubmatch(out); pm != nil {
		s.Pages, _ = strconv.Atoi(pm[1])
		s.NoPrediction, _ = strconv.Atoi(pm[2])
	}
	return s, out, nil
}
