package archive

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
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

// A write waiting for a reader of another process to let go of the database gives up when its
// context is cancelled, not after CommitWait (ten minutes by default).
func TestPutBatch_CancelledWhileWaitingForReaders(t *testing.T) {
	t.Parallel()
	s, path := openTest(t)
	put(t, s, fetch(t0, []byte("<p>một</p>"), "một"))
	reader, err := bolt.Open(path, 0o644, &bolt.Options{ReadOnly: true}) // a shared lock, as another process's reader holds
	if err != nil {
		t.Fatal(err)
	}
	tx, err := reader.Begin(false)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := s.PutBatch(ctx, []Fetch{fetch(t0.Add(time.Hour), []byte("<p>hai</p>"), "hai")})
		done <- err
	}()
	select {
	case err := <-done:
		t.Fatalf("PutBatch returned %v while a reader held the database", err)
	case <-time.After(3 * lockPoll):
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("PutBatch after cancel: %v, want context.Canceled", err)
	}
	tx.Rollback()
	reader.Close()
	put(t, s, fetch(t0.Add(2*time.Hour), []byte("<p>ba</p>"), "ba")) // and writes again once the reader is gone
}
