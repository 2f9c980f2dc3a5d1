package main

import (
	"os/exec"
	"strings"
	"testing"
)

// A binary built in a git checkout names its revision; one built without VCS stamping says
// (devel). Either way version names the Go it was built with.
func TestVersion_BuildInfo(t *testing.T) {
	t.Parallel()
	out, _, code := runCLI(t, nil, "version")
	if code != 0 || !strings.HasPrefix(out, "newsarchive ") || !strings.Contains(out, " go1.") {
		t.Fatalf("version: exit %d %q", code, out)
	}
	if !inGit() {
		t.Skip("not a git checkout the go command can stamp (none, or a linked worktree)")
	}
	head, err := exec.Command("git", "rev-parse", "HEAD").Output()
	if err != nil {
		t.Fatal(err)
	}
	// The binary the end-to-end tests share was built with -buildvcs=true here (TestMain).
	v, err := exec.Command(binary, "version").Output()
	if err != nil || !strings.Contains(string(v), "(rev "+strings.TrimSpace(string(head))[:12]) {
		t.Errorf("version of a stamped build = %q, %v; want the revision %s", v, err, head[:12])
	}
}
