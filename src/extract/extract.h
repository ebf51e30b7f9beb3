// Extract stage: from the bytes of a web page to one article — title, byline,
// dates, site, canonical URL, language, body text with paragraph breaks, and
// the body's outbound links with their offsets. A pure library: it reads no
// files and knows nothing of the store.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace stemma::extract {

struct Date {
  std::int64_t utc_seconds = 0; // seconds since the epoch, UTC
  bool has_time = false;        // false: a bare date (midnight UTC assumed)
  bool has_zone = false;        // false: no UTC offset was given (UTC assumed)
};

// Parses the date formats news pages use: ISO 8601 / RFC 3339 (with or without
// zone, fractional seconds), RFC 1123/2822 ("Sat, 14 Mar 2026 13:30:00 GMT"),
// and English forms such as "March 14, 2026 8:30 AM EST", "14 March 2026",
// "Mar. 14, 2026". Returns nullopt for anything it cannot read with certainty.
std::optional<Date> parse_date(std::string_view text);

struct Link {
  std::string url;         // absolute when it could be resolved against the page URL
  std::string anchor;      // the link's text as it appears in the body
  std::uint32_t begin = 0; // byte offsets of the anchor text in Article::body, [begin, end)
  std::uint32_t end = 0;
};

struct Article {
  std::string title;
  std::string byline;        // author name(s), "" if unknown
  std::string site_name;     // outlet, e.g. from og:site_name or JSON-LD publisher
  std::string canonical_url; // <link rel=canonical>, og:url, or the page URL
  std::string language;      // ISO 639-1 code from libcld2 (or the page's lang), "" if unknown
  std::optional<Date> published, modified;
  std::string body;          // UTF-8; paragraphs separated by "\n\n"
  std::vector<Link> links;   // outbound links inside the body, in order
  std::string charset;       // the input's character set as detected
};

struct Options {
  std::string url;           // the page's URL: resolves relative links, supplies URL dates
  std::string content_type;  // HTTP Content-Type, may carry the charset
  std::size_t max_bytes = 16u << 20; // larger pages are refused
};

// Why a page yielded no article; the message is for users.
class ExtractError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

// Extracts the main article. Throws ExtractError for a page that is too
// large, is binary, or has no article text. Never crashes on hostile input.
Article extract_article(std::string_view page_bytes, const Options& options = {});

// Decodes page bytes to UTF-8: BOM, then the charset of `content_type`, then
// <meta charset> / http-equiv in the first 4 KB, else UTF-8 with invalid bytes
// repaired (windows-1252 when the bytes are not UTF-8). Conversion uses ICU.
std::string to_utf8(std::string_view bytes, std::string_view content_type, std::string* detected_charset = nullptr);

} // namespace stemma::extract
