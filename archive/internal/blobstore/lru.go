package blobstore

import (
	"container/list"
	"sync"
)

// lru is a cache bounded by the total cost of its values; evicted values are passed to drop.
type lru[K comparable, V any] struct {
	mu    sync.Mutex
	max   int64
	cost  int64
	order *list.List // front = most recent
	items map[K]*list.Element
	drop  func(V)
}

type lruItem[K comparable, V any] struct {
	key  K
	val  V
	cost int64
}

func newLRU[K comparable, V any](max int64, drop func(V)) *lru[K, V] {
	return &lru[K, V]{max: max, order: list.New(), items: map[K]*list.Element{}, drop: drop}
}

func (c *lru[K, V]) get(k K) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[k]; ok {
		c.order.MoveToFront(e)
		return e.Value.(*lruItem[K, V]).val, true
	}
	var zero V
	return zero, false
}

// add stores v unless k is present; it returns the value now cached under k.
func (c *lru[K, V]) add(k K, v V, cost int64) V {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[k]; ok {
		c.order.MoveToFront(e)
		if c.drop != nil {
			c.drop(v)
		}
		return e.Value.(*lruItem[K, V]).val
	}
	c.items[k] = c.order.PushFront(&lruItem[K, V]{k, v, cost})
	c.cost += cost
	for c.cost > c.max && c.order.Len() > 1 {
		e := c.order.Back()
		it := e.Value.(*lruItem[K, V])
		c.order.Remove(e)
		delete(c.items, it.key)
		c.cost -= it.cost
		if c.drop != nil {
			c.drop(it.val)
		}
	}
	return v
}

// remove forgets k's value, if cached.
func (c *lru[K, V]) remove(k K) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[k]; ok {
		it := e.Value.(*lruItem[K, V])
		c.order.Remove(e)
		delete(c.items, k)
		c.cost -= it.cost
		if c.drop != nil {
			c.drop(it.val)
		}
	}
}

func (c *lru[K, V]) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, e := range c.items {
		if c.drop != nil {
			c.drop(e.Value.(*lruItem[K, V]).val)
		}
	}
	c.items = map[K]*list.Element{}
	c.order.Init()
	c.cost = 0
}
