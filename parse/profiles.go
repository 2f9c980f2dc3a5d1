package parse

// DefaultProfiles returns the built-in site profiles, written from what is known of the real
// sites' markup (SITES.md). Selectors that miss fall back to the generic extractor. A new slice is
// returned on each call so callers may change it.
func DefaultProfiles() []*Profile {
	return []*Profile{
		{
			// Báo Đồng Khởi's newspaper CMS, on its old and post-merger hosts.
			Name:   "baodongkhoi",
			Hosts:  []string{"baodongkhoi.vn", "dongkhoi.baovinhlong.vn"},
			Title:  "h1",
			Date:   "span.pubdate",
			Lead:   ".detail-desc p, .detail-desc",
			Body:   "#newscontents .content-fck, #newscontents",
			Remove: []string{"div.sharemxh", "#linkshare", "#comment", ".detail-related", "div[class^=AMN_]", ".block_tag", "form#frmComments"},
		},
		{
			// The bentre.gov.vn portal family: Liferay, SharePoint and custom ASP.NET portals.
			Name:  "bentre-portal",
			Hosts: []string{"bentre.gov.vn", "dost-bentre.gov.vn", "congthuongbentre.gov.vn"},
			Title: ".asset-full-content h1, .asset-full-content .header-title, .asset-full-content .title-article, .journal-content-article h1, " +
				"[id$=_TitleField], .news-detail h1, .title-news, #divNewsDetails h1",
			Date: "#txtDateString, .journal-content-article .date, .asset-full-content .date, .date-update, .news-detail .date",
			Lead: "#divArticleDescription, .journal-content-article .sapo, .asset-full-content .sapo, .news-detail .sapo",
			Body: "div.asset-full-content, div.journal-content-article, [id$=_RichHtmlField], [id$=RichHtmlField], " +
				"#divNewsDetails, .news-detail .news-content, .news-detail .content",
			Remove: []string{".contact-header", ".header-contact", ".top-header", ".taglib-social-bookmarks", ".taglib-ratings", ".portlet-comments", ".share", ".print", ".related"},
		},
	}
}
