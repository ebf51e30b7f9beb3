// Article extraction: decode, parse, index, find the body, read the metadata.
// See body.cpp for the body finder and meta.cpp for the metadata sources.
#include "extract/extract.h"

#include "extract/body.h"
#include "extract/dom.h"
#include "extract/internal.h"
#include "extract/meta.h"
#include "text/text.h"

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

namespace stemma::extract {

using namespace detail;

Article extract_article(std::string_view page_bytes, const Options& options) {
  if (page_bytes.size() > options.max_bytes)
    throw ExtractError("page too large (" + std::to_string(page_bytes.size()) + " bytes; limit " + std::to_string(options.max_bytes) + ")");
  if (trim(page_bytes).empty()) throw ExtractError("empty page: no article text found");
  Article art;
  std::string html = to_utf8(page_bytes, options.content_type, &art.charset);
  if (looks_binary(page_bytes, html)) throw ExtractError("binary content, not an HTML page");
  html = prepare_html(html);

  // Memory for the tree: ~24x the markup, at least 64 MB, at most 1 GB.
  Arena arena(std::min<std::size_t>(std::size_t{1} << 30, std::max<std::size_t>(64u << 20, html.size() * 24)));
  GumboOutput* out = parse_html(html, arena);
  if (out == nullptr) throw ExtractError("page too complex to parse within the memory budget");

  Dom dom;
  build_index(out->root, dom);
  if (dom.els.empty()) throw ExtractError("no article text found");

  compute_stats(dom, kHardSkip);
  Meta meta;
  collect_meta(dom, meta);

  // ---- URLs
  const std::string page_url(trim(options.url));
  std::string canonical;
  if (!meta.canonical.empty()) canonical = page_url.empty() ? meta.canonical : resolve_url(page_url, meta.canonical);
  if (canonical.empty() || !is_http_url(canonical)) {
    const std::string og = meta_value(meta, {"og:url"});
    if (!og.empty()) canonical = page_url.empty() ? og : resolve_url(page_url, og);
  }
  if (canonical.empty() || (!is_http_url(canonical) && !page_url.empty())) canonical = page_url;
  art.canonical_url = canonical;
  std::string base = page_url.empty() ? (is_http_url(canonical) ? canonical : std::string()) : page_url;
  if (!meta.base_href.empty()) {
    const std::string b = base.empty() ? meta.base_href : resolve_url(base, meta.base_href);
    if (is_http_url(b)) base = b;
  }

  // ---- Body: the normal pass; if it finds (almost) nothing, a relaxed pass
  // that trusts no class names, then a baseline of all paragraph text.
  std::vector<std::string> titles;
  {
    const std::string site = meta_value(meta, {"og:site_name"});
    for (const std::string& t : {meta_value(meta, {"og:title"}), meta_value(meta, {"twitter:title"}), meta.ld.headline, meta.title_tag})
      if (!t.empty()) {
        titles.push_back(fold(decode_entities(t)));
        titles.push_back(fold(trim_title(t, site)));
      }
    for (const auto& h : meta.h1) titles.push_back(fold(h));
  }
  mark_outbound(dom, base);
  const std::vector<std::string> own_urls{page_url, canonical};
  const std::string ld_body = meta.ld.body.empty() ? std::string() : paragraphs_from_plain(meta.ld.body);
  BodyResult res = extract_body(dom, base, titles, own_urls, Mode::Normal, &ld_body);
  // The page's own summary (og:description) is a check on the choice of
  // region: when the chosen text shares almost none of its words and the
  // relaxed pass finds them, the normal pass picked the wrong block.
  std::string description = meta_value(meta, {"og:description", "description", "twitter:description"});
  if (description.empty()) description = meta.ld.description;
  const double cover = summary_coverage(description, res.body);
  if (res.body.size() < 250 || cover < 0.25) {
    BodyResult relaxed = extract_body(dom, base, titles, own_urls, Mode::Relaxed);
    const double relaxed_cover = summary_coverage(description, relaxed.body);
#ifdef STEMMA_EXTRACT_DEBUG
    fprintf(stderr, "relaxed: normal %zu bytes cover %.2f, relaxed %zu bytes cover %.2f\n", res.body.size(), cover,
            relaxed.body.size(), relaxed_cover);
#endif
    if (relaxed.body.size() > res.body.size() * 2 && (res.body.size() < 250 || relaxed_cover >= 0.6)) res = std::move(relaxed);
  }
  if (res.body.size() < 100) {
    BodyResult baseline = extract_body(dom, base, titles, own_urls, Mode::Baseline);
    if (baseline.body.size() > res.body.size() * 2) res = std::move(baseline);
  }
  std::string body = std::move(res.body);
  std::vector<Link> links = std::move(res.links);

  // JSON-LD articleBody: the publisher's own copy. Used when the DOM gave
  // much less text (a script-rendered or paywalled body).
  if (!ld_body.empty()) {
    const std::size_t dom_chars = body.size();
    if (dom_chars < 200 || ld_body.size() > dom_chars * 2) {
      // Prefer it only if it is a real text (not a description teaser).
      if (ld_body.size() >= 200 || dom_chars == 0) {
        body = ld_body;
        links.clear();
      }
    }
  }
  if (!text::is_valid_utf8(body)) body = text::repair_utf8(body).text;
  if (body.empty()) throw ExtractError("no article text found");
  art.body = std::move(body);
  art.links = std::move(links);

  // ---- Metadata
  art.site_name = collapse_spaces(decode_entities(meta_value(meta, {"og:site_name"})));
  if (art.site_name.empty()) art.site_name = collapse_spaces(decode_entities(meta.ld.site));
  if (art.site_name.empty()) art.site_name = collapse_spaces(decode_entities(meta_value(meta, {"application-name", "twitter:site", "al:ios:app_name"})));
  if (!art.site_name.empty() && art.site_name[0] == '@') art.site_name.erase(0, 1);

  std::string title = meta_value(meta, {"og:title", "twitter:title"});
  if (title.empty()) title = meta.ld.headline;
  if (title.empty() && !meta.h1.empty()) title = meta.h1.front();
  if (title.empty()) title = meta.title_tag;
  art.title = trim_title(title, art.site_name, host_label(canonical.empty() ? page_url : canonical));

  std::string byline = clean_byline(meta.ld.author);
  if (byline.empty()) {
    std::string a = meta_value(meta, {"author", "article:author", "byl", "sailthru.author", "parsely-author", "dc.creator", "dcterms.creator", "citation_author"});
    if (a.find("://") == std::string::npos) byline = clean_byline(a);
  }
  if (byline.empty()) byline = clean_byline(meta.itemprop_author);
  if (byline.empty()) byline = clean_byline(meta.rel_author);
  for (const auto& b : meta.bylines) {
    if (!byline.empty()) break;
    byline = clean_byline(b);
  }
  art.byline = byline;

  const std::string parsely_pub = parsely_pub_date(meta_value(meta, {"parsely-page"}));
  art.published = first_date({meta.ld.published,
                              meta_value(meta, {"article:published_time", "og:article:published_time", "article.published",
                                                "datepublished", "published_time", "publishdate", "publish-date", "publish_date",
                                                "pubdate", "parsely-pub-date", "sailthru.date", "dc.date.issued", "dcterms.issued",
                                                "dc.date", "dcterms.date", "dcterms.created", "date", "article_date_original",
                                                "original-publish-date", "citation_publication_date", "displaydate", "cxenseparse:recs:publishtime",
                                                "og:published_time", "release_date", "timestamp"}),
                              parsely_pub, meta.itemprop_published});
  if (!art.published) {
    for (const auto& t : meta.time_pub)
      if (!art.published) art.published = first_date({t});
  }
  if (!art.published) {
    for (const auto& t : meta.time_datetimes)
      if (!art.published) art.published = first_date({t});
  }
  if (!art.published) {
    for (const auto& t : meta.dateish)
      if (!art.published) art.published = find_date_in_text(t);
  }
  if (!art.published && !page_url.empty()) art.published = date_from_url(page_url);
  if (!art.published && !canonical.empty()) art.published = date_from_url(canonical);
  art.modified = first_date({meta.ld.modified,
                             meta_value(meta, {"article:modified_time", "og:updated_time", "article:updated_time", "datemodified",
                                               "modified_time", "last-modified", "dc.date.modified", "dcterms.modified",
                                               "lastmod", "revised", "updated", "parsely-updated"}),
                             meta.itemprop_modified});

  std::string lang_fallback = meta.html_lang;
  if (lang_fallback.empty()) lang_fallback = meta.ld.language;
  if (lang_fallback.empty()) lang_fallback = meta_value(meta, {"og:locale", "content-language", "language", "dc.language"});
  art.language = language_code(art.body, lang_fallback);
  return art;
}

} // namespace stemma::extract
