package replica

import (
	"fmt"
	"strings"
)

// ConfigYAML returns a complete newsarchive configuration that crawls the replica sites, in the
// format of config/default.yaml: no delay, parallelism 4 on the newspaper and 2 elsewhere,
// retries 2 with a 50ms backoff, a 2s timeout (the slow page takes 3s), a 1MB body cap (the
// oversized page is 3MB), an error budget that the traps never exhaust, and the default recrawl
// policy: the articles are days old, so a second run rechecks none of them unless the site
// signals a change; the silent edit of generation 2 is for `crawl --full` to find. The
// newspaper's sitemap comes from its robots.txt only; the portal's is listed.
func (s *Sites) ConfigYAML() []byte {
	host := func(u string) string { return strings.TrimPrefix(u, "http://") }
	n := s.opts.Articles + npNewArticles
	backfill := (n+npPageSize-1)/npPageSize + 2
	maxPages := max(5000, 3*n+500)
	return fmt.Appendf(nil, `# newsarchive configuration for the replica sites of internal/replica (127.0.0.1 only).
user_agent: "newsarchive/{version} (+https://github.com/newsarchive/newsarchive)"

defaults:
  delay: 0s
  parallelism: 2
  robots: true
  use_robots_sitemaps: true
  timeout: 2s
  max_body_size: 1MB
  retries: 2
  retry_backoff: 50ms
  error_budget: 1000
  max_pages: %[1]d
  max_depth: 10
  max_url_length: 2048
  pagination:
    max_pages: 10
    backfill_pages: %[2]d
  exclude:
    - '(?i)\.(jpe?g|png|gif|webp|svg|ico|bmp|pdf|docx?|xlsx?|pptx?|zip|rar|7z|mp3|mp4|avi|flv|wmv)([?#]|$)'

sites:
  # Báo Đồng Khởi on its new host and its old one, which answers 301 to the new one.
  - name: %[3]s
    start_urls:
      - %[4]s/
      - %[5]s/
      - %[5]s/thoi-su/
      - %[5]s/kinh-te/
      - %[5]s/xa-hoi/
    allowed_domains: ["%[6]s", "%[7]s"]
    feeds:
      - %[5]s/rss/cate/thoi-su/
      - %[5]s/rss/cate/kinh-te/
      - %[5]s/rss/cate/xa-hoi/
    article_pattern: '-a\d+\.html$'
    listing_patterns:
      - '^https?://[^/]+/[a-z0-9-]+/([a-z0-9-]+/)?(\?p=\d+)?$'
    pagination:
      param: p
    exclude:
      - '^https?://[^/]+/https?/'
      - '^https?://[^/]+/print/'
      - '(?i)\.(jpe?g|png|gif|webp|svg|ico|bmp|pdf|docx?|xlsx?|pptx?|zip|rar|7z|mp3|mp4|avi|flv|wmv)([?#]|$)'
    parallelism: 4
    profile: baodongkhoi

  # The department portal (sct.bentre.gov.vn markup); its robots.txt names no sitemap.
  - name: %[8]s
    start_urls:
      - %[9]s/
      - %[9]s/tin-tuc/
    allowed_domains: ["%[10]s"]
    sitemaps:
      - %[9]s/sitemap.xml
    article_pattern: '/tin-tuc/chi-tiet/\d+/'
    listing_patterns:
      - '^https?://[^/]+/tin-tuc/(\?page=\d+)?$'
    pagination:
      param: page
    profile: bentre-portal

  # The old windows-1258 site: no robots.txt, no feed, no sitemap, no profile.
  - name: %[11]s
    start_urls:
      - %[12]s/tin.asp?trang=1
    allowed_domains: ["%[13]s"]
    article_pattern: '/xem\.asp\?id=\d+$'
    listing_patterns:
      - '/tin\.asp(\?trang=\d+)?$'
    pagination:
      param: trang
`, maxPages, backfill,
		SiteNewspaper, s.NewspaperOld, s.Newspaper, host(s.Newspaper), host(s.NewspaperOld),
		SitePortal, s.Portal, host(s.Portal),
		SiteLegacy, s.Legacy, host(s.Legacy))
}
