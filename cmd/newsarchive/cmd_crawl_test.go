package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/newsarchive/newsarchive/crawler"
)

// TestCrawlResult: the error a crawl ends with, and so its exit code, tells of fetched pages the
// archive could not store before anything else, a signal included: a crawl stopped by SIGINT
// whose last batch met a full disk exits 1 saying how many pages were lost, not 130.
func TestCrawlResult(t *testing.T) {
	t.Parallel()
	recordFailed := errors.New("crawler: baodongkhoi: record the run: database error")
	tests := []struct {
		name              string
		runErr            error
		unstored, failed  int
		code              int
		want, wantMissing []string
	}{
		{name: "all well", code: 0},
		{name: "some sites failed", failed: 1, code: exitPartial, want: []string{"1 of 3 sites failed"}},
		{name: "every site failed", failed: 3, code: exitFailure, want: []string{"3 of 3 sites failed"}},
		{name: "interrupted", runErr: context.Canceled, failed: 1, code: exitInterrupted},
		{name: "interrupted, pages lost", runErr: errors.Join(context.Canceled, context.Canceled), unstored: 7, code: exitFailure,
			want: []string{"7 fetched pages could not be stored", "the crawl was interrupted"}},
		{name: "pages lost", unstored: 2, failed: 1, code: exitFailure,
			want: []string{"2 fetched pages could not be stored"}, wantMissing: []string{"interrupted", "sites failed"}},
		{name: "disk full", runErr: fmt.Errorf("%w: %w", crawler.ErrDiskFull, errors.New("write a.db: no space left on device")), unstored: 54, code: exitFailure,
			want: []string{"disk is full: 54 fetched pages", "the crawl stopped"}},
		{name: "pages lost and another error", runErr: recordFailed, unstored: 3, code: exitFailure,
			want: []string{"3 fetched pages could not be stored", "record the run: database error"}},
		{name: "another error", runErr: recordFailed, code: exitFailure, want: []string{"record the run"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := crawlResult(tt.runErr, tt.unstored, tt.failed, 3)
			if tt.code == 0 {
				if err != nil {
					t.Fatalf("crawlResult = %v, want nil", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("crawlResult = nil, want exit %d", tt.code)
			}
			if got := exitCode(err); got != tt.code {
				t.Errorf("exit code %d, want %d (%v)", got, tt.code, err)
			}
			msg := userMessage(err)
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("message %q lacks %q", msg, w)
				}
			}
			for _, w := range tt.wantMissing {
				if strings.Contains(msg, w) {
					t.Errorf("message %q says %q", msg, w)
				}
			}
		})
	}
}
