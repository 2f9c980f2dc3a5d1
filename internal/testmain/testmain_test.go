package testmain

import (
	"os"
	"os/exec"
	"strconv"
	"testing"
)

// exitEnv, in a child's environment, is the code the child's TestMain exits with at once.
const exitEnv = "TESTMAIN_EXIT"

func TestMain(m *testing.M) {
	if s := os.Getenv(exitEnv); s != "" {
		code, _ := strconv.Atoi(s)
		Exit(code)
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
