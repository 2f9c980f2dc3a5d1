package config

import "strings"

// suggest returns the key of known nearest to key, when it is near enough to be what was meant:
// the same but for case, "_" and "-", or a few edits away.
func suggest(key string, known []string) (string, bool) {
	k := foldKey(key)
	best, bestDist := "", -1
	for _, cand := range known {
		dist := editDistance(k, foldKey(cand))
		if bestDist < 0 || dist < bestDist {
			best, bestDist = cand, dist
		}
	}
	limit := max(1, min(3, len([]rune(k))/3))
	if bestDist < 0 || bestDist > limit {
		return "", false
	}
	return best, true
}

// foldKey lower-cases key and drops "_", "-" and spaces, so that "startURLs", "start-urls" and
// "start_urls" fold alike.
func foldKey(key string) string {
	return strings.Map(func(r rune) rune {
		if r == '_' || r == '-' || r == ' ' {
			return -1
		}
		return r
	}, strings.ToLower(key))
}

// editDistance is the optimal string alignment distance between a and b, in runes: the
// insertions, deletions, substitutions and swaps of neighbours that turn one into the other.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}
