package export

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/newsarchive/newsarchive/archive"
)

// Text writes one file per article into dir, named NNN_<id>.txt (NNN_<id>_vN.txt with all
// versions), NNN counting in publication order and id the first 16 hex digits of the sha256 of
// the page's URL. It returns how many files it wrote. Files are written whole to a temporary
// name and renamed, so a reader never sees half a file. The archive is read in two bounded
// passes (the versions to write first, then their texts in chunks): memory holds the
// selection's URLs and dates, never its texts, and a crawl commits between read transactions.
func Text(ctx context.Context, s *archive.Store, dir string, opts Options) (int, error) {
	sel, err := selectVersions(ctx, s, opts)
	if err != nil {
		return 0, fmt.Errorf("export: %w", err)
	}
	defer sel.close()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, fmt.Errorf("export: %w", err)
	}
	width := max(3, len(fmt.Sprint(sel.n-1)))
	n := 0
	err = sel.each(ctx, s, func(i int, it Item) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		name := fmt.Sprintf("%0*d_%s.txt", width, i, fileID(it.Page.URL))
		if opts.AllVersions {
			name = fmt.Sprintf("%0*d_%s_v%d.txt", width, i, fileID(it.Page.URL), it.Version.N)
		}
		if err := writeFile(filepath.Join(dir, name), []byte(Document(it))); err != nil {
			return err
		}
		n++
		opts.progress(n, sel.n)
		return nil
	})
	return n, err
}

func writeFile(path string, b []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}
