package crawler

import (
	"context"
	"iter"
	"sort"
	"time"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/config"
)

// SiteStatus is how a site has fared, from what the crawls recorded in the archive.
type SiteStatus struct {
	Site string `json:"site"`
	// Configured is false for a site the archive holds pages of but the configuration lacks.
	Configured bool `json:"configured"`
	// LastRun is the newest recorded crawl; nil when the site was never crawled.
	LastRun *archive.Run `json:"last_run,omitempty"`
	// LastSuccess is when the newest crawl that stored something ended.
	LastSuccess time.Time `json:"last_success,omitzero"`
	// ConsecutiveFailures counts the newest crawls in a row that failed.
	ConsecutiveFailures int `json:"consecutive_failures"`
	// Articles, Hubs and Gone count the site's pages; Versions its article versions.
	Articles int `json:"articles"`
	Hubs     int `json:"hubs"`
	Gone     int `json:"gone"`
	Versions int `json:"versions"`
	// LastNewArticle is when the newest article was first archived.
	LastNewArticle time.Time `json:"last_new_article,omitzero"`
	// DueArticles counts archived live articles the recrawl policy says to fetch on the next run.
	DueArticles int `json:"due_articles"`
	// Failures counts URLs recorded as failing, rested between runs.
	Failures int `json:"failures"`
}

// RunReader reads the crawls recorded of a site, newest first.
type RunReader interface {
	Runs(ctx context.Context, site string) iter.Seq2[archive.Run, error]
}

// StatusReader is what Status reads of the archive.
type StatusReader interface {
	RunReader
	Pages(ctx context.Context, site string) iter.Seq2[archive.Page, error]
	Failures(ctx context.Context, site string) iter.Seq2[archive.Failure, error]
}

// Status reports each configured site, and each site the archive holds pages of, in name order.
func Status(ctx context.Context, store StatusReader, cfg *config.Config, now time.Time) ([]SiteStatus, error) {
	byName := map[string]*SiteStatus{}
	get := func(name string) *SiteStatus {
		if s, ok := byName[name]; ok {
			return s
		}
		s := &SiteStatus{Site: name}
		byName[name] = s
		return s
	}
	for _, site := range cfg.Sites {
		get(site.Name).Configured = true
	}
	for p, err := range store.Pages(ctx, "") {
		if err != nil {
			return nil, err
		}
		st := get(p.Site)
		switch {
		case p.Kind == archive.KindHub:
			st.Hubs++
			continue
		case !p.Kind.IsArticle() || p.Versions == 0:
			continue
		}
		st.Articles++
		st.Versions += p.Versions
		if p.FirstSeen.After(st.LastNewArticle) {
			st.LastNewArticle = p.FirstSeen
		}
		if p.Status == archive.StatusGone {
			st.Gone++
		} else if site, ok := cfg.Site(p.Site); ok && policyDue(site, p, now) {
			st.DueArticles++
		}
	}
	var out []SiteStatus
	for _, st := range byName {
		if err := siteRuns(ctx, store, st); err != nil {
			return nil, err
		}
		for _, err := range store.Failures(ctx, st.Site) {
			if err != nil {
				return nil, err
			}
			st.Failures++
		}
		out = append(out, *st)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Site < out[j].Site })
	return out, nil
}

// siteRuns fills in the last run, the last success and the failures in a row.
func siteRuns(ctx context.Context, store RunReader, st *SiteStatus) error {
	for r, err := range store.Runs(ctx, st.Site) {
		if err != nil {
			return err
		}
		if st.LastRun == nil {
			st.LastRun = &r
		}
		switch r.Outcome {
		case archive.RunFailed:
			st.ConsecutiveFailures++
		case archive.RunOK, archive.RunPartial:
			st.LastSuccess = r.End
			return nil
		}
	}
	return nil
}

// FailedInARow counts a site's newest recorded crawls that failed, in a row.
func FailedInARow(ctx context.Context, runs RunReader, site string) (int, error) {
	st := &SiteStatus{Site: site}
	err := siteRuns(ctx, runs, st)
	return st.ConsecutiveFailures, err
}
