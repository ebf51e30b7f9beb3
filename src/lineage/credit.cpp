#include "lineage/internal.h"
#include "lineage/lineage.h"
#include "text/text.h"

#include <algorithm>
#include <iterator>
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

// Calls f on each word of s (maximal run of word characters).
template <class F> void for_each_word(std::string_view s, F&& f) {
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && !is_word_char(s[i])) ++i;
    const std::size_t j0 = i;
    while (i < s.size() && is_word_char(s[i])) ++i;
    if (i > j0) f(s.substr(j0, i - j0));
  }
}

std::size_t word_hash(std::string_view w) { return std::hash<std::string_view>{}(w); }

std::vector<std::size_t> word_hashes(std::string_view s) {
  std::vector<std::size_t> out;
  for_each_word(s, [&](std::string_view w) { out.push_back(word_hash(w)); });
  return out;
}

// Can `name` (its words' hashes) sit at word boundaries in a text with these sorted word hashes?
bool may_contain(const std::vector<std::size_t>& sorted_text_words, const std::vector<std::size_t>& name_words) {
  return std::all_of(name_words.begin(), name_words.end(),
                     [&](std::size_t h) { return std::binary_search(sorted_text_words.begin(), sorted_text_words.end(), h); });
}

Credit search_credit(std::string_view normalized_child_body, const detail::CreditText* prepared, const ArticleInfo& parent,
                     const detail::CreditNames& names, const ArticleInfo* child);

} // namespace

namespace detail {

CreditNames credit_names(const ArticleInfo& parent) {
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
  CreditNames out;
  for (const std::string& n : names) out.word_hashes.push_back(word_hashes(n));
  out.names = std::move(names);
  return out;
}

CreditText credit_text(std::string_view normalized_body, const ArticleInfo* child) {
  CreditText t;
  t.normalized_body = normalized_body;
  t.word_hashes = word_hashes(normalized_body);
  std::sort(t.word_hashes.begin(), t.word_hashes.end());
  t.word_hashes.erase(std::unique(t.word_hashes.begin(), t.word_hashes.end()), t.word_hashes.end());
  if (child) t.normalized_byline = text::normalize(child->byline);
  return t;
}

namespace {

bool alike_lines(std::string_view copied, std::string_view other) {
  if (copied == other) return true;
  std::vector<std::size_t> x = word_hashes(copied), y = word_hashes(other);
  std::sort(x.begin(), x.end()), std::sort(y.begin(), y.end());
  x.erase(std::unique(x.begin(), x.end()), x.end()), y.erase(std::unique(y.begin(), y.end()), y.end());
  std::vector<std::size_t> both;
  std::set_intersection(x.begin(), x.end(), y.begin(), y.end(), std::back_inserter(both));
  const std::size_t either = x.size() + y.size() - both.size();
  // At least 40% of the words alike (tuned on the dev traditions: 30-40% give the same edges; a
  // copied line respun at 50% keeps about half its words, two outlets' own lines around the same
  // lead sentence share that sentence).
  return either > 0 && 10 * both.size() >= 4 * either;
}

} // namespace

bool same_credit_line(const Credit& copied, const Credit& other) {
  return copied.credited && other.credited && copied.kind == other.kind && alike_lines(copied.evidence, other.evidence);
}

bool same_citation_line(const Citation& copied, const Citation& other) {
  return copied.key == other.key && copied.kind == other.kind &&
         alike_lines(text::normalize(copied.evidence), text::normalize(other.evidence));
}

Credit find_credit_prepared(const CreditText& child_text, const ArticleInfo& parent, const CreditNames& parent_names, const ArticleInfo* child) {
  return search_credit(child_text.normalized_body, &child_text, parent, parent_names, child);
}

} // namespace detail

Credit find_credit(std::string_view child_body, const ArticleInfo& parent) {
  return find_credit_normalized(text::normalize(child_body), parent);
}

Credit find_credit_normalized(std::string_view normalized_child_body, const ArticleInfo& parent, const ArticleInfo* child) {
  return search_credit(normalized_child_body, nullptr, parent, detail::credit_names(parent), child);
}

namespace {

Credit search_credit(std::string_view normalized_child_body, const detail::CreditText* prepared, const ArticleInfo& parent,
                     const detail::CreditNames& prepared_names, const ArticleInfo* child) {
  Credit credit;
  const std::vector<std::string>& names = prepared_names.names;
  if (child) {
    // A link to the parent's page or site is a credit, even with no name in the text.
    const std::string parent_host = child->links.empty() ? std::string() : host_of(parent.url);
    for (const std::string& link : child->links) {
      if ((!parent.url.empty() && link == parent.url) || (!parent_host.empty() && host_of(link) == parent_host)) {
        credit.credited = true;
        credit.kind = "link";
        credit.evidence = "links to " + link;
        return credit;
      }
    }
    // A wire story run under the agency's byline.
    const std::string byline = prepared ? prepared->normalized_byline : text::normalize(child->byline);
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
  for (std::size_t k = 0; k < names.size(); ++k) {
    const std::string& name = names[k];
    if (prepared && !may_contain(prepared->word_hashes, prepared_names.word_hashes[k])) continue;
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

} // namespace

} // namespace stemma::lineage
