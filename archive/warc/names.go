package warc

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// nameGenerator names the files gowarc begins, <prefix>-<YYYYMMDDhhmmss>-<NNNNN>.warc, the
// Prefix-Timestamp-Serial convention of annex B without the crawl host (gowarc appends .gz and,
// while the file is written, .open). Unlike gowarc's PatternNameGenerator it never names a file
// that exists already, finished or not: the serial number is bumped past it. It also keeps
// the list of files finished, which gowarc reports through its after-file hook.
type nameGenerator struct {
	dir, prefix string
	now         func() time.Time

	mu     sync.Mutex
	serial int
	open   string   // path of the file being written, with its open suffix
	done   []string // paths of the finished files, in order
}

// NewWarcfileName implements gowarc.WarcFileNameGenerator.
func (g *nameGenerator) NewWarcfileName() (string, string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	ts := g.now().UTC().Format("20060102150405")
	for tries := 0; ; tries++ {
		base := fmt.Sprintf("%s-%s-%05d.warc", g.prefix, ts, g.serial)
		g.serial++
		final := filepath.Join(g.dir, base+".gz")
		if !exists(final) && !exists(final+openSuffix) || tries >= 1000 {
			g.open = final + openSuffix
			return g.dir, base
		}
	}
}

func exists(path string) bool {
	_, err := os.Lstat(path)
	return !errors.Is(err, fs.ErrNotExist)
}

// finished is gowarc's after-file hook: the file at path is complete and renamed.
func (g *nameGenerator) finished(path string, _ int64, _ string) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.done = append(g.done, path)
	return nil
}

// current returns the path of the file being written.
func (g *nameGenerator) current() string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.open
}

func (g *nameGenerator) files() []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]string(nil), g.done...)
}

// err reports a file begun but never finished (gowarc could not rename it).
func (g *nameGenerator) err() error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.open != "" && exists(g.open) {
		return fmt.Errorf("warc: %s was not finished", g.open)
	}
	return nil
}
