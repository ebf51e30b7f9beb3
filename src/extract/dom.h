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

struct Dom {
  std::vector<El> els; // preorder: an element's subtree is [i, els[i].end)
  std::int32_t body = -1;
  std::int32_t html = -1;
};

const char* attr(const GumboNode* n, const char* name);
std::string_view attr_sv(const GumboNode* n, const char* name);
bool is_heading(GumboTag t);
bool is_inline_tag(GumboTag t);

enum TokenClass : std::uint16_t {
  kTokStrongNeg = 1, // boilerplate regardless of any positive cue on the same element
  kTokWeakNeg = 2,   // lowers the score, does not exclude by itself
  kTokPositive = 4,
  kTokNeutral = 8,   // "has-sidebar", "comments-enabled", "no-ads": about the neighbourhood
  kTokHidden = 16,
  kTokByline = 32,   // where bylines live
  kTokDate = 64,     // where visible dates live
  kTokDecisive = 128 // boilerplate however much prose it holds (comments, consent, newsletter, related)
};

// OR of the TokenClass bits of the word tokens of a class/id-like value
// ("articleBody" -> article, body; "post-share" -> post, share).
std::uint16_t token_classes(std::string_view s);

// Preorder index of all elements, with parent links, subtree ends, class/id
// cues and hidden flags.
void build_index(const GumboNode* root, Dom& dom);
// Sums text statistics bottom-up, excluding subtrees flagged `exclude`.
void compute_stats(Dom& dom, std::uint16_t exclude);
double link_density(const El& e);
// Whether element x is in the subtree of element anc.
bool contains(const Dom& dom, std::int32_t anc, std::int32_t x);
// Links within the site (navigation, recirculation); links out are citations.
double own_link_density(const El& e);
// Text of an element (iterative, skipping script/style), collapsed, at most `max` bytes.
std::string element_text(const GumboNode* root, std::size_t max = 2000);
#ifdef STEMMA_EXTRACT_DEBUG
std::string describe(const Dom& dom, std::int32_t i);
#endif

} // namespace stemma::extract::detail
