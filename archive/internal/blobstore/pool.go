package blobstore

// pool holds coders (zstd encoders or decoders) for one goroutine at a time, made as uses at
// once need them rather than one a core up front: a site dictionary's encoder hashes the whole
// dictionary into its tables when made, and a store opened to write a few pages (an import, a
// one-off archive) seldom encodes two frames of a site at once.
type pool[T any] struct {
	build func() (T, error)
	free  chan T
}

// newPool makes a pool that keeps up to idle coders between uses.
func newPool[T any](idle int, build func() (T, error)) *pool[T] {
	return &pool[T]{build: build, free: make(chan T, idle)}
}

func (p *pool[T]) get() (T, error) {
	select {
	case c := <-p.free:
		return c, nil
	default:
		return p.build()
	}
}

// put keeps c for the next use; one beyond the pool's idle ones is left to the GC (with
// concurrency 1 and EncodeAll or DecodeAll only, a coder owns no goroutine).
func (p *pool[T]) put(c T) {
	select {
	case p.free <- c:
	default:
	}
}
