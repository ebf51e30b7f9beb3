// The parsed page as the extractor sees it: gumbo's tree in an arena, plus a
// flat array of its elements in document order with per-subtree statistics.
// Every walk over it is iterative.
#pragma once

#include <gumbo.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace stemma::extract::detail {

// Memory for gumbo: bump allocation from large blocks, all freed at once. A
// budget bounds the memory (and so the time) a hostile page can make the tree
// builder use; exceeding it aborts the parse.
class Arena {
public:
  explicit Arena(std::size_t budget) : budget_(budget) {}
  ~Arena();
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;
  void* allocate(std::size_t size); // nullptr when over budget
  std::size_t used() const { return total_; }

private:
  struct Block {
    Block* next;
    std::size_t size;
  };
  Block* head_ = nullptr;
  char* cursor_ = nullptr;
  char* limit_ = nullptr;
  std::size_t total_ = 0;
  std::size_t budget_;
};

// Parses HTML with gumbo into `arena`. Returns nullptr when the budget ran out.
GumboOutput* parse_html(const std::string& html, Arena& arena);

enum ElFlags : std::uint16_t {
  kHardSkip = 1,   // never text: script, style, svg, form controls, hidden
  kSoftSkip = 2,   // boilerplate by position or cue (nav, footer, comments, ...)
  kSkipped = 4,    // final decision: subtree excluded from the article
  kInLink = 8,     // inside <a>
  kInline = 16,    // inline-level element
  kBlock = 32,     // block-level element (text breaks around it)
  kHidden = 64,
  kInArticle = 128, // inside <article>, <main> or [itemprop=articleBody]
  kOutLink = 256    // inside a link to another site (not a social network)
};

struct El {
  const GumboNode* node = nullptr;
  std::int32_t parent = -1;
  std::uint32_t end = 0; // preorder index one past the subtree
  GumboTag tag = GUMBO_TAG_UNKNOWN;
  std::uint16_t flags = 0;
  std::int16_t cue = 0; // class/id weight (negative: boilerplate)
  bool strong_negative = false;
  bool decisive_negative = false;
  bool positive = false;
  bool byline_cue = false;
  bool date_cue = false;
  const char* cls = nullptr;      // attribute values (owned by gumbo's arena)
  const char* itemprop = nullptr;
  const char* role = nullptr;
  // Subtree statistics (chars are non-space code points).
  std::uint32_t text = 0;
  std::uint32_t link_text = 0;
  std::uint32_t out_link_text = 0; // of link_text, in links to other sites
  std::uint32_t inline_text = 0; // text not inside a block-level child
  std::uint32_t inline_link = 0;
  std::uint32_t commas = 0;
  std::uint32_t inline_commas = 0;
  std::uint32_t n_p = 0, n_img = 0, n_li = 0, n_input = 0, n_embed = 0, n_heading = 0, n_quote = 0, n_cell = 0, n_th = 0;
  float score = 0;
  bool scored = false;
};

} // namespace stemma::extract::detail
