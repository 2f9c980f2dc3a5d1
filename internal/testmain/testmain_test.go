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

// TestWithoutRace is skipped under -race and runs without it.
func TestWithoutRace(t *testing.T) {
	WithoutRace(t, "a test of WithoutRace")
	if Race {
		t.Fatal("WithoutRace did not skip the test under -race")
	}
}

func TestScaled(t *testing.T) {
	want := 10
	if Race {
		want = 2
	}
	if got := Scaled(10, 2); got != want {
		t.Errorf("Scaled(10, 2) = %d, want %d (race %v)", got, want, Race)
	}
}

// TestCIRunsTestsWithoutRace: .ci/run runs the whole suite without -race too, which runs what
// WithoutRace skips and Scaled shrinks under it.
func TestCIRunsTestsWithoutRace(t *testing.T) {
	b, err := os.ReadFile("../../.ci/run")
	if err != nil {
		t.Fatal(err)
	}
	var race, plain bool
	for line := range strings.Lines(string(b)) {
		f := strings.Fields(line)
		if len(f) < 3 || f[0] != "go" || f[1] != "test" || f[len(f)-1] != "./..." || strings.Contains(line, "-run") {
			continue
		}
		if strings.Contains(line, "-race") {
			race = true
		} else {
			plain = true
		}
	}
	if !race || !plain {
		t.Errorf(".ci/run does not run `go test ./...` both with -race (%v) and without (%v):\n%s", race, plain, b)
	}
}
