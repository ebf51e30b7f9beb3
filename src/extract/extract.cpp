#include "extract/extract.h"

#include "text/text.h"

namespace stemma::extract {

std::optional<Date> parse_date(std::string_view) { return std::nullopt; }

std::string to_utf8(std::string_view bytes, std::string_view, std::string* detected_charset) {
  if (detected_charset) *detected_charset = "UTF-8";
  return text::repair_utf8(bytes).text;
}

Article extract_article(std::string_view page_bytes, const Options& options) {
  if (page_bytes.size() > options.max_bytes) throw ExtractError("page too large");
  throw ExtractError("no article text found");
}

} // namespace stemma::extract
