package main

import (
	"os"
	"os/exec"
	"path/filepath"
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
	head, err := exec.Command("git", "rev-parse", "HEAD").Output()
	if err != nil {
		t.Skip("not a git checkout: no revision to stamp")
	}
	// The go command stamps a revision only where .git is a directory: not in a linked
	// worktree, whose .git is a file.
	if top, err := exec.Command("git", "rev-parse", "--show-toplevel").Output(); err == nil {
		if fi, err := os.Stat(filepath.Join(strings.TrimSpace(string(top)), ".git")); err == nil && !fi.IsDir() {
			t.Skip("a linked git worktree: the go command stamps no revision here")
		}
	}
	bin := filepath.Join(t.TempDir(), "newsarchive")
	if b, err := exec.Command("go", "build", "-buildvcs=true", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build with VCS stamping: %v\n%s", err, b)
	}
	v, err := exec.Command(bin, "version").Output()
	if err != nil || !strings.Contains(string(v), "(rev "+strings.TrimSpace(string(head))[:12]) {
		t.Errorf("version of a stamped build = %q, %v; want the revision %s", v, err, head[:12])
	}
}
