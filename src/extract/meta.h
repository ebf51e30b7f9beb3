// Page metadata for the extract stage: <meta>, <link>, JSON-LD, microdata,
// byline and date elements, and the helpers that clean them up.
#pragma once

#include "extract/dom.h"
#include "extract/extract.h"

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stemma::extract::detail {

// The Article (NewsArticle, BlogPosting, ...) object of the page's JSON-LD;
// a WebPage lends its dates and publisher when there is no article object.
struct JsonLd {
  std::string headline, body, author, published, modified, site, language, url, description;
  bool article = false;
};

struct Meta {
  std::string title_tag;
  std::vector<std::pair<std::string, std::string>> metas; // lowercased key -> content
  std::string canonical, base_href, html_lang, rel_author;
  std::vector<std::string> h1;
  std::vector<std::string> time_datetimes;  // <time datetime>, document order
  std::vector<std::string> time_pub;        // <time pubdate> / itemprop=datePublished
  std::vector<std::string> bylines;         // text of byline-ish elements
  std::vector<std::string> dateish;         // text of date-ish elements
  std::string itemprop_author;
  std::string itemprop_published, itemprop_modified;
  JsonLd ld;
};

// One pass over the element index (statistics of compute_stats(kHardSkip)).
void collect_meta(const Dom& dom, Meta& m);
// Content of the first non-empty <meta> among `keys` (lower-case names).
std::string meta_value(const Meta& m, std::initializer_list<std::string_view> keys);
std::string clean_byline(std::string s);
// The registrable-looking label of a URL's host: "www.news.example.co.uk" -> "example".
std::string host_label(std::string_view url);
// Removes a " | Site" / " - Site" suffix (or "Site | " prefix) from a title.
// `site` is the outlet's name, `host` the URL's host label, when known.
std::string trim_title(std::string title, const std::string& site, const std::string& host = "");
// The first candidate that reads as a date (a date string, or text containing one).
std::optional<Date> first_date(std::initializer_list<std::string_view> candidates);
// ISO 639-1 code from libcld2 on the body, else from the page's declared language.
std::string language_code(std::string_view body, const std::string& fallback);
// Text with line breaks (JSON-LD articleBody) as paragraphs separated by blank lines.
std::string paragraphs_from_plain(std::string_view s);
// pub_date of a parsely-page meta value (JSON), "" if none.
std::string parsely_pub_date(std::string_view value);

} // namespace stemma::extract::detail
