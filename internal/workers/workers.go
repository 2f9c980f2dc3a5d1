// Package workers runs independent pieces of CPU-bound work (compression, extraction) on every
// core: the archive and its blob store both fan a batch out this way.
package workers

import (
	"runtime"
	"sync"
)

// Each calls fn(0) … fn(n-1) on as many goroutines as there are cores (GOMAXPROCS, at most n),
// and returns when every call has returned. fn must be safe to call concurrently.
func Each(n int, fn func(i int)) {
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Go(func() {
			for i := range next {
				fn(i)
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}
