package archive

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// Close while writers and readers are under way waits for them: each call either ends before
// Close returns, its page then in the archive for good, or fails with ErrClosed, and nothing it
// touches (the run lock, the database, the segments) is released under it, which the race
// detector would report. Rounds vary where Close lands.
func TestClose_WaitsForCallsUnderWay(t *testing.T) {
	t.Parallel()
	for round := range 8 {
		path := filepath.Join(t.TempDir(), fmt.Sprintf("r%d.db", round))
		s, err := Open(context.Background(), path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		var (
			mu     sync.Mutex
			stored []string
			wg     sync.WaitGroup
			first  = make(chan struct{})
			once   sync.Once
		)
		for w := range 2 {
			wg.Go(func() {
				for i := 0; ; i++ {
					f := fetch(t0.Add(time.Duration(i)*time.Second), []byte(fmt.Sprintf("<p>trang %d của %d</p>", i, w)), fmt.Sprintf("bài %d %d", w, i))
					f.URL = fmt.Sprintf("https://baodongkhoi.vn/w%d-%d.html", w, i)
					_, err := s.PutBatch(context.Background(), []Fetch{f})
					if err != nil {
						if !errors.Is(err, ErrClosed) {
							t.Errorf("round %d: PutBatch: %v, want ErrClosed", round, err)
						}
						return
					}
					mu.Lock()
					stored = append(stored, f.URL)
					mu.Unlock()
					once.Do(func() { close(first) })
				}
			})
		}
		wg.Go(func() {
			for {
				if _, err := s.Stats(context.Background()); err != nil {
					if !errors.Is(err, ErrClosed) {
						t.Errorf("round %d: Stats: %v, want ErrClosed", round, err)
					}
					return
				}
			}
		})
		<-first
		time.Sleep(time.Duration(round) * 3 * time.Millisecond)
		if err := s.Close(); err != nil {
			t.Fatalf("round %d: close: %v", round, err)
		}
		wg.Wait()
		r, err := Open(context.Background(), path, Options{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range stored {
			if _, err := r.Page(context.Background(), u); err != nil {
				t.Errorf("round %d: %s was stored before Close and reads %v", round, u, err)
			}
		}
		if err := r.Verify(context.Background()); err != nil {
			t.Errorf("round %d: verify: %v", round, err)
		}
		r.Close()
	}
}
