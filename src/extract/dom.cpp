// The parsed page: gumbo in an arena with a memory budget, and the flat
// element index with per-subtree statistics and class/id cues.
#include "extract/dom.h"

#include "extract/internal.h"

#include <algorithm>
#include <csetjmp>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unordered_map>
#include <vector>

namespace stemma::extract::detail {

namespace {

constexpr std::size_t kBlockSize = 1u << 20;

struct ParseContext {
  Arena* arena;
  std::jmp_buf* jump;
};

// Called from gumbo's C code. On exhaustion it unwinds straight back to
// parse_html (all of gumbo's memory belongs to the arena, so nothing leaks).
extern "C" void* arena_allocate(void* userdata, std::size_t size) {
  auto* ctx = static_cast<ParseContext*>(userdata);
  void* p = ctx->arena->allocate(size);
  if (p == nullptr) std::longjmp(*ctx->jump, 1);
  return p;
}

extern "C" void arena_deallocate(void*, void*) {}

GumboOutput* parse_guarded(const std::string& html, ParseContext* ctx, GumboOptions* options) {
  std::jmp_buf jump;
  ctx->jump = &jump;
  if (setjmp(jump) != 0) return nullptr;
  return gumbo_parse_with_options(options, html.data(), html.size());
}

} // namespace

Arena::~Arena() {
  while (head_ != nullptr) {
    Block* next = head_->next;
    std::free(head_);
    head_ = next;
  }
}

void* Arena::allocate(std::size_t size) {
  size = (size + 15) & ~static_cast<std::size_t>(15);
  if (size == 0) size = 16;
  if (total_ + size > budget_) return nullptr;
  if (size > static_cast<std::size_t>(limit_ - cursor_) || cursor_ == nullptr) {
    const std::size_t block = size > kBlockSize / 4 ? size + 64 : kBlockSize;
    void* mem = std::malloc(block);
    if (mem == nullptr) return nullptr;
    auto* b = static_cast<Block*>(mem);
    b->size = block;
    if (size > kBlockSize / 4) {
      // A large allocation gets its own block; keep bumping in the current one.
      b->next = head_ ? head_->next : nullptr;
      if (head_) head_->next = b;
      else head_ = b;
      total_ += size;
      return static_cast<char*>(mem) + 64;
    }
    b->next = head_;
    head_ = b;
    cursor_ = static_cast<char*>(mem) + 64;
    limit_ = static_cast<char*>(mem) + block;
  }
  void* p = cursor_;
  cursor_ += size;
  total_ += size;
  return p;
}

GumboOutput* parse_html(const std::string& html, Arena& arena) {
  ParseContext ctx{&arena, nullptr};
  GumboOptions options = kGumboDefaultOptions;
  options.allocator = arena_allocate;
  options.deallocator = arena_deallocate;
  options.userdata = &ctx;
  options.max_errors = 0; // gumbo copies the open-element stack into each error
  return parse_guarded(html, &ctx, &options);
}


// ---- The element index ------------------------------------------------------------

// ---- Small DOM helpers ----------------------------------------------------------

const char* attr(const GumboNode* n, const char* name) {
  if (n == nullptr || n->type != GUMBO_NODE_ELEMENT) return nullptr;
  const GumboAttribute* a = gumbo_get_attribute(&n->v.element.attributes, name);
  return a ? a->value : nullptr;
}

std::string_view attr_sv(const GumboNode* n, const char* name) {
  const char* v = attr(n, name);
  return v ? std::string_view(v) : std::string_view();
}

bool is_heading(GumboTag t) {
  return t == GUMBO_TAG_H1 || t == GUMBO_TAG_H2 || t == GUMBO_TAG_H3 || t == GUMBO_TAG_H4 || t == GUMBO_TAG_H5 || t == GUMBO_TAG_H6;
}

static bool is_hard_skip_tag(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_NOSCRIPT: case GUMBO_TAG_TEMPLATE: case GUMBO_TAG_SVG:
    case GUMBO_TAG_MATH: case GUMBO_TAG_IFRAME: case GUMBO_TAG_OBJECT: case GUMBO_TAG_EMBED: case GUMBO_TAG_CANVAS:
    case GUMBO_TAG_VIDEO: case GUMBO_TAG_AUDIO: case GUMBO_TAG_SELECT: case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_INPUT:
    case GUMBO_TAG_BUTTON: case GUMBO_TAG_HEAD: case GUMBO_TAG_OPTION: case GUMBO_TAG_DATALIST: case GUMBO_TAG_MAP:
    case GUMBO_TAG_APPLET: case GUMBO_TAG_FRAMESET: case GUMBO_TAG_NOEMBED: case GUMBO_TAG_NOFRAMES: case GUMBO_TAG_XMP:
    case GUMBO_TAG_TITLE: case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_PROGRESS: case GUMBO_TAG_METER: case GUMBO_TAG_KEYGEN:
      return true;
    default:
      return false;
  }
}

bool is_inline_tag(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_A: case GUMBO_TAG_ABBR: case GUMBO_TAG_B: case GUMBO_TAG_BDI: case GUMBO_TAG_BDO: case GUMBO_TAG_BIG:
    case GUMBO_TAG_CITE: case GUMBO_TAG_CODE: case GUMBO_TAG_DATA: case GUMBO_TAG_DFN: case GUMBO_TAG_EM: case GUMBO_TAG_FONT:
    case GUMBO_TAG_I: case GUMBO_TAG_INS: case GUMBO_TAG_DEL: case GUMBO_TAG_KBD: case GUMBO_TAG_LABEL: case GUMBO_TAG_MARK:
    case GUMBO_TAG_NOBR: case GUMBO_TAG_Q: case GUMBO_TAG_RP: case GUMBO_TAG_RT: case GUMBO_TAG_RUBY: case GUMBO_TAG_S:
    case GUMBO_TAG_SAMP: case GUMBO_TAG_SMALL: case GUMBO_TAG_SPAN: case GUMBO_TAG_STRIKE: case GUMBO_TAG_STRONG:
    case GUMBO_TAG_SUB: case GUMBO_TAG_SUP: case GUMBO_TAG_TIME: case GUMBO_TAG_TT: case GUMBO_TAG_U: case GUMBO_TAG_VAR:
    case GUMBO_TAG_WBR: case GUMBO_TAG_IMG: case GUMBO_TAG_SOURCE: case GUMBO_TAG_BLINK:
    case GUMBO_TAG_ACRONYM: case GUMBO_TAG_BASEFONT: case GUMBO_TAG_OUTPUT:
    case GUMBO_TAG_UNKNOWN: // custom elements are inline by default, as in CSS
      return true;
    default:
      return false;
  }
}

// Non-space code points of UTF-8 text, and commas.
static void count_text(std::string_view s, std::uint32_t& chars, std::uint32_t& commas) {
  const auto* u = reinterpret_cast<const unsigned char*>(s.data());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = u[i];
    if (c < 0x80) {
      if (c == ',') ++commas;
      if (c > ' ') ++chars;
    } else if ((c & 0xC0) != 0x80) {
      // NBSP (C2 A0) is a space; U+FF0C and U+060C are commas.
      if (c == 0xC2 && i + 1 < s.size() && u[i + 1] == 0xA0) continue;
      if (c == 0xEF && i + 2 < s.size() && u[i + 1] == 0xBC && u[i + 2] == 0x8C) ++commas;
      if (c == 0xD8 && i + 1 < s.size() && u[i + 1] == 0x8C) ++commas;
      ++chars;
    }
  }
}

// ---- Class / id cues ------------------------------------------------------------


static const std::unordered_map<std::string_view, std::uint16_t>& token_table() {
  static const std::unordered_map<std::string_view, std::uint16_t> table = [] {
    std::unordered_map<std::string_view, std::uint16_t> t;
    auto add = [&](std::initializer_list<std::string_view> words, std::uint16_t cls) {
      for (auto w : words) t[w] = static_cast<std::uint16_t>(t[w] | cls);
    };
    add({"comment", "comments", "commentlist", "disqus", "respond", "replies", "share", "shares", "sharing", "sharebar",
         "sharetools", "sharethis", "addthis", "social", "socials", "related", "relatedposts", "recommended",
         "recommendations", "recirc", "recirculation", "outbrain", "taboola", "zergnet", "newsletter", "newsletters",
         "subscribe", "subscription", "signup", "promo", "promos", "promotion", "promoted", "sponsor", "sponsored", "ad",
         "ads", "advert", "adverts", "advertisement", "advertising", "adslot", "adunit", "adsense", "dfp", "cookie",
         "cookies", "consent", "gdpr", "nav", "navbar", "navigation", "menu", "breadcrumb", "breadcrumbs", "pagination",
         "pager", "footer", "sidebar", "popup", "modal", "trending", "mostread", "tags", "tagcloud", "byline", "caption",
         "captions", "login", "signin", "toolbar", "shoutbox", "skyscraper",
         "agegate", "dateline", "disclaimer", "subnav", "playlist", "rollover", "tooltip", "popover", "hovercard"},
        kTokStrongNeg);
    add({"discussion", "conversation", "responses", "reactions"}, kTokStrongNeg);
    add({"comment", "comments", "commentlist", "disqus", "respond", "replies", "related", "relatedposts", "recommended",
         "discussion", "conversation", "responses", "reactions",
         "recommendations", "recirc", "recirculation", "outbrain", "taboola", "zergnet", "newsletter", "newsletters",
         "subscribe", "subscription", "signup", "cookie", "cookies", "consent", "gdpr", "footer", "sidebar", "popup", "modal",
         "agegate"},
        kTokDecisive);
    add({"widget", "widgets", "meta", "header", "banner", "rail", "extra", "supplemental", "rss", "print", "author", "bio",
         "timestamp", "credit", "credits", "popular", "masthead", "skip", "infobox", "topics", "keywords", "carousel",
         "slider", "teaser", "teasers", "more", "jump", "aside", "combx", "remark", "community", "contact", "foot",
         "footnote", "scroll", "shopping", "tool", "tools", "media"},
        kTokWeakNeg);
    add({"article", "articles", "body", "content", "entry", "hentry", "main", "post", "text", "story", "blog", "prose",
         "richtext", "paragraph", "copy", "page", "column", "abstract"},
        kTokPositive);
    add({"has", "with", "no", "without", "is", "enabled", "disabled", "open", "closed"}, kTokNeutral);
    add({"hidden", "hide", "screenreader", "offscreen", "invisible", "sr", "visually", "visuallyhidden", "none", "a11y"}, kTokHidden);
    add({"byline", "author", "byl", "authors", "writer"}, kTokByline);
    add({"date", "time", "published", "timestamp", "dateline", "pubdate", "posted", "updated", "byline", "meta"}, kTokDate);
    return t;
  }();
  return table;
}

std::uint16_t token_classes(std::string_view s) {
  const auto& table = token_table();
  std::uint16_t r = 0;
  char buf[32];
  std::size_t len = 0;
  char prev = 0;
  auto emit = [&]() {
    if (len > 0 && len <= sizeof buf) {
      auto it = table.find(std::string_view(buf, len));
      if (it != table.end()) r = static_cast<std::uint16_t>(r | it->second);
    }
    len = 0;
  };
  for (char c : s) {
    if (is_ascii_alnum(c)) {
      if (c >= 'A' && c <= 'Z' && prev >= 'a' && prev <= 'z') emit();
      if (len < sizeof buf) buf[len] = lower_ascii(c);
      ++len;
    } else {
      emit();
    }
    prev = c;
  }
  emit();
  return r;
}

// ---- Element index ---------------------------------------------------------------

static void compute_cues(El& e, std::string_view cls, std::string_view id) {
  if (cls.empty() && id.empty()) return;
  const std::uint16_t t = static_cast<std::uint16_t>(token_classes(cls) | token_classes(id));
  bool neg = t & kTokStrongNeg, weak = t & kTokWeakNeg;
  const bool pos = t & kTokPositive;
  e.decisive_negative = (t & kTokDecisive) != 0;
  // Hidden by a utility class: whole class names only ("field-label-hidden"
  // hides a label, "hidden-xs" hides on phones only).
  if (t & kTokHidden) {
    static constexpr std::string_view kHiddenClasses[] = {"hidden", "hide", "is-hidden", "invisible", "visually-hidden",
                                                          "visuallyhidden", "sr-only", "screen-reader-text", "screenreader-only",
                                                          "screen-reader-only", "offscreen", "u-hidden", "d-none", "display-none",
                                                          "element-invisible", "element-hidden", "a11y-hidden"};
    std::string_view rest = cls;
    while (!rest.empty()) {
      const std::size_t sp = rest.find_first_of(" \t\n\r\f");
      const std::string_view c = rest.substr(0, sp);
      for (auto h : kHiddenClasses)
        if (iequals(c, h)) e.flags |= kHidden;
      if (sp == std::string_view::npos) break;
      rest.remove_prefix(sp + 1);
    }
  }
  if ((t & kTokNeutral) && (neg || weak)) {
    // "has-comments" / "comments-enabled": only the neutralised sense applies
    neg = weak = false;
    e.decisive_negative = false;
    e.flags &= static_cast<std::uint16_t>(~kHidden);
  }
  e.positive = pos;
  e.strong_negative = neg;
  e.byline_cue = (t & kTokByline) != 0;
  e.date_cue = (t & kTokDate) != 0;
  e.cue = static_cast<std::int16_t>((pos ? 25 : 0) - (neg || weak ? 25 : 0));
}

static bool style_hidden(std::string_view style) {
  if (style.size() < 11 || (style.find("none") == std::string_view::npos && style.find("hidden") == std::string_view::npos &&
                            style.find(":-") == std::string_view::npos && style.find(": -") == std::string_view::npos))
    return false;
  std::string s;
  for (char c : style)
    if (!is_ascii_space(c)) s.push_back(lower_ascii(c));
  if (s.find("display:none") != std::string::npos || s.find("visibility:hidden") != std::string::npos) return true;
  // Moved off-screen: left/top/text-indent of -1000px or more (hidden SEO links).
  for (std::string_view prop : {"left:-", "top:-", "text-indent:-"}) {
    const std::size_t p = s.find(prop);
    if (p == std::string::npos) continue;
    std::size_t digits = 0;
    for (std::size_t k = p + prop.size(); k < s.size() && is_ascii_digit(s[k]); ++k) ++digits;
    if (digits >= 4) return true;
  }
  return false;
}

void build_index(const GumboNode* root, Dom& dom) {
  struct Item {
    const GumboNode* node;
    std::int32_t parent;
  };
  std::vector<Item> stack;
  stack.push_back({root, -1});
  dom.els.reserve(4096);
  while (!stack.empty()) {
    const Item it = stack.back();
    stack.pop_back();
    const GumboNode* n = it.node;
    if (n->type != GUMBO_NODE_ELEMENT && n->type != GUMBO_NODE_TEMPLATE) continue;
    const auto idx = static_cast<std::int32_t>(dom.els.size());
    El e;
    e.node = n;
    e.parent = it.parent;
    e.tag = n->v.element.tag;
    e.end = static_cast<std::uint32_t>(idx + 1);
    if (n->type == GUMBO_NODE_TEMPLATE || is_hard_skip_tag(e.tag)) e.flags |= kHardSkip;
    if (e.tag == GUMBO_TAG_BODY && dom.body < 0) dom.body = idx;
    if (e.tag == GUMBO_TAG_HTML && dom.html < 0) dom.html = idx;
    if (is_inline_tag(e.tag)) e.flags |= kInline;
    else e.flags |= kBlock;
    if (it.parent >= 0) {
      const El& p = dom.els[static_cast<std::size_t>(it.parent)];
      e.flags |= static_cast<std::uint16_t>(p.flags & (kInLink | kInArticle));
    }
    if (e.tag == GUMBO_TAG_A) e.flags |= kInLink;
    // One pass over the attributes.
    std::string_view cls, id;
    const GumboVector& attrs = n->v.element.attributes;
    for (unsigned k = 0; k < attrs.length; ++k) {
      const auto* a = static_cast<const GumboAttribute*>(attrs.data[k]);
      const std::string_view name(a->name);
      if (name == "class") cls = a->value;
      else if (name == "id") id = a->value;
      else if (name == "style") {
        if (style_hidden(a->value)) e.flags |= kHidden;
      } else if (name == "hidden") e.flags |= kHidden;
      else if (name == "aria-hidden") {
        if (iequals(a->value, "true")) e.flags |= kHidden;
      } else if (name == "itemprop") {
        e.itemprop = a->value;
        if (iequals(a->value, "articleBody")) e.flags |= kInArticle;
      } else if (name == "role") {
        e.role = a->value;
        if (iequals(a->value, "main")) e.flags |= kInArticle;
      }
    }
    e.cls = cls.data();
    if (e.tag != GUMBO_TAG_BODY && e.tag != GUMBO_TAG_HTML) compute_cues(e, cls, id);
    if (e.tag == GUMBO_TAG_ARTICLE || e.tag == GUMBO_TAG_MAIN) e.flags |= kInArticle;
    dom.els.push_back(e);
    const GumboVector& ch = n->v.element.children;
    for (unsigned k = ch.length; k > 0; --k) stack.push_back({static_cast<const GumboNode*>(ch.data[k - 1]), idx});
  }
  // Subtree ends: children come after their parent in preorder.
  for (std::size_t i = dom.els.size(); i > 0; --i) {
    const El& e = dom.els[i - 1];
    if (e.parent >= 0) {
      El& p = dom.els[static_cast<std::size_t>(e.parent)];
      p.end = std::max(p.end, e.end);
    }
  }
}

void compute_stats(Dom& dom, std::uint16_t exclude) {
  for (auto& e : dom.els) {
    e.text = e.link_text = e.out_link_text = e.inline_text = e.inline_link = e.commas = e.inline_commas = 0;
    e.n_p = e.n_img = e.n_li = e.n_input = e.n_embed = e.n_heading = e.n_quote = e.n_cell = e.n_th = 0;
  }
  for (std::size_t i = dom.els.size(); i > 0; --i) {
    El& e = dom.els[i - 1];
    const bool excluded = (e.flags & exclude) != 0;
    if (!excluded) {
      // Own text nodes.
      const GumboVector& ch = e.node->v.element.children;
      for (unsigned k = 0; k < ch.length; ++k) {
        const auto* c = static_cast<const GumboNode*>(ch.data[k]);
        if (c->type == GUMBO_NODE_TEXT || c->type == GUMBO_NODE_CDATA) {
          std::uint32_t chars = 0, commas = 0;
          count_text(c->v.text.text, chars, commas);
          e.text += chars;
          e.inline_text += chars;
          e.commas += commas;
          e.inline_commas += commas;
          if (e.flags & kInLink) {
            e.link_text += chars;
            e.inline_link += chars;
            if (e.flags & kOutLink) e.out_link_text += chars;
          }
        }
      }
    }
    if (e.parent < 0) continue;
    El& p = dom.els[static_cast<std::size_t>(e.parent)];
    if (excluded) {
      if (e.tag == GUMBO_TAG_INPUT || e.tag == GUMBO_TAG_TEXTAREA || e.tag == GUMBO_TAG_SELECT) ++p.n_input;
      if (e.tag == GUMBO_TAG_IFRAME || e.tag == GUMBO_TAG_EMBED || e.tag == GUMBO_TAG_OBJECT || e.tag == GUMBO_TAG_VIDEO) ++p.n_embed;
      p.n_input += e.n_input;
      p.n_embed += e.n_embed;
      continue;
    }
    p.text += e.text;
    p.link_text += e.link_text;
    p.out_link_text += e.out_link_text;
    p.commas += e.commas;
    if (e.flags & kInline) {
      p.inline_text += e.inline_text;
      p.inline_link += e.inline_link;
      p.inline_commas += e.inline_commas;
    }
    // Paragraphs: <p>, or any block whose own inline text reads like one.
    p.n_p += e.n_p + ((e.tag == GUMBO_TAG_P || ((e.flags & kBlock) && e.inline_text >= 40 && !is_heading(e.tag))) ? 1 : 0);
    p.n_img += e.n_img + (e.tag == GUMBO_TAG_IMG ? 1 : 0);
    p.n_li += e.n_li + (e.tag == GUMBO_TAG_LI ? 1 : 0);
    p.n_input += e.n_input;
    p.n_embed += e.n_embed;
    p.n_heading += e.n_heading + (is_heading(e.tag) ? 1 : 0);
    p.n_quote += e.n_quote + (e.tag == GUMBO_TAG_BLOCKQUOTE ? 1 : 0);
    p.n_cell += e.n_cell + (e.tag == GUMBO_TAG_TD || e.tag == GUMBO_TAG_TH ? 1 : 0);
    p.n_th += e.n_th + (e.tag == GUMBO_TAG_TH || e.tag == GUMBO_TAG_THEAD ? 1 : 0);
  }
}

double link_density(const El& e) { return e.text == 0 ? 0.0 : static_cast<double>(e.link_text) / e.text; }
double own_link_density(const El& e) {
  return e.text == 0 ? 0.0 : static_cast<double>(e.link_text - e.out_link_text) / e.text;
}

#ifdef STEMMA_EXTRACT_DEBUG
std::string describe(const Dom& dom, std::int32_t i) {
  std::string r;
  for (int depth = 0; i >= 0 && depth < 4; ++depth) {
    const El& e = dom.els[static_cast<std::size_t>(i)];
    std::string d = e.tag == GUMBO_TAG_UNKNOWN ? std::string("?") : gumbo_normalized_tagname(e.tag);
    if (auto c = attr_sv(e.node, "class"); !c.empty()) d += "." + std::string(c.substr(0, 40));
    if (auto c = attr_sv(e.node, "id"); !c.empty()) d += "#" + std::string(c.substr(0, 30));
    r = r.empty() ? d : d + " > " + r;
    i = e.parent;
  }
  return r;
}
#endif

bool contains(const Dom& dom, std::int32_t anc, std::int32_t x) {
  return x >= anc && static_cast<std::uint32_t>(x) < dom.els[static_cast<std::size_t>(anc)].end;
}

// Text of an element (iterative, skipping script/style), collapsed, at most max bytes.
std::string element_text(const GumboNode* root, std::size_t max) {
  std::string out;
  std::vector<const GumboNode*> stack{root};
  while (!stack.empty() && out.size() < max) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE || n->type == GUMBO_NODE_CDATA) {
      out.append(n->v.text.text);
      continue;
    }
    if (n->type != GUMBO_NODE_ELEMENT) continue;
    const GumboTag t = n->v.element.tag;
    if (t == GUMBO_TAG_SCRIPT || t == GUMBO_TAG_STYLE || t == GUMBO_TAG_NOSCRIPT || t == GUMBO_TAG_TEMPLATE) continue;
    if (!is_inline_tag(t)) out.push_back(' ');
    const GumboVector& ch = n->v.element.children;
    for (unsigned k = ch.length; k > 0; --k) stack.push_back(static_cast<const GumboNode*>(ch.data[k - 1]));
  }
  if (out.size() > max) out.resize(max);
  return collapse_spaces(out);
}


} // namespace stemma::extract::detail
