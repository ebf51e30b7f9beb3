#include "lineage/lineage.h"
#include "text/text.h"

#include <algorithm>
#include <vector>

namespace stemma::lineage {
namespace {

bool is_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || (static_cast<unsigned char>(c) >= 0x80); }

// Finds `needle` in `hay` at word boundaries; returns position or npos.
std::size_t find_word(std::string_view hay, std::string_view needle) {
  if (needle.empty()) return std::string_view::npos;
  for (std::size_t pos = hay.find(needle); pos != std::string_view::npos; pos = hay.find(needle, pos + 1)) {
    const bool left = pos == 0 || !is_word_char(hay[pos - 1]);
    const bool right = pos + needle.size() >= hay.size() || !is_word_char(hay[pos + needle.size()]);
    if (left && right) return pos;
  }
  return std::string_view::npos;
}

// The names a child would use for the parent's outlet.
std::vector<std::string> outlet_names(const ArticleInfo& parent) {
  std::vector<std::string> names;
  const std::string full = text::normalize(parent.outlet);
  if (!full.empty()) {
    names.push_back(full);
    if (full.starts_with("the ")) names.push_back(full.substr(4));
    // "the Gazette" for "The Harbor Gazette": the last word, if distinctive enough.
    const std::size_t space = full.rfind(' ');
    if (space != std::string::npos && full.size() - space - 1 >= 5) names.push_back("the " + full.substr(space + 1));
  }
  const std::string host = host_of(parent.url);
  if (!host.empty()) names.push_back(host);
  // Known outlets: every alias ("NYT" for The New York Times) and domain.
  const Outlet* known = full.empty() ? nullptr : outlet_by_name(full);
  if (!known && !host.empty()) known = outlet_by_host(host);
  if (known) {
    for (const std::string& alias : known->aliases) names.push_back(alias);
    for (const std::string& d : known->domains) names.push_back(d);
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  // Longest first, so the evidence shows the fullest name.
  std::stable_sort(names.begin(), names.end(), [](const std::string& x, const std::string& y) { return x.size() > y.size(); });
  return names;
}

} // namespace

Credit find_credit(std::string_view child_body, const ArticleInfo& parent) {
  return find_credit_normalized(text::normalize(child_body), parent);
}

Credit find_credit_normalized(std::string_view normalized_child_body, const ArticleInfo& parent, const ArticleInfo* child) {
  Credit credit;
  const std::vector<std::string> names = outlet_names(parent);
  if (child) {
    // A link to the parent's page or site is a credit, even with no name in the text.
    const std::string parent_host = host_of(parent.url);
    for (const std::string& link : child->links) {
      if ((!parent.url.empty() && link == parent.url) || (!parent_host.empty() && host_of(link) == parent_host)) {
        credit.credited = true;
        credit.kind = "link";
        credit.evidence = "links to " + link;
        return credit;
      }
    }
    // A wire story run under the agency's byline.
    const std::string byline = text::normalize(child->byline);
    if (!byline.empty()) {
      for (const std::string& name : names) {
        if (find_word(byline, name) != std::string_view::npos) {
          credit.credited = true;
          credit.kind = "wire_byline";
          credit.evidence = "byline: " + child->byline;
          return credit;
        }
      }
    }
  }
  const std::string_view hay = normalized_child_body;
  for (const std::string& name : names) {
    const std::size_t pos = find_word(hay, name);
    if (pos == std::string_view::npos) continue;
    credit.credited = true;
    credit.kind = "name";
    // Evidence: the sentence around the mention, at most ~60 bytes either side, cut at spaces.
    std::size_t lo = hay.find_last_of(".!?\n", pos);
    lo = lo == std::string_view::npos ? 0 : lo + 1;
    std::size_t hi = hay.find_first_of(".!?\n", pos + name.size());
    hi = hi == std::string_view::npos ? hay.size() : hi + 1;
    if (pos > lo + 60) {
      lo = pos - 60;
      const std::size_t space = hay.find(' ', lo);
      if (space < pos) lo = space + 1;
    }
    if (hi > pos + name.size() + 60) {
      hi = pos + name.size() + 60;
      const std::size_t space = hay.rfind(' ', hi);
      if (space != std::string_view::npos && space > pos + name.size()) hi = space;
    }
    while (lo < pos && (static_cast<unsigned char>(hay[lo]) & 0xC0) == 0x80) ++lo; // UTF-8 boundaries
    while (hi < hay.size() && (static_cast<unsigned char>(hay[hi]) & 0xC0) == 0x80) ++hi;
    std::string sentence(hay.substr(lo, hi - lo));
    while (!sentence.empty() && sentence.front() == ' ') sentence.erase(0, 1);
    credit.evidence = std::move(sentence);
    return credit;
  }
  return credit;
}

} // namespace stemma::lineage
