// The article body. Boilerplate containers are excluded by tag, role and
// class/id cues; paragraphs score their ancestors (Readability); the best
// candidate is joined with its text-like siblings; widgets inside it are
// cleaned out; the text is assembled block by block with links and filtered
// for boilerplate lines.
#include "extract/body.h"

#include "extract/internal.h"
#include "extract/meta.h"

#include <algorithm>
#include <cstdio>
#include <string>
#include <unordered_set>
#include <vector>

namespace stemma::extract::detail {
namespace {

// Boilerplate containers by tag, role or cue; they are excluded unless they
// hold most of the page's text (an unclosed <nav> swallowing the page).
void mark_skips(Dom& dom, Mode mode) {
  const std::uint32_t total = dom.body >= 0 ? dom.els[static_cast<std::size_t>(dom.body)].text : 0;
  for (auto& e : dom.els) {
    bool soft = false;
    switch (e.tag) {
      case GUMBO_TAG_NAV: case GUMBO_TAG_FOOTER: case GUMBO_TAG_ASIDE: case GUMBO_TAG_MENU:
        soft = true;
        break;
      case GUMBO_TAG_HEADER:
        soft = true; // inside the article it holds the headline and byline, which are metadata
        break;
      case GUMBO_TAG_FORM:
        soft = e.n_p < 3 || e.n_input > 0;
        break;
      default:
        break;
    }
    std::string_view role = e.role ? std::string_view(e.role) : std::string_view();
    if (!role.empty() && (iequals(role, "navigation") || iequals(role, "complementary") || iequals(role, "contentinfo") ||
                          iequals(role, "banner") || iequals(role, "dialog") || iequals(role, "menu") || iequals(role, "alert")))
      soft = true;
    // Cues are about containers: a short inline element ("rollover-name",
    // "ad-free link") is text of its paragraph.
    // (Alone in its block, with no text of a paragraph around it, it is a
    // container after all: "<div><img><span class=caption>...</span></div>".)
    // (Its own text leaves out children that are skipped for cues of their
    // own: a name link whose hover card is nested inside it, "<span
    // class=rollover><a>Jane Doe</a><span class=rollover-block>...</span>".)
    std::uint32_t own_text = e.text;
    if ((e.flags & kInline) && e.strong_negative && e.text >= 40) {
      const auto self = static_cast<std::uint32_t>(&e - dom.els.data());
      for (std::uint32_t c = self + 1; c < e.end; c = dom.els[c].end)
        if (dom.els[c].strong_negative) own_text -= std::min(own_text, dom.els[c].text);
    }
    const bool short_inline = (e.flags & kInline) && own_text < 40 && e.parent >= 0 &&
                              dom.els[static_cast<std::size_t>(e.parent)].inline_text >= own_text + 10;
    if (e.strong_negative && e.tag != GUMBO_TAG_BODY && e.tag != GUMBO_TAG_HTML && mode == Mode::Normal && !short_inline) {
      // A class name is weak evidence against a container full of prose
      // ("story-body share-enabled"), except for the decisive kinds.
      const bool prose = e.n_p >= 3 && e.text >= 500 && link_density(e) < 0.15;
      if (e.decisive_negative || !prose) soft = true;
    }
    if (e.flags & kHidden) soft = true;
    if (soft) e.flags |= kSoftSkip;
    if ((e.flags & kHardSkip) || (soft && (total == 0 || e.text * 2 < total))) e.flags |= kSkipped;
#ifdef STEMMA_EXTRACT_DEBUG
    if ((e.flags & kSkipped) && !(e.flags & kHardSkip) && e.text > 200)
      fprintf(stderr, "skip text=%u %s\n", e.text, describe(dom, static_cast<std::int32_t>(&e - dom.els.data())).c_str());
#endif
  }
}

// ---- Candidate scoring (Readability-style) --------------------------------------------

float initial_score(const El& e) {
  float s = 0;
  switch (e.tag) {
    case GUMBO_TAG_DIV: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_SECTION: case GUMBO_TAG_MAIN: s = 5; break;
    case GUMBO_TAG_PRE: case GUMBO_TAG_TD: case GUMBO_TAG_BLOCKQUOTE: s = 3; break;
    case GUMBO_TAG_ADDRESS: case GUMBO_TAG_OL: case GUMBO_TAG_UL: case GUMBO_TAG_DL: case GUMBO_TAG_DD: case GUMBO_TAG_DT:
    case GUMBO_TAG_LI: case GUMBO_TAG_FORM: s = -3; break;
    case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6:
    case GUMBO_TAG_TH: s = -5; break;
    default: break;
  }
  s += e.cue;
  if (e.itemprop != nullptr && iequals(e.itemprop, "articleBody")) s += 30;
  return s;
}

std::int32_t pick_candidate(Dom& dom) {
  auto& els = dom.els;
  std::vector<std::int32_t> touched;
  for (std::size_t i = 0; i < els.size(); ++i) {
    El& e = els[i];
    if (e.flags & kSkipped) continue;
    // Paragraph units: block elements with enough inline text of their own.
    if (!(e.flags & kBlock) || e.inline_text < 25) continue;
    if (is_heading(e.tag) || e.tag == GUMBO_TAG_BODY || e.tag == GUMBO_TAG_HTML) continue;
    const double ld = e.inline_text ? static_cast<double>(e.inline_link) / e.inline_text : 0;
    const float content = static_cast<float>((1.0 + e.inline_commas + std::min(e.inline_text / 100.0, 3.0)) * (1.0 - ld));
    if (content <= 0) continue;
    // A block of only inline content is a paragraph: it scores its ancestors.
    // A container mixing its own text with blocks holds a virtual paragraph
    // (Readability wraps such text in <p>): it scores itself first.
    const bool mixed = e.tag != GUMBO_TAG_P && e.tag != GUMBO_TAG_PRE && e.tag != GUMBO_TAG_LI && e.text > e.inline_text + 25;
    std::int32_t a = mixed ? static_cast<std::int32_t>(i) : e.parent;
    for (int level = 0; a >= 0 && level < 5; ++level) {
      El& anc = els[static_cast<std::size_t>(a)];
      if (anc.tag == GUMBO_TAG_HTML) break;
      if (!anc.scored) {
        anc.scored = true;
        anc.score = initial_score(anc);
        touched.push_back(a);
      }
      const float div = level == 0 ? 1.0f : level == 1 ? 2.0f : static_cast<float>(level * 3);
      anc.score += content / div;
      a = anc.parent;
    }
  }
  if (touched.empty()) return -1;
  std::int32_t top = -1;
  float best = -1e30f;
  std::vector<std::pair<float, std::int32_t>> ranked;
  ranked.reserve(touched.size());
  for (auto i : touched) {
    El& e = els[static_cast<std::size_t>(i)];
    if (e.flags & kSkipped) {
      e.score = -1e9f;
      continue;
    }
    e.score *= static_cast<float>(1.0 - link_density(e));
    ranked.emplace_back(e.score, i);
    if (e.score > best) {
      best = e.score;
      top = i;
    }
  }
  if (top < 0) return -1;
  std::sort(ranked.begin(), ranked.end(), [](auto& x, auto& y) { return x.first > y.first; });
#ifdef STEMMA_EXTRACT_DEBUG
  for (std::size_t k = 0; k < ranked.size() && k < 8; ++k) {
    const El& e = els[static_cast<std::size_t>(ranked[k].second)];
    fprintf(stderr, "cand %.1f text=%u ld=%.2f %s\n", ranked[k].first, e.text, link_density(e), describe(dom, ranked[k].second).c_str());
  }
#endif
  // Several strong candidates under one ancestor: the article is that ancestor.
  {
    std::vector<std::int32_t> alts;
    for (std::size_t k = 1; k < ranked.size() && k < 5; ++k)
      if (ranked[k].first >= 0.75f * best) alts.push_back(ranked[k].second);
    if (alts.size() >= 3) {
      std::int32_t a = els[static_cast<std::size_t>(top)].parent;
      while (a >= 0 && els[static_cast<std::size_t>(a)].tag != GUMBO_TAG_BODY) {
        int n = 0;
        for (auto x : alts)
          if (contains(dom, a, x)) ++n;
        if (n >= 3) {
          top = a;
          break;
        }
        a = els[static_cast<std::size_t>(a)].parent;
      }
    }
  }
  // Climb while the parent scores at least as well.
  {
    float last = els[static_cast<std::size_t>(top)].score;
    const float threshold = last / 3;
    std::int32_t p = els[static_cast<std::size_t>(top)].parent;
    while (p >= 0 && els[static_cast<std::size_t>(p)].tag != GUMBO_TAG_BODY) {
      const El& pe = els[static_cast<std::size_t>(p)];
      if (!pe.scored) {
        p = pe.parent;
        continue;
      }
      if (pe.score < threshold) break;
      if (pe.score > last) {
        top = p;
        break;
      }
      last = pe.score;
      p = pe.parent;
    }
  }
  // An only child: use the parent.
  for (;;) {
    const El& t = els[static_cast<std::size_t>(top)];
    const std::int32_t p = t.parent;
    if (p < 0 || els[static_cast<std::size_t>(p)].tag == GUMBO_TAG_BODY) break;
    const El& pe = els[static_cast<std::size_t>(p)];
    if (pe.text > t.text + 10) break;
    top = p;
  }
#ifdef STEMMA_EXTRACT_DEBUG
  fprintf(stderr, "top %s\n", describe(dom, top).c_str());
#endif
  return top;
}

bool social_host(std::string_view label) {
  static constexpr std::string_view kSocial[] = {"facebook", "twitter", "instagram", "linkedin", "pinterest", "reddit",
                                                 "whatsapp", "youtube", "tiktok", "tumblr", "flipboard", "telegram", "vk",
                                                 "t", "x", "threads", "mastodon", "snapchat", "digg", "google", "apple",
                                                 "addtoany", "sharethis", "addthis", "disqus", "wa", "fb", "bsky"};
  for (auto s : kSocial)
    if (label == s) return true;
  return false;
}

// A link to another site that is not a social network or sharing service.
bool outbound_url(std::string_view url, const std::string& own_host) {
  if (own_host.empty() || !is_http_url(url)) return false;
  const std::string h = host_label(url);
  return !h.empty() && h != own_host && !social_host(h);
}


// "Related", "See also", "Explore further", ...: a heading over links to
// other articles.
bool recirculation_text(std::string_view text) {
  static const std::unordered_set<std::string> kRecirc = {
      "related", "related articles", "related posts", "related stories", "related content", "related coverage",
      "related news", "related links", "related reading", "more stories", "more news", "you may also like",
      "you might also like", "you may be interested in", "recommended", "recommended for you", "recommended reading",
      "read more", "read next", "see also", "also read", "read also", "explore further", "more on this", "more on this story",
      "dont miss", "don\xe2\x80\x99t miss", "leggi anche", "lesen sie auch", "mehr zum thema", "leia tamb\xc3\xa9m", "veja tamb\xc3\xa9m",
      "lire aussi", "\xc3\xa0 lire aussi", "a lire aussi", "ver tambi\xc3\xa9n", "te puede interesar", "lee tambi\xc3\xa9n"};
  return kRecirc.count(fold(text)) > 0;
}

// ---- Body assembly --------------------------------------------------------------------

enum class BlockKind : std::uint8_t { Paragraph, Heading, ListItem, Quote, Pre, Row };

struct Block {
  std::string text;
  std::vector<Link> links; // offsets relative to text
  BlockKind kind = BlockKind::Paragraph;
  std::int32_t list = -1; // the list element for list items
  std::int32_t el = -1;   // the block element the text came from
  std::uint32_t link_chars = 0;
  std::uint32_t chars = 0;
  std::uint32_t emph_chars = 0; // inside <em>, <i>, <small>, <cite>
  bool after_image = false;     // an image came right before the block's first text
  bool after_recirc = false;    // right after a "Related" / "Explore further" heading
  bool keep = true;
};

class Assembler {
public:
  Assembler(const Dom& dom, std::string base_url, bool relaxed) : dom_(dom), base_(std::move(base_url)), relaxed_(relaxed) {}

  void add_root(std::int32_t root);
  std::vector<Block>& blocks() {
    flush();
    return blocks_;
  }
  // Folded alt texts of the images of the article.
  const std::vector<std::string>& image_alts() const { return alts_; }

private:
  void text(std::string_view s, bool in_link);
  void newline();
  void flush();
  void open_link(const GumboNode* a);
  void close_link();

  const Dom& dom_;
  std::string base_;
  bool relaxed_ = false;
  std::uint32_t root_text_ = 0;
  std::vector<Block> blocks_;
  Block cur_;
  bool pending_space_ = false;
  int pre_depth_ = 0;
  int emph_depth_ = 0;
  bool after_image_ = false;
  bool after_recirc_ = false;
  std::vector<std::string> alts_;
  // Context of the innermost block element.
  std::vector<std::pair<BlockKind, std::int32_t>> ctx_;
  // The open link.
  bool link_open_ = false;
  std::string link_url_;
  std::size_t link_begin_ = std::string::npos, link_end_ = 0;
};

void Assembler::text(std::string_view s, bool in_link) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    bool space = is_ascii_space(c);
    if (!space && c == '\xC2' && i + 1 < s.size() && s[i + 1] == '\xA0') {
      space = true;
      ++i;
    }
    if (space && pre_depth_ > 0 && c == '\n') {
      cur_.text.push_back('\n');
      pending_space_ = false;
      continue;
    }
    if (space) {
      if (!cur_.text.empty() && cur_.text.back() != '\n') pending_space_ = true;
      continue;
    }
    if (pending_space_) {
      cur_.text.push_back(' ');
      pending_space_ = false;
    }
    if (link_open_ && link_begin_ == std::string::npos) link_begin_ = cur_.text.size();
    if (cur_.chars == 0) {
      cur_.after_image = after_image_;
      cur_.after_recirc = after_recirc_;
    }
    after_image_ = after_recirc_ = false;
    cur_.text.push_back(c);
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
      ++cur_.chars;
      if (in_link) ++cur_.link_chars;
      if (emph_depth_ > 0) ++cur_.emph_chars;
    }
    if (link_open_) link_end_ = cur_.text.size();
  }
}

void Assembler::newline() {
  pending_space_ = false;
  while (!cur_.text.empty() && cur_.text.back() == ' ') cur_.text.pop_back();
  if (cur_.text.empty()) return;
  // At most one blank line.
  const std::size_t n = cur_.text.size();
  if (n >= 2 && cur_.text[n - 1] == '\n' && cur_.text[n - 2] == '\n') return;
  cur_.text.push_back('\n');
}

void Assembler::open_link(const GumboNode* a) {
  close_link();
  std::string_view href = attr_sv(a, "href");
  href = trim(href);
  if (href.empty() || href[0] == '#' || istarts_with(href, "javascript:") || istarts_with(href, "mailto:") ||
      istarts_with(href, "tel:") || istarts_with(href, "data:"))
    return;
  std::string url = base_.empty() ? std::string(href) : resolve_url(base_, href);
  link_open_ = true;
  link_url_ = std::move(url);
  link_begin_ = std::string::npos;
  link_end_ = 0;
}

void Assembler::close_link() {
  if (!link_open_) return;
  link_open_ = false;
  if (link_begin_ == std::string::npos || link_end_ <= link_begin_) return;
  Link l;
  l.url = std::move(link_url_);
  l.anchor = cur_.text.substr(link_begin_, link_end_ - link_begin_);
  l.begin = static_cast<std::uint32_t>(link_begin_);
  l.end = static_cast<std::uint32_t>(link_end_);
  cur_.links.push_back(std::move(l));
}

void Assembler::flush() {
  const bool was_open = link_open_;
  std::string url = was_open ? link_url_ : std::string();
  if (was_open) close_link();
  // Trim trailing whitespace/newlines; leading ones were never added except newlines.
  while (!cur_.text.empty() && (cur_.text.back() == ' ' || cur_.text.back() == '\n')) cur_.text.pop_back();
  std::size_t lead = 0;
  while (lead < cur_.text.size() && (cur_.text[lead] == '\n' || cur_.text[lead] == ' ')) ++lead;
  if (lead > 0) {
    cur_.text.erase(0, lead);
    for (auto& l : cur_.links) {
      l.begin = static_cast<std::uint32_t>(l.begin >= lead ? l.begin - lead : 0);
      l.end = static_cast<std::uint32_t>(l.end >= lead ? l.end - lead : 0);
    }
  }
  for (auto& l : cur_.links) {
    if (l.end > cur_.text.size()) l.end = static_cast<std::uint32_t>(cur_.text.size());
    if (l.begin > l.end) l.begin = l.end;
  }
  if (!cur_.text.empty()) {
    if (!ctx_.empty()) {
      cur_.kind = ctx_.back().first;
      cur_.el = ctx_.back().second;
    }
    for (auto it = ctx_.rbegin(); it != ctx_.rend(); ++it) {
      if (it->first == BlockKind::ListItem || it->first == BlockKind::Row) {
        const std::int32_t li = it->second;
        cur_.list = li >= 0 ? dom_.els[static_cast<std::size_t>(li)].parent : -1;
        break;
      }
    }
    blocks_.push_back(std::move(cur_));
  }
  cur_ = Block{};
  pending_space_ = false;
  if (was_open) {
    // A link spanning a block boundary continues in the next block.
    link_open_ = true;
    link_url_ = std::move(url);
    link_begin_ = std::string::npos;
    link_end_ = 0;
  }
}

bool emphasis_tag(GumboTag t) {
  return t == GUMBO_TAG_EM || t == GUMBO_TAG_I || t == GUMBO_TAG_SMALL || t == GUMBO_TAG_CITE;
}

// Readability's conditional cleaning: widgets, link lists and image/embed
// boxes inside the article subtree.
bool fishy(const Dom& dom, const El& e, std::uint32_t root_text) {
  if (!(e.tag == GUMBO_TAG_DIV || e.tag == GUMBO_TAG_SECTION || e.tag == GUMBO_TAG_UL || e.tag == GUMBO_TAG_OL ||
        e.tag == GUMBO_TAG_TABLE || e.tag == GUMBO_TAG_FORM || e.tag == GUMBO_TAG_FIELDSET || e.tag == GUMBO_TAG_ASIDE ||
        e.tag == GUMBO_TAG_FIGURE || e.tag == GUMBO_TAG_DL || (e.tag == GUMBO_TAG_UNKNOWN && e.text > e.inline_text)))
    return false;
  (void)dom;
  const double ld = link_density(e);
  const int weight = e.cue;
  const float score = e.scored ? e.score : 0.0f;
  if (weight < 0 && weight + score < 0) return true;
  // Data tables inside the article are content.
  if (e.tag == GUMBO_TAG_TABLE && e.n_cell >= 4 && ld < 0.5 && (e.n_th > 0 || e.text < e.n_cell * 40)) return false;
  // A large share of the article is not a widget.
  if (e.text * 10 >= root_text * 4 && ld < 0.3) return false;
  if (e.commas >= 10) return false;
  const double p = e.n_p, img = e.n_img, li = e.n_li, input = e.n_input;
  const bool is_list = e.tag == GUMBO_TAG_UL || e.tag == GUMBO_TAG_OL;
  if (e.tag == GUMBO_TAG_FIGURE) return e.text < 200;
  if (img > 1 && p / img < 0.5 && e.text < 300 + 100 * p) return true;
  if (!is_list && li > p + 2 && li > 3 && ld > 0.3) return true;
  if (input > p / 3 && input > 0) return true;
  // (Not lists: a one-item list of a link out, "Get it on Amazon for $40",
  // is content; lists of links to the site are caught below.)
  if (!is_list && e.text < 25 && (img == 0 || img > 2) && e.n_heading == 0) return true;
  // Embedded posts (tweets) are quotes with links; keep them unless mostly links.
  const double ld_limit = e.n_quote > 0 ? 0.5 : 0.2;
  const double own_ld = own_link_density(e);
  if (weight < 25 && ld > ld_limit && own_ld > ld_limit / 2 && e.text < 1000 && !is_list) return true;
  if (is_list && ld > 0.5 && own_ld > 0.25) return true;
  if (weight >= 25 && ld > 0.5 && own_ld > 0.25) return true;
  if ((e.n_embed == 1 && e.text < 75) || e.n_embed > 1) return true;
  return false;
}

void Assembler::add_root(std::int32_t root) {
  flush();
  struct Item {
    const GumboNode* node;
    std::int32_t el; // element index, -1 for text nodes
    bool exit;
  };
  // Map gumbo element nodes to indices: they appear in preorder under root.
  std::vector<Item> stack;
  const El& r = dom_.els[static_cast<std::size_t>(root)];
  root_text_ = r.text;
  stack.push_back({r.node, root, false});
  std::int32_t next_index = root; // preorder counter over elements
  while (!stack.empty()) {
    Item it = stack.back();
    stack.pop_back();
    if (it.exit) {
      const El& e = dom_.els[static_cast<std::size_t>(it.el)];
      if (e.tag == GUMBO_TAG_A) close_link();
      if (e.tag == GUMBO_TAG_PRE) --pre_depth_;
      if (emphasis_tag(e.tag)) --emph_depth_;
      if ((e.flags & kBlock) && e.tag != GUMBO_TAG_TD && e.tag != GUMBO_TAG_TH) {
        flush();
        if (!ctx_.empty() && ctx_.back().second == it.el) ctx_.pop_back();
      } else if (e.tag == GUMBO_TAG_TD || e.tag == GUMBO_TAG_TH) {
        if (!cur_.text.empty()) pending_space_ = true;
      }
      continue;
    }
    const GumboNode* n = it.node;
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE || n->type == GUMBO_NODE_CDATA) {
      const bool in_link = it.el >= 0 && (dom_.els[static_cast<std::size_t>(it.el)].flags & kInLink);
      text(n->v.text.text, in_link);
      continue;
    }
    if (n->type != GUMBO_NODE_ELEMENT && n->type != GUMBO_NODE_TEMPLATE) continue;
    const std::int32_t idx = next_index++;
    const El& e = dom_.els[static_cast<std::size_t>(idx)];
    const bool skip = (e.flags & kSkipped) || (idx != root && !relaxed_ && fishy(dom_, e, root_text_)) ||
                      (e.tag == GUMBO_TAG_H1) || (is_heading(e.tag) && (e.cue < 0 || own_link_density(e) > 0.33));
    if (skip) {
#ifdef STEMMA_EXTRACT_DEBUG
      if (e.text > 60)
        fprintf(stderr, "drop text=%u skipped=%d fishy=%d %s\n", e.text, (e.flags & kSkipped) != 0, idx != root && fishy(dom_, e, root_text_),
                describe(dom_, idx).c_str());
#endif
      // A small widget dropped as such may be the heading of what follows.
      if (!(e.flags & kSkipped) && e.text > 0 && e.text <= 40 && e.link_text == 0)
        after_recirc_ = recirculation_text(element_text(e.node, 200));
      next_index = static_cast<std::int32_t>(e.end); // skip the subtree's elements
      if (e.tag == GUMBO_TAG_BR || e.tag == GUMBO_TAG_IMG) continue;
      if (e.flags & kBlock) flush();
      continue;
    }
    if (e.tag == GUMBO_TAG_BR) {
      newline();
      continue;
    }
    if (e.tag == GUMBO_TAG_IMG) {
      // (An image inside an italic run is not captioned by that run.)
      after_image_ = emph_depth_ == 0;
      if (std::string alt = fold(attr_sv(n, "alt")); alt.size() >= 12) alts_.push_back(std::move(alt));
      continue;
    }
    if (e.tag == GUMBO_TAG_HR) {
      flush();
      continue;
    }
    const bool cell = e.tag == GUMBO_TAG_TD || e.tag == GUMBO_TAG_TH;
    if (cell) {
      if (!cur_.text.empty()) pending_space_ = true;
    } else if (e.flags & kBlock) {
      flush();
      BlockKind k = BlockKind::Paragraph;
      if (is_heading(e.tag)) k = BlockKind::Heading;
      else if (e.tag == GUMBO_TAG_LI || e.tag == GUMBO_TAG_DT || e.tag == GUMBO_TAG_DD) k = BlockKind::ListItem;
      else if (e.tag == GUMBO_TAG_BLOCKQUOTE) k = BlockKind::Quote;
      else if (e.tag == GUMBO_TAG_PRE) k = BlockKind::Pre;
      else if (e.tag == GUMBO_TAG_TR) k = BlockKind::Row;
      else if (!ctx_.empty() && e.tag != GUMBO_TAG_P) k = ctx_.back().first; // a div inside a quote is quote text
      ctx_.emplace_back(k, idx);
    }
    if (e.tag == GUMBO_TAG_A) open_link(n);
    if (e.tag == GUMBO_TAG_PRE) ++pre_depth_;
    if (emphasis_tag(e.tag)) ++emph_depth_;
    stack.push_back({n, idx, true});
    const GumboVector& ch = n->v.element.children;
    for (unsigned k = ch.length; k > 0; --k) {
      const auto* c = static_cast<const GumboNode*>(ch.data[k - 1]);
      stack.push_back({c, c->type == GUMBO_NODE_ELEMENT || c->type == GUMBO_NODE_TEMPLATE ? -1 : idx, false});
    }
  }
  flush();
}

// ---- Boilerplate blocks --------------------------------------------------------------------


bool boilerplate_block(const Block& b) {
  if (b.chars > 400) return false;
  const std::string f = fold(b.text);
  if (f.empty()) return b.chars < 3;
  static const std::unordered_set<std::string> kWhole = {
      "advertisement", "advertisements", "ad", "ads", "sponsored", "sponsored content", "share", "share this",
      "share this article", "share this story", "share on facebook", "share on twitter", "tweet", "email", "print",
      "comments", "comment", "read more", "continue reading", "click here", "see more", "show more", "load more",
      "related", "related articles", "related posts", "related stories", "related content", "related coverage",
      "more stories", "you may also like", "you might also like", "recommended", "recommended for you", "trending",
      "trending now", "most popular", "most read", "tags", "topics", "story continues below advertisement",
      "story continues below", "article continues below", "skip to content", "back to top", "top", "follow us",
      "subscribe", "sign up", "log in", "loading", "advertisement continue reading below", "close", "next", "previous",
      "image", "photo", "video", "listen", "watch", "more", "view comments", "leave a comment", "leave a reply",
      "post a comment", "join the conversation", "newsletter", "share this page", "share via", "copy link", "print this page",
      "continue reading below", "content continues below", "scroll to continue with content", "ad feedback",
      "this slideshow requires javascript", "enable javascript", "please enable javascript", "loading comments",
      "report an error", "report a correction", "reprints", "permalink", "view gallery", "view slideshow", "open gallery",
      "expand", "collapse", "hide caption", "toggle caption", "enlarge this image", "see all", "view all"};
  if (kWhole.count(f)) return true;
  // Prefixes, matched on the lower-cased text with its punctuation.
  std::string low = to_lower(b.text.substr(0, 80));
  static constexpr std::string_view kPrefix[] = {
      "sign up for", "sign up to", "subscribe to", "subscribe for", "subscribe now", "join our newsletter", "get our newsletter",
      "related:", "related articles", "related posts", "related stories", "related coverage", "read more:", "read more about",
      "read also:", "see also:", "also read:", "recommended:", "photo:", "photos:", "photo by", "photograph:", "image:",
      "image credit", "image via", "images:", "picture:", "credit:", "photo credit", "(photo", "(image", "copyright \xc2\xa9",
      "copyright (c)", "\xc2\xa9 ", "leave a reply", "leave a comment", "follow us on", "click here to", "share this",
      "you might also like", "you may also like", "more from ", "more on this", "trending now", "listen to this article",
      "download the app", "download our app", "we use cookies", "by signing up", "by clicking", "your email address",
      "enter your email", "this site uses cookies", "have a news tip", "got a news tip", "like this article", "don't miss",
      "don\xe2\x80\x99t miss", "sign in to", "log in to", "to continue reading", "already a subscriber",
      "already have an account", "advertisement", "sponsored by", "filed under", "tagged:", "tagged with", "tags:",
      "posted in:", "categories:", "category:", "topics:", "watch:", "watch the video", "(advertisement)"};
  for (auto p : kPrefix)
    if (low.compare(0, p.size(), p) == 0 && b.chars < 300) return true;
  if (b.chars < 200 && (f.find("all rights reserved") != std::string::npos || f.find("getty images") != std::string::npos))
    return true;
  return false;
}

// Photo captions and credits that sit in the text flow: a line repeating an
// image's alt text, a short all-italic/small line right under an image, or a
// short line ending in a credit, "... (Image: Getty)".
bool caption_block(const Block& b, const std::vector<std::string>& alts) {
  if (b.chars > 250 || b.kind == BlockKind::Heading) return false;
  const std::string f = fold(b.text);
  if (f.empty()) return false;
  for (const auto& a : alts) {
    if (a == f) return true;
    // Right under an image, a short line that opens with its alt text and
    // goes on ("Benchmark results" -> "Benchmark results for the new model")
    // is its caption.
    if (b.after_image && b.chars < 160 && f.size() > a.size() && f.compare(0, a.size(), a) == 0 && f[a.size()] == ' ') return true;
  }
  if (b.after_image && b.chars < 160 && b.emph_chars * 10 >= b.chars * 9) return true;
  const std::string_view t = trim(b.text);
  if (t.size() > 2 && t.back() == ')') {
    const std::size_t open = t.rfind('(');
    if (open != std::string_view::npos) {
      const std::string inner = to_lower(t.substr(open + 1, std::min<std::size_t>(16, t.size() - open - 1)));
      for (std::string_view p : {"image:", "images:", "photo:", "photos:", "picture:", "pic:", "credit:", "photograph:",
                                 "foto:", "bild:", "image credit", "photo credit"})
        if (inner.compare(0, p.size(), p) == 0) return true;
    }
  }
  return false;
}

// Headline, byline and dateline lines that sit inside the article container.
bool metadata_block(const Block& b, std::size_t index, const std::vector<std::string>& titles, const std::vector<std::string>& own_urls) {
  if (b.chars > 160) return false;
  const std::string f = fold(b.text);
  if (f.empty()) return false;
  if (index < 8)
    for (const auto& t : titles)
      if (!t.empty() && f == t) return true;
  const std::string_view text = trim(b.text);
  // The page's own URL printed as text.
  if ((istarts_with(text, "http://") || istarts_with(text, "https://")) && text.find(' ') == std::string_view::npos) {
    auto strip_url = [](std::string_view u) {
      if (const std::size_t p = u.find("://"); p != std::string_view::npos) u.remove_prefix(p + 3);
      if (istarts_with(u, "www.")) u.remove_prefix(4);
      while (!u.empty() && u.back() == '/') u.remove_suffix(1);
      return to_lower(u);
    };
    const std::string t = strip_url(text);
    for (const auto& u : own_urls)
      if (!u.empty() && strip_url(u) == t) return true;
  }
  // "By Jane Doe", "By Jane Doe - 11/18/19 11:04 PM EST"
  if (b.chars < 100 && (text.substr(0, 3) == "By " || text.substr(0, 3) == "BY " || text.substr(0, 3) == "by ")) {
    std::size_t words = 0, capital = 0;
    std::size_t i = 3;
    while (i < text.size()) {
      while (i < text.size() && text[i] == ' ') ++i;
      if (i >= text.size()) break;
      const std::size_t st = i;
      while (i < text.size() && text[i] != ' ') ++i;
      ++words;
      const char c = text[st];
      if ((c >= 'A' && c <= 'Z') || static_cast<unsigned char>(c) >= 0x80) ++capital;
    }
    if (find_date_in_text(text).has_value() || (words <= 6 && capital * 2 >= words + 1)) return true;
    // "By Jane Doe - 11/18/19 11:04 PM EST": a name, a separator, then a date or time.
    for (std::string_view sep : {" - ", " | ", " \xe2\x80\x93 ", " \xe2\x80\x94 ", " \xe2\x80\xa2 ", " \xc2\xb7 "}) {
      const std::size_t at = text.find(sep, 3);
      if (at == std::string_view::npos) continue;
      const std::string_view name = trim(text.substr(3, at - 3)), rest = text.substr(at + sep.size());
      std::size_t n_words = 0, n_capital = 0;
      for (std::size_t j = 0; j < name.size();) {
        while (j < name.size() && name[j] == ' ') ++j;
        if (j >= name.size()) break;
        ++n_words;
        if ((name[j] >= 'A' && name[j] <= 'Z') || static_cast<unsigned char>(name[j]) >= 0x80) ++n_capital;
        while (j < name.size() && name[j] != ' ') ++j;
      }
      const bool digit = std::any_of(rest.begin(), rest.end(), [](char c) { return is_ascii_digit(c); });
      if (n_words >= 1 && n_words <= 5 && n_capital * 2 > n_words && digit) return true;
      break;
    }
  }
  // "05/10/2018 - Posted by: Jane Doe - Category: Health - Tags: ...": a line
  // of two or more metadata labels.
  if (b.chars < 200) {
    static constexpr std::string_view kLabels[] = {
        "posted by", "published by", "written by", "posted in", "filed under", "category:", "categories:", "tags:",
        "tagged:", "author:", "publicado por", "escrito por", "categoria:", "categor\xc3\xad" "a:", "etiquetas:",
        "pubblicato da", "scritto da", "publi\xc3\xa9 par", "cat\xc3\xa9" "gorie:", "ver\xc3\xb6" "ffentlicht von",
        "kategorie:", "autor:", "autore:", "auteur:"};
    const std::string low = to_lower(text);
    int labels = 0;
    for (auto l : kLabels)
      if (low.find(l) != std::string::npos) ++labels;
    if (labels >= 2) return true;
  }
  // "Updated 5:27 am CST, Wednesday, November 20, 2019", "Published: ..."
  static constexpr std::string_view kDateline[] = {"updated", "published", "posted", "last updated", "first published",
                                                   "last modified", "modified", "originally published", "posted on",
                                                   "published on", "date:", "publicado", "publicado em", "publicado el",
                                                   "pubblicato", "pubblicato il", "publi\xc3\xa9 le", "ver\xc3\xb6" "ffentlicht",
                                                   "aktualisiert", "atualizado", "actualizado", "aggiornato",
                                                   "mis \xc3\xa0 jour"};
  if (b.chars < 120 && b.kind != BlockKind::ListItem && b.kind != BlockKind::Row) {
    for (auto p : kDateline) {
      if (f.compare(0, p.size(), p) == 0 && (f.size() == p.size() || f[p.size()] == ' ' || f[p.size()] == ':')) {
        // (A short label line is a dateline, "Updated 5 hours ago", except
        // "Originally published on Harbour Gazette." without a number: it names
        // where the article first ran, which is text of the article.)
        const std::string_view rest = std::string_view(f).substr(p.size());
        const bool attribution = (p == "originally published" || p == "first published") && !trim(rest).empty() &&
                                 std::none_of(rest.begin(), rest.end(), [](char c) { return is_ascii_digit(c); });
        const bool short_dateline = b.chars < 40 && !attribution;
        if (find_date_in_text(text).has_value() || short_dateline || text.find(':') != std::string_view::npos) return true;
      }
    }
    // A bare date.
    if (b.chars < 48) {
      if (parse_date(text).has_value()) return true;
      if (auto d = find_date_in_text(text); d && b.chars < 32) return true;
    }
  }
  return false;
}

// Hashes of the word 3-grams of a text (words: ASCII alphanumerics and
// non-ASCII bytes, lower-cased).
std::vector<std::uint64_t> trigram_list(std::string_view t) {
  std::vector<std::uint64_t> words, grams;
  std::uint64_t h = 1469598103934665603ull;
  bool in_word = false;
  for (std::size_t i = 0; i <= t.size(); ++i) {
    const char c = i < t.size() ? t[i] : ' ';
    if (is_ascii_alnum(c) || (static_cast<unsigned char>(c) & 0x80)) {
      h = (h ^ static_cast<unsigned char>(lower_ascii(c))) * 1099511628211ull;
      in_word = true;
    } else if (in_word) {
      words.push_back(h);
      h = 1469598103934665603ull;
      in_word = false;
    }
  }
  for (std::size_t i = 0; i + 2 < words.size(); ++i) grams.push_back(words[i] * 31 + words[i + 1] * 17 + words[i + 2]);
  return grams;
}

std::unordered_set<std::uint64_t> trigrams(std::string_view t) {
  const auto l = trigram_list(t);
  return std::unordered_set<std::uint64_t>(l.begin(), l.end());
}

bool promo_block(const Block& b) {
  if (b.chars > 350) return false;
  const std::string low = to_lower(b.text);
  // Credit lines: "Reporting by ...; Editing by ...", "X contributed to this report."
  if (b.chars < 300) {
    for (std::string_view p : {"reporting by ", "(reporting by ", "additional reporting by ", "editing by ", "writing by ",
                               "compiled by ", "write to ", "contact the author", "reach the reporter", "email the author",
                               "like this story", "follow us", "listen to "}) {
      if (low.compare(0, p.size(), p) == 0) {
        if (p != "write to " && p != "listen to ") return true;
        if (low.find('@') != std::string::npos || low.find("listen back") != std::string::npos || low.find("podcast") != std::string::npos)
          return true;
      }
    }
    if (low.find("contributed to this report") != std::string::npos || low.find("contributed reporting") != std::string::npos ||
        low.find("contributed to this story") != std::string::npos || low.find("contributed to this article") != std::string::npos)
      return true;
    if (low.compare(0, 7, "follow ") == 0 && (low.find("twitter") != std::string::npos || low.find("facebook") != std::string::npos ||
                                             low.find("instagram") != std::string::npos || low.find("coverage") != std::string::npos ||
                                             low.find("http") != std::string::npos))
      return true;
  }
  // Reading time: "5 min read", "Reading time: 3 minutes".
  if (b.chars < 40 && (low.find("min read") != std::string::npos || low.find("minute read") != std::string::npos ||
                       low.find("reading time") != std::string::npos || low.find("tempo de leitura") != std::string::npos ||
                       low.find("lesezeit") != std::string::npos || low.find("temps de lecture") != std::string::npos))
    return true;
  // A bare e-mail address or social handle line.
  if (b.chars < 60 && low.find(' ') == std::string::npos &&
      (low.find('@') != std::string::npos || low.compare(0, 12, "twitter.com/") == 0))
    return true;
  // A magazine subscription offer: "Get X delivered ... 12 issues for £11.99."
  if (b.chars < 300 && low.find(" issues for ") != std::string::npos &&
      (low.find("\xc2\xa3") != std::string::npos || low.find('$') != std::string::npos || low.find("\xe2\x82\xac") != std::string::npos))
    return true;
  const bool newsletter = low.find("newsletter") != std::string::npos;
  if (newsletter && (low.find("sign up") != std::string::npos || low.find("subscribe") != std::string::npos ||
                     low.find("inbox") != std::string::npos))
    return true;
  // WordPress shortcodes left in the text: "[button link=...]".
  if (!low.empty() && low[0] == '[') {
    const std::size_t close = low.find(']');
    if (close != std::string::npos && low.substr(0, close).find('=') != std::string::npos) return true;
  }
  return false;
}

// The line [begin, end) of a block's text as a block of its own.
Block line_block(const Block& b, std::size_t begin, std::size_t end) {
  Block l;
  l.kind = b.kind;
  l.el = b.el;
  l.list = b.list;
  l.text = b.text.substr(begin, end - begin);
  auto count = [](std::string_view t) {
    std::uint32_t n = 0;
    for (char c : t)
      if (!is_ascii_space(c) && (static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
    return n;
  };
  l.chars = count(l.text);
  for (const auto& k : b.links) {
    if (k.end <= begin || k.begin >= end) continue;
    Link c = k;
    c.begin = static_cast<std::uint32_t>(std::max<std::size_t>(k.begin, begin) - begin);
    c.end = static_cast<std::uint32_t>(std::min<std::size_t>(k.end, end) - begin);
    l.link_chars += count(std::string_view(l.text).substr(c.begin, c.end - c.begin));
    l.links.push_back(std::move(c));
  }
  return l;
}

// Removes the bytes [begin, end) of a block's text, with the links there.
void cut_text(Block& b, std::size_t begin, std::size_t end) {
  const std::size_t n = end - begin;
  std::vector<Link> kept;
  for (auto& l : b.links) {
    if (l.end <= begin) kept.push_back(std::move(l));
    else if (l.begin >= end) {
      l.begin = static_cast<std::uint32_t>(l.begin - n);
      l.end = static_cast<std::uint32_t>(l.end - n);
      kept.push_back(std::move(l));
    }
  }
  b.links = std::move(kept);
  b.text.erase(begin, n);
  const Block whole = line_block(b, 0, b.text.size());
  b.chars = whole.chars;
  b.link_chars = whole.link_chars;
}

// Link characters of a block in links to the site itself (or to sites that
// are not identified: relative links resolve to the site).
std::size_t own_link_bytes(const Block& b, const std::string& own_host) {
  std::size_t n = 0;
  for (const auto& l : b.links)
    if (!outbound_url(l.url, own_host)) n += l.end - l.begin;
  return n;
}

// A list that ends the article, each of whose items links to the site itself
// ("More great stories", "Read next"), is recirculation, not article text.
void drop_trailing_link_list(std::vector<Block>& blocks, const std::string& own_host) {
  std::size_t k = blocks.size();
  while (k > 0 && !blocks[k - 1].keep) --k;
  if (k == 0 || blocks[k - 1].kind != BlockKind::ListItem || blocks[k - 1].list < 0) return;
  const std::int32_t list = blocks[k - 1].list;
  std::vector<std::size_t> items;
  std::size_t bytes = 0, link_bytes = 0;
  for (std::size_t j = k; j > 0; --j) {
    const Block& b = blocks[j - 1];
    if (!b.keep) continue;
    if (b.kind != BlockKind::ListItem || b.list != list) break;
    const std::size_t own = own_link_bytes(b, own_host);
    if (own == 0) return; // an item without a link of the site: a list of the article
    items.push_back(j - 1);
    bytes += b.text.size();
    link_bytes += own;
  }
  if (items.size() < 3 || link_bytes * 10 < bytes * 3) return;
  for (auto j : items) blocks[j].keep = false;
}

// The heading of a comment section: "12 comments", "3 thoughts on ...",
// "Leave a reply", "Join the discussion".
bool comment_heading(const Block& b) {
  if (b.chars > 80 || b.kind == BlockKind::ListItem) return false;
  const std::string f = fold(b.text);
  static const std::unordered_set<std::string> kWhole = {
      "comments", "comment", "leave a reply", "leave a comment", "post a comment", "add a comment", "join the discussion",
      "join the conversation", "reader comments", "user comments", "discussion", "show comments", "view comments",
      "comentarios", "coment\xc3\xa1rios", "commenti", "commentaires", "kommentare", "deixe um coment\xc3\xa1rio",
      "deja un comentario", "lascia un commento", "laisser un commentaire"};
  if (kWhole.count(f)) return true;
  // "12 comments", "One response to ...", "3 thoughts on ..."
  std::size_t i = 0;
  while (i < f.size() && is_ascii_digit(f[i])) ++i;
  std::string_view rest(f);
  if (i > 0 && i < f.size() && f[i] == ' ') rest.remove_prefix(i + 1);
  else if (f.compare(0, 4, "one ") == 0) rest.remove_prefix(4);
  else return false;
  for (std::string_view w : {"comments", "comment", "responses", "response", "replies", "reply", "thoughts on", "thought on"})
    if (rest.compare(0, w.size(), w) == 0 && (rest.size() == w.size() || rest[w.size()] == ' ')) return true;
  return false;
}

// Everything from a comment-section heading on, when the heading comes after
// most of the article's text: readers' comments are not the article.
void drop_comment_section(std::vector<Block>& blocks) {
  std::size_t total = 0;
  for (const auto& b : blocks)
    if (b.keep) total += b.chars;
  std::size_t before = 0;
  for (std::size_t k = 0; k < blocks.size(); ++k) {
    if (comment_heading(blocks[k]) && before * 2 >= total) {
      for (std::size_t j = k; j < blocks.size(); ++j) blocks[j].keep = false;
      return;
    }
    if (blocks[k].keep) before += blocks[k].chars;
  }
}

// "Jane Doe is a staff writer at ...": the author's bio closing the article.
void drop_trailing_author_bio(std::vector<Block>& blocks) {
  std::size_t k = blocks.size();
  while (k > 0 && !blocks[k - 1].keep) --k;
  if (k < 2) return;
  Block& b = blocks[k - 1];
  if (b.chars > 300 || b.kind == BlockKind::Heading) return;
  const std::string_view t = trim(b.text);
  // Two to four capitalised words, then a verb of a bio.
  std::size_t i = 0, names = 0;
  while (i < t.size() && names < 5) {
    if (!((t[i] >= 'A' && t[i] <= 'Z') || static_cast<unsigned char>(t[i]) >= 0x80)) break;
    while (i < t.size() && t[i] != ' ') ++i;
    ++names;
    while (i < t.size() && t[i] == ' ') ++i;
  }
  if (names < 2 || names > 4) return;
  const std::string rest = to_lower(t.substr(i, 200));
  bool verb = false;
  for (std::string_view v : {"is ", "was ", "has been ", "covers ", "writes ", "reports "})
    if (rest.compare(0, v.size(), v) == 0) verb = true;
  if (!verb) return;
  for (std::string_view job : {"reporter", "writer", "editor", "journalist", "correspondent", "contributor", "columnist",
                               "curator", "freelance", "author of", "blogger", "producer", "analyst at", "covers"})
    if (rest.find(job) != std::string::npos) {
      b.keep = false;
      return;
    }
}

} // namespace

void mark_outbound(Dom& dom, const std::string& base) {
  const std::string own = host_label(base);
  if (own.empty()) return;
  for (auto& e : dom.els) {
    if (e.parent >= 0 && (dom.els[static_cast<std::size_t>(e.parent)].flags & kOutLink)) {
      e.flags |= kOutLink;
      continue;
    }
    if (e.tag != GUMBO_TAG_A) continue;
    std::string_view href = trim(attr_sv(e.node, "href"));
    if (href.empty() || href[0] == '#' || (href[0] == '/' && (href.size() < 2 || href[1] != '/'))) continue; // same site
    if (href.substr(0, 2) == "//") {
      if (outbound_url("http:" + std::string(href), own)) e.flags |= kOutLink;
    } else if (href.find("://") != std::string_view::npos) {
      if (outbound_url(href, own)) e.flags |= kOutLink;
    }
  }
}

std::string fold(std::string_view s) {
  std::string r;
  r.reserve(s.size());
  for (char c : s) {
    if (is_ascii_alnum(c) || (static_cast<unsigned char>(c) & 0x80)) r.push_back(lower_ascii(c));
    else if (c == ' ' || c == ':') {
      if (!r.empty() && r.back() != ' ') r.push_back(' ');
    }
  }
  while (!r.empty() && r.back() == ' ') r.pop_back();
  return r;
}

// Share of the distinct longer words of `summary` found in `body`; 1 when
// the summary is too short to tell.
double summary_coverage(std::string_view summary, std::string_view body) {
  auto words = [](std::string_view t, std::size_t limit) {
    std::unordered_set<std::string> w;
    std::string cur;
    auto push = [&] {
      if (cur.size() >= 4) w.insert(cur);
      cur.clear();
    };
    for (std::size_t i = 0; i < t.size() && i < limit; ++i) {
      const char c = t[i];
      if (is_ascii_alnum(c) || (static_cast<unsigned char>(c) & 0x80)) cur.push_back(lower_ascii(c));
      else push();
    }
    push();
    return w;
  };
  const auto s = words(decode_entities(summary), 2000);
  if (s.size() < 6) return 1.0;
  const auto b = words(body, 200000);
  std::size_t hit = 0;
  for (const auto& w : s) hit += b.count(w);
  return static_cast<double>(hit) / static_cast<double>(s.size());
}

BodyResult extract_body(Dom& dom, const std::string& base, const std::vector<std::string>& titles,
                        const std::vector<std::string>& own_urls, Mode mode, const std::string* reference) {
  const std::string own_host = host_label(base);
  for (auto& e : dom.els) {
    e.flags &= static_cast<std::uint16_t>(~kSkipped);
    e.score = 0;
    e.scored = false;
  }
  // mark_skips reads statistics without the hard-skipped subtrees; the caller
  // computed them for the first (Normal) pass, later passes find them
  // overwritten by the final statistics of the previous pass.
  if (mode != Mode::Normal) compute_stats(dom, kHardSkip);
  mark_skips(dom, mode);
  compute_stats(dom, kSkipped);
  const std::int32_t top = mode == Mode::Baseline ? dom.body : pick_candidate(dom);
  std::vector<Block> blocks;
  std::vector<std::string> alts;
  if (top >= 0) {
    Assembler as(dom, base, mode != Mode::Normal);
    const El& t = dom.els[static_cast<std::size_t>(top)];
    std::vector<std::int32_t> roots;
    if (mode != Mode::Baseline && t.parent >= 0 && dom.els[static_cast<std::size_t>(t.parent)].tag != GUMBO_TAG_HTML) {
      // Sibling joining: paragraph continuity around the chosen block.
      const float threshold = std::max(10.0f, t.score * 0.2f);
      const std::string_view top_class = t.cls ? std::string_view(t.cls) : std::string_view();
      const El& p = dom.els[static_cast<std::size_t>(t.parent)];
      for (std::uint32_t c = static_cast<std::uint32_t>(t.parent) + 1; c < p.end; c = dom.els[c].end) {
        const El& s = dom.els[c];
        if (static_cast<std::int32_t>(c) == top) {
          roots.push_back(top);
          continue;
        }
        if (s.flags & kSkipped) continue;
        bool append = false;
        float bonus = 0;
        if (!top_class.empty() && s.cls != nullptr && top_class == s.cls) bonus = t.score * 0.2f;
        if (s.scored && s.score + bonus >= threshold && !s.strong_negative) append = true;
        else if (s.tag == GUMBO_TAG_P || (s.tag == GUMBO_TAG_DIV && s.inline_text == s.text)) {
          const double ld = link_density(s);
          if (s.text > 80 && ld < 0.25) append = true;
          else if (s.text > 0 && s.text <= 80 && ld == 0) {
            const std::string txt = element_text(s.node, 400);
            if (txt.size() > 1 && (txt.back() == '.' || txt.find(". ") != std::string::npos)) append = true;
          }
        } else if (s.tag == GUMBO_TAG_BLOCKQUOTE || s.tag == GUMBO_TAG_UL || s.tag == GUMBO_TAG_OL ||
                   is_heading(s.tag)) {
          // Lists, quotes and headings between article paragraphs.
          append = s.text > 0 && link_density(s) < 0.3 && !s.strong_negative;
        }
        if (append) roots.push_back(static_cast<std::int32_t>(c));
      }
    } else {
      roots.push_back(top);
    }
    // Headings and lists are kept only when they sit between appended parts.
    for (auto r : roots) as.add_root(r);
    blocks = std::move(as.blocks());
    alts = as.image_alts();
  }

  // Block filtering.
  auto link_line = [&](const Block& b) {
    const double ld = b.chars ? static_cast<double>(b.link_chars) / b.chars : 0;
    if (!((ld > 0.7 && b.chars < 300) || ld > 0.9)) return false;
    std::size_t link_bytes = 0;
    for (const auto& l : b.links) link_bytes += l.end - l.begin;
    return link_bytes > 0 && own_link_bytes(b, own_host) * 2 > link_bytes;
  };
  for (std::size_t k = 0; k < blocks.size(); ++k) {
    Block& b = blocks[k];
    // Lines broken by <br> inside one block: furniture on the first or last
    // line ("05/10/2018 - Posted by: ...", a subscription link) goes alone
    // (bylines and datelines only from the top: a date at the end of a
    // block is the date of something).
    if (mode != Mode::Baseline && b.kind == BlockKind::Paragraph && b.text.find('\n') != std::string::npos) {
      auto furniture = [&](const Block& l, bool top) {
        return boilerplate_block(l) || (top && metadata_block(l, k, titles, own_urls)) || promo_block(l) ||
               caption_block(l, alts) || link_line(l);
      };
      for (int guard = 0; guard < 3; ++guard) {
        const std::size_t nl = b.text.find('\n');
        if (nl == std::string::npos) break;
        std::size_t next = nl;
        while (next < b.text.size() && b.text[next] == '\n') ++next;
        if (next >= b.text.size() || !furniture(line_block(b, 0, nl), true)) break;
        cut_text(b, 0, next);
      }
      for (int guard = 0; guard < 3; ++guard) {
        std::size_t nl = b.text.rfind('\n');
        if (nl == std::string::npos) break;
        std::size_t prev = nl;
        while (prev > 0 && b.text[prev - 1] == '\n') --prev;
        if (prev == 0 || !furniture(line_block(b, nl + 1, b.text.size()), false)) break;
        cut_text(b, prev, b.text.size());
      }
    }
    if (boilerplate_block(b) || metadata_block(b, k, titles, own_urls) || promo_block(b) || caption_block(b, alts)) b.keep = false;
    // Link-only lines: recirculation ("Also on ...", "More stories") links to
    // the site itself; links out (sources, references, products) are content.
    const double ld = b.chars ? static_cast<double>(b.link_chars) / b.chars : 0;
    // (A long paragraph that is one link all through is a teaser or an ad.)
    if ((b.kind == BlockKind::ListItem && ld > 0.6) || (b.kind != BlockKind::ListItem && ld > 0.7 && b.chars < 300) ||
        (b.kind != BlockKind::ListItem && ld > 0.9)) {
      std::size_t outbound = 0;
      for (const auto& l : b.links)
        if (outbound_url(l.url, own_host)) outbound += l.end - l.begin;
      const std::size_t link_bytes = [&] {
        std::size_t n = 0;
        for (const auto& l : b.links) n += l.end - l.begin;
        return n;
      }();
      if (link_bytes == 0 || outbound * 2 < link_bytes) b.keep = false;
    }
    // The link line under a "Related" / "Explore further" heading is
    // recirculation wherever it points.
    const bool under_heading = b.after_recirc || (k > 0 && blocks[k - 1].chars <= 40 && blocks[k - 1].link_chars == 0 &&
                                                  recirculation_text(blocks[k - 1].text));
    if (under_heading && ld > 0.6 && b.chars < 300 && b.kind != BlockKind::ListItem) {
      b.keep = false;
      if (!b.after_recirc) blocks[k - 1].keep = false;
    }
    if (mode == Mode::Baseline && (b.chars < 40 || ld > 0.3 || b.kind == BlockKind::ListItem || b.kind == BlockKind::Heading))
      b.keep = false;
  }
#ifdef STEMMA_EXTRACT_DEBUG
  for (const auto& b : blocks)
    fprintf(stderr, "block keep=%d kind=%d chars=%u links=%u el=%s | %.80s\n", b.keep, static_cast<int>(b.kind), b.chars, b.link_chars,
            describe(dom, b.el).c_str(), b.text.c_str());
#endif
  // The publisher's own copy of the text (JSON-LD articleBody), when it is
  // complete, vouches for each block: lines it does not have are page furniture.
  if (reference != nullptr && !reference->empty()) {
    const auto ref = trigrams(*reference);
    std::size_t total = 0, covered = 0;
    std::vector<std::pair<std::size_t, std::size_t>> per_block(blocks.size());
    for (std::size_t k = 0; k < blocks.size(); ++k) {
      if (!blocks[k].keep) continue;
      const auto grams = trigram_list(blocks[k].text);
      std::size_t hit = 0;
      for (auto g : grams) hit += ref.count(g);
      per_block[k] = {hit, grams.size()};
      total += grams.size();
      covered += hit;
    }
#ifdef STEMMA_EXTRACT_DEBUG
    fprintf(stderr, "reference coverage %zu/%zu\n", covered, total);
#endif
    if (total > 0 && covered * 10 >= total * 8) {
      for (std::size_t k = 0; k < blocks.size(); ++k) {
        const auto [hit, n] = per_block[k];
        if (blocks[k].keep && n >= 3 && hit * 5 < n) {
          blocks[k].keep = false;
#ifdef STEMMA_EXTRACT_DEBUG
          fprintf(stderr, "reference drops: %.100s\n", blocks[k].text.c_str());
#endif
        }
      }
    }
  }
  drop_trailing_link_list(blocks, own_host);
  drop_comment_section(blocks);
  drop_trailing_author_bio(blocks);
  // Trailing headings (e.g. "Related" over a dropped list) go too.
  for (std::size_t k = blocks.size(); k > 0; --k) {
    Block& b = blocks[k - 1];
    if (!b.keep) continue;
    if (b.kind == BlockKind::Heading) {
      b.keep = false;
      continue;
    }
    break;
  }

  BodyResult r;
  std::string& body = r.body;
  std::vector<Link>& links = r.links;
  const Block* prev = nullptr;
  BlockKind prev_kind = BlockKind::Paragraph;
  for (auto& b : blocks) {
    if (!b.keep) continue;
    const bool same_list = b.kind == prev_kind && (b.kind == BlockKind::ListItem || b.kind == BlockKind::Row) && prev != nullptr && b.list == prev->list;
    if (prev != nullptr) body += same_list ? "\n" : "\n\n";
    prev_kind = b.kind;
    const auto base_off = static_cast<std::uint32_t>(body.size());
    body += b.text;
    for (auto& l : b.links) {
      l.begin += base_off;
      l.end += base_off;
      links.push_back(std::move(l));
    }
    prev = &b;
  }

  return r;
}

} // namespace stemma::extract::detail
