// The article body: boilerplate decisions, candidate scoring, assembly of
// text blocks with links, and block-level boilerplate filtering.
#pragma once

#include "extract/dom.h"
#include "extract/extract.h"

#include <string>
#include <string_view>
#include <vector>

namespace stemma::extract::detail {

// Normal: class/id cues and widget cleaning on. Relaxed: neither (a second
// chance when the normal pass finds almost nothing). Baseline: all paragraph
// text of the page.
enum class Mode { Normal, Relaxed, Baseline };

struct BodyResult {
  std::string body;
  std::vector<Link> links;
};

// Flags links that leave the site (and are not social networks) for the
// link-density rules: citations are content, recirculation is not.
void mark_outbound(Dom& dom, const std::string& base);
// `base` resolves links; `titles` (folded) and `own_urls` identify headline and
// self-link lines; `reference`, the publisher's plain copy of the text
// (JSON-LD articleBody) if any, vouches for blocks when it is complete.
BodyResult extract_body(Dom& dom, const std::string& base, const std::vector<std::string>& titles,
                        const std::vector<std::string>& own_urls, Mode mode, const std::string* reference = nullptr);
// Lower-cased alphanumerics (and non-ASCII) with single spaces: for comparing lines.
std::string fold(std::string_view s);
// Share of the distinct longer words of `summary` found in `body`; 1 when
// the summary is too short to tell.
double summary_coverage(std::string_view summary, std::string_view body);

} // namespace stemma::extract::detail
