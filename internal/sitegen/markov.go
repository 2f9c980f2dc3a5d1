package sitegen

import (
	"math/rand/v2"
	"strings"
	"unicode"
	"unicode/utf8"
)

// chain is a syllable bigram model of real Vietnamese news text: each token (a syllable with any
// punctuation attached, as the text spells it) maps to every token that followed it in the
// corpus, repeats kept so that frequent continuations stay frequent.
//
// A bigram chain, not a trigram one: trained on 45 KB of text, a longer context mostly replays
// the corpus word for word, so every page would share long runs with the others and a
// dictionary would compress them better than it compresses real articles.
type chain struct {
	next   map[string][]string
	starts []string // tokens that open a sentence
}

func newChain(corpus string) *chain {
	c := &chain{next: map[string][]string{}}
	for line := range strings.SplitSeq(corpus, "\n") {
		toks := strings.Fields(line)
		for i, t := range toks {
			if i == 0 || endsSentence(toks[i-1]) {
				if r, _ := utf8.DecodeRuneInString(t); unicode.IsUpper(r) {
					c.starts = append(c.starts, t)
				}
			}
			if i+1 < len(toks) {
				c.next[t] = append(c.next[t], toks[i+1])
			}
		}
	}
	return c
}

func endsSentence(t string) bool {
	return strings.HasSuffix(t, ".") || strings.HasSuffix(t, "!") || strings.HasSuffix(t, "?")
}

// sentence returns one sentence of between minWords and maxWords tokens, ending in a full stop.
func (c *chain) sentence(r *rand.Rand, minWords, maxWords int) string {
	var b strings.Builder
	t := c.starts[r.IntN(len(c.starts))]
	for n := 1; ; n++ {
		if n > 1 {
			b.WriteByte(' ')
		}
		b.WriteString(t)
		if n >= minWords && endsSentence(t) {
			return b.String()
		}
		nexts := c.next[t]
		if len(nexts) == 0 || n >= maxWords {
			s := strings.TrimRight(b.String(), ",;:-–")
			if !endsSentence(s) {
				s += "."
			}
			return s
		}
		if endsSentence(t) {
			// A sentence that ended too short goes on with a new one.
			t = c.starts[r.IntN(len(c.starts))]
		} else {
			t = nexts[r.IntN(len(nexts))]
		}
	}
}

// paragraph returns n sentences.
func (c *chain) paragraph(r *rand.Rand, n int) string {
	s := make([]string, n)
	for i := range s {
		s[i] = c.sentence(r, 10, 45)
	}
	return strings.Join(s, " ")
}

// phrase returns a title-like run of words without a final stop.
func (c *chain) phrase(r *rand.Rand, minWords, maxWords int) string {
	s := c.sentence(r, minWords, maxWords)
	w := strings.Fields(s)
	if len(w) > maxWords {
		w = w[:maxWords]
	}
	return strings.TrimRight(strings.Join(w, " "), ".,;:-–!?")
}
