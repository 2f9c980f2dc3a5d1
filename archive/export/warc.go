package export

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/archive/warc"
)

// WARCOptions add WARC settings to the selection. A WARC export holds every capture of the
// pages selected, so Options.AllVersions does not apply, and Options.Since selects captures
// (fetched at or after it), not versions as in the text exports.
type WARCOptions struct {
	Options
	// MaxSize rotates to a new file past this many bytes; 0 is the writer's default (1 GB).
	MaxSize int64
	// Software names the exporting program in each file's warcinfo record.
	Software string
	// Skipped, when set, is told of each capture that cannot be written as valid WARC records
	// (warc.ErrRejected: a URL imported from another tool that is no valid URL, say). The
	// export goes on without it; without Skipped such a capture ends the export.
	Skipped func(url string, err error)
}

// WARC writes every capture of the selected pages (since Options.Since, when set) as WARC 1.1
// records into dir: request and response records with the headers as sent and received, revisit
// records for 304s and for bodies already written, and a CDXJ index. It returns the number of
// captures written (the skipped ones, see WARCOptions.Skipped, not counted).
//
// It streams: one capture's body is in memory at a time, and the writer keeps its index and
// digests on disk, so an archive of any size exports in bounded memory. With Options.Progress
// set, the captures are counted first (their records only, no body is read) so that progress
// has a total.
func WARC(ctx context.Context, s *archive.Store, dir string, opts WARCOptions) (int, error) {
	total := 0
	if opts.Progress != nil {
		var err error
		if total, err = countCaptures(ctx, s, opts.Options); err != nil {
			return 0, fmt.Errorf("export: warc: %w", err)
		}
	}
	w, err := warc.NewWriter(warc.Options{
		Dir: dir, Prefix: "newsarchive", MaxSize: opts.MaxSize, Software: opts.Software,
		Info: map[string]string{"description": "newsarchive export", "format": "WARC File Format 1.1"},
	})
	if err != nil {
		return 0, fmt.Errorf("export: %w", err)
	}
	n, err := writeCaptures(ctx, s, w, opts, total)
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return n, fmt.Errorf("export: warc: %w", err)
	}
	return n, nil
}

// writeCaptures writes the captures opts select to w and returns how many it wrote.
func writeCaptures(ctx context.Context, s *archive.Store, w *warc.Writer, opts WARCOptions, total int) (int, error) {
	n, done := 0, 0 // captures written; captures written or skipped
	for pc, err := range s.AllCaptures(ctx, opts.Site) {
		if err != nil {
			return n, err
		}
		if !opts.Since.IsZero() && pc.Capture.Time.Before(opts.Since) {
			continue
		}
		wrote, err := writeCapture(ctx, w, pc, opts.Skipped)
		if err != nil {
			return n, err
		}
		if wrote {
			n++
		}
		done++
		opts.progress(done, total)
	}
	return n, nil
}

// writeCapture writes one capture to w; false when the writer rejected it and skipped, being
// set, was told.
func writeCapture(ctx context.Context, w *warc.Writer, pc archive.PageCapture, skipped func(string, error)) (bool, error) {
	c := pc.Capture
	b, err := pc.Body(ctx)
	if err != nil {
		return false, err
	}
	// The URL that answered: a redirect hop or an alternate rendering answered at its own.
	target := c.URL
	switch {
	case c.FinalURL != "":
		target = c.FinalURL
	case c.Role != archive.RolePrimary && c.FetchURL != "":
		target = c.FetchURL
	}
	// Archives written before secrets were filtered at fetch time may hold a password in a
	// URL or an Authorization or Cookie header: neither leaves through an export.
	target = archive.StripUserinfo(target)
	err = w.Write(warc.Capture{
		URL: target, Time: c.Time, RequestHeader: http.Header(archive.WithoutSecrets(c.Request)),
		Status: c.Status, ResponseHeader: http.Header(archive.WithoutSecrets(c.Response)), Body: b, NotModified: c.NotModified,
	})
	if errors.Is(err, warc.ErrRejected) && skipped != nil {
		skipped(target, err)
		return false, nil
	}
	return err == nil, err
}

// countCaptures counts the captures WARC would write.
func countCaptures(ctx context.Context, s *archive.Store, opts Options) (int, error) {
	n := 0
	for pc, err := range s.AllCaptures(ctx, opts.Site) {
		if err != nil {
			return n, err
		}
		if opts.Since.IsZero() || !pc.Capture.Time.Before(opts.Since) {
			n++
		}
	}
	return n, nil
}
