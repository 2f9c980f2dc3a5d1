package testmain

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

// exitEnv, in a child's environment, is the code the child's TestMain exits with at once.
const exitEnv = "TESTMAIN_EXIT"

// parallelEnv, in a child's environment, makes its TestMain call DefaultParallel(7) and print
// -test.parallel.
const parallelEnv = "TESTMAIN_PARALLEL"

func TestMain(m *testing.M) {
	if s := os.Getenv(exitEnv); s != "" {
		code, _ := strconv.Atoi(s)
		Exit(code)
	}
	if os.Getenv(parallelEnv) != "" {
		DefaultParallel(7)
		fmt.Println(flag.Lookup("test.parallel").Value)
		Exit(0)
	}
	Run(m)
}

// TestExit_KeepsTheCode runs this binary as a child that exits through Exit, with and without
// the race detector's shortcut.
func TestExit_KeepsTheCode(t *testing.T) {
	for _, code := range []int{0, 1, 3} {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), exitEnv+"="+strconv.Itoa(code))
		err := cmd.Run()
		if _, ok := err.(*exec.ExitError); err != nil && !ok {
			t.Fatal(err)
		}
		if got := cmd.ProcessState.ExitCode(); got != code {
			t.Errorf("Exit(%d): the process exited %d", code, got)
		}
	}
}

// TestDefaultParallel runs this binary as a child that calls DefaultParallel(7), without and
// with -test.parallel on its command line.
func TestDefaultParallel(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{nil, "7"},
		{[]string{"-test.parallel=3"}, "3"},
	} {
		cmd := exec.Command(os.Args[0], append([]string{"-test.run=^$"}, tt.args...)...)
		cmd.Env = append(os.Environ(), parallelEnv+"=1")
		out, err := cmd.Output()
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.TrimSpace(string(out)); got != tt.want {
			t.Errorf("args %q: -test.parallel %s, want %s", tt.args, got, tt.want)
		}
	}
}

// misnamedEnv, in a child's environment, lets TestMisnamedHelper call WithoutRace.
const misnamedEnv = "TESTMAIN_MISNAMED"

// TestMisnamedHelper is the child of TestWithoutRace_NameChecked: a test whose name
// WithoutRacePattern does not select.
func TestMisnamedHelper(t *testing.T) {
	if os.Getenv(misnamedEnv) == "" {
		t.Skip("run by TestWithoutRace_NameChecked")
	}
	WithoutRace(t, "misnamed")
	t.Log("went on")
}

// TestWithoutRace_NameChecked: a test that WithoutRace would skip under -race but that .ci/run's
// step without -race would not select fails, with or without the detector.
func TestWithoutRace_NameChecked(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-test.run=^TestMisnamedHelper$", "-test.v")
	cmd.Env = append(os.Environ(), misnamedEnv+"=1")
	out, err := cmd.CombinedOutput()
	if cmd.ProcessState == nil || cmd.ProcessState.ExitCode() != 1 {
		t.Fatalf("child: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "does not match") || strings.Contains(string(out), "went on") {
		t.Errorf("child's output:\n%s", out)
	}
}

// TestCrashSkippedUnderRace is selected by WithoutRacePattern: it is skipped under -race and runs
// without it.
func TestCrashSkippedUnderRace(t *testing.T) {
	WithoutRace(t, "a test of WithoutRace")
	if raceEnabled {
		t.Fatal("WithoutRace did not skip the test under -race")
	}
}

// TestCIRunsTestsWithoutRace: .ci/run runs, without -race, the tests WithoutRace skips under it.
func TestCIRunsTestsWithoutRace(t *testing.T) {
	b, err := os.ReadFile("../../.ci/run")
	if err != nil {
		t.Fatal(err)
	}
	for line := range strings.Lines(string(b)) {
		f := strings.Fields(line)
		if len(f) >= 2 && f[0] == "go" && f[1] == "test" && !strings.Contains(line, "-race") &&
			strings.Contains(line, "-run '"+WithoutRacePattern+"'") && strings.HasSuffix(strings.TrimSpace(line), " ./...") {
			return
		}
	}
	t.Errorf(".ci/run has no `go test -run '%s' ./...` without -race:\n%s", WithoutRacePattern, b)
}
