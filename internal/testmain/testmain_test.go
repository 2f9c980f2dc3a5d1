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
