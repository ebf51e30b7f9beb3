// Article extraction: decode, parse (gumbo), index the elements, score the
// main-content candidates, assemble the body text block by block with
// boilerplate filtering, and read the metadata.
//
// The body finder combines the known approaches: Readability's paragraph
// scoring propagated to ancestors with class/id cues and link density,
// sibling joining for paragraph continuity, conditional cleaning of widgets
// inside the chosen subtree, jusText/trafilatura-style filtering of
// boilerplate blocks (link density, stock phrases), and JSON-LD articleBody as
// a fallback when the DOM yields much less than the publisher's own copy.
#include "extract/extract.h"

#include "extract/dom.h"
#include "extract/internal.h"
#include "text/text.h"

#include <cld2/public/compact_lang_det.h>
#include <gumbo.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <array>
#include <cmath>
#include <cstring>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace stemma::extract {
namespace {

using namespace detail;
using nlohmann::json;

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

bool is_hard_skip_tag(GumboTag t) {
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
void count_text(std::string_view s, std::uint32_t& chars, std::uint32_t& commas) {
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

const std::unordered_map<std::string_view, std::uint16_t>& token_table() {
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
    add({"comment", "comments", "commentlist", "disqus", "respond", "replies", "related", "relatedposts", "recommended",
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

// OR of the classes of the tokens of class/id-like values ("articleBody" ->
// article, body; "post-share" -> post, share).
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

struct Dom {
  std::vector<El> els;
  std::int32_t body = -1;
  std::int32_t html = -1;
};

void compute_cues(El& e, std::string_view cls, std::string_view id) {
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

bool style_hidden(std::string_view style) {
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

// Preorder index of all elements, with parent links and subtree ends.
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

// Sums text statistics bottom-up, excluding subtrees flagged `exclude`.
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
// Links within the site (navigation, recirculation); links out are citations.
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

// Boilerplate containers by tag, role or cue; they are excluded unless they
// hold most of the page's text (an unclosed <nav> swallowing the page).
enum class Mode { Normal, Relaxed, Baseline };

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
    if (e.strong_negative && e.tag != GUMBO_TAG_BODY && e.tag != GUMBO_TAG_HTML && mode == Mode::Normal) {
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

std::string host_label(std::string_view url);

// A link to another site that is not a social network or sharing service.
bool outbound_url(std::string_view url, const std::string& own_host) {
  if (own_host.empty() || !is_http_url(url)) return false;
  const std::string h = host_label(url);
  return !h.empty() && h != own_host && !social_host(h);
}

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
    if (href.empty() || href[0] == '#') continue;
    if (outbound_url(resolve_url(base, href), own)) e.flags |= kOutLink;
  }
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
    cur_.text.push_back(c);
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
      ++cur_.chars;
      if (in_link) ++cur_.link_chars;
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
  if (e.text < 25 && (img == 0 || img > 2) && e.n_heading == 0) return true;
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
      next_index = static_cast<std::int32_t>(e.end); // skip the subtree's elements
      if (e.tag == GUMBO_TAG_BR || e.tag == GUMBO_TAG_IMG) continue;
      if (e.flags & kBlock) flush();
      continue;
    }
    if (e.tag == GUMBO_TAG_BR) {
      newline();
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
  }
  // "Updated 5:27 am CST, Wednesday, November 20, 2019", "Published: ..."
  static constexpr std::string_view kDateline[] = {"updated", "published", "posted", "last updated", "first published",
                                                   "last modified", "modified", "originally published", "posted on",
                                                   "published on", "date:"};
  if (b.chars < 120 && b.kind != BlockKind::ListItem && b.kind != BlockKind::Row) {
    for (auto p : kDateline) {
      if (f.compare(0, p.size(), p) == 0 && (f.size() == p.size() || f[p.size()] == ' ' || f[p.size()] == ':')) {
        if (find_date_in_text(text).has_value() || b.chars < 40 || text.find(':') != std::string_view::npos) return true;
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

bool promo_block(const Block& b) {
  if (b.chars > 350) return false;
  const std::string low = to_lower(b.text);
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

// ---- Metadata -----------------------------------------------------------------------------

struct JsonLd {
  std::string headline, body, author, published, modified, site, language, url, description;
  bool article = false;
};

bool is_article_type(std::string_view t) {
  static constexpr std::string_view kTypes[] = {
      "Article", "NewsArticle", "BlogPosting", "ReportageNewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle",
      "ReviewNewsArticle", "BackgroundNewsArticle", "AskPublicNewsArticle", "TechArticle", "ScholarlyArticle", "Report",
      "LiveBlogPosting", "SocialMediaPosting", "DiscussionForumPosting", "SatiricalArticle", "AdvertiserContentArticle",
      "Review", "Recipe", "HowTo", "CreativeWork", "VideoObject"};
  const std::size_t slash = t.rfind('/');
  if (slash != std::string_view::npos) t = t.substr(slash + 1);
  for (auto k : kTypes)
    if (t == k) return true;
  return false;
}

bool is_page_type(std::string_view t) { return t == "WebPage" || t == "ItemPage" || t == "CollectionPage"; }

bool json_types(const json& o, bool (*pred)(std::string_view)) {
  auto it = o.find("@type");
  if (it == o.end()) return false;
  if (it->is_string()) return pred(it->get_ref<const std::string&>());
  if (it->is_array())
    for (const auto& t : *it)
      if (t.is_string() && pred(t.get_ref<const std::string&>())) return true;
  return false;
}

std::string json_string(const json& o, const char* key) {
  auto it = o.find(key);
  if (it == o.end()) return "";
  if (it->is_string()) return it->get<std::string>();
  if (it->is_array() && !it->empty() && (*it)[0].is_string()) return (*it)[0].get<std::string>();
  if (it->is_number_integer()) return std::to_string(it->get<long long>());
  return "";
}

std::string json_names(const json& v) {
  std::vector<std::string> names;
  auto add = [&](const json& x) {
    std::string n;
    if (x.is_string()) n = x.get<std::string>();
    else if (x.is_object()) n = json_string(x, "name");
    n = collapse_spaces(decode_entities(n));
    if (!n.empty() && n.find("://") == std::string::npos && n.size() < 120 &&
        std::find(names.begin(), names.end(), n) == names.end())
      names.push_back(n);
  };
  if (v.is_array()) {
    for (const auto& x : v)
      if (names.size() < 8) add(x);
  } else {
    add(v);
  }
  std::string r;
  for (const auto& n : names) {
    if (!r.empty()) r += ", ";
    r += n;
  }
  return r;
}

// Reasonable nesting before handing text to the JSON parser.
bool json_depth_ok(std::string_view s) {
  int depth = 0;
  bool in_str = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (in_str) {
      if (c == '\\') ++i;
      else if (c == '"') in_str = false;
      continue;
    }
    if (c == '"') in_str = true;
    else if (c == '{' || c == '[') {
      if (++depth > 64) return false;
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return true;
}

void read_json_ld(std::string_view raw, JsonLd& out) {
  if (raw.size() > (4u << 20)) return;
  std::string s(raw);
  // Control characters inside strings (invalid JSON, common in the wild).
  for (char& c : s)
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  std::string_view v = trim(s);
  if (v.substr(0, 4) == "<!--") v.remove_prefix(4);
  if (v.size() >= 3 && v.substr(v.size() - 3) == "-->") v.remove_suffix(3);
  v = trim(v);
  if (v.substr(0, 9) == "<![CDATA[") v.remove_prefix(9);
  if (v.size() >= 3 && v.substr(v.size() - 3) == "]]>") v.remove_suffix(3);
  v = trim(v);
  while (!v.empty() && v.back() == ';') v.remove_suffix(1);
  if (v.empty() || !json_depth_ok(v)) return;
  json doc = json::parse(v.begin(), v.end(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return;
  std::vector<const json*> stack{&doc};
  std::size_t visited = 0;
  while (!stack.empty() && ++visited < 20000) {
    const json* j = stack.back();
    stack.pop_back();
    if (j->is_array()) {
      for (auto it = j->rbegin(); it != j->rend(); ++it) stack.push_back(&*it);
      continue;
    }
    if (!j->is_object()) continue;
    const bool article = json_types(*j, is_article_type);
    const bool page = !article && json_types(*j, is_page_type);
    if ((article && !out.article) || (page && !out.article && out.published.empty())) {
      JsonLd r;
      r.article = article;
      r.headline = json_string(*j, "headline");
      if (r.headline.empty()) r.headline = json_string(*j, "name");
      r.body = json_string(*j, "articleBody");
      if (r.body.empty()) r.body = json_string(*j, "text");
      if (auto a = j->find("author"); a != j->end()) r.author = json_names(*a);
      if (r.author.empty())
        if (auto a = j->find("creator"); a != j->end()) r.author = json_names(*a);
      r.published = json_string(*j, "datePublished");
      if (r.published.empty()) r.published = json_string(*j, "dateCreated");
      r.modified = json_string(*j, "dateModified");
      if (auto p = j->find("publisher"); p != j->end()) {
        if (p->is_object()) r.site = json_string(*p, "name");
        else if (p->is_array() && !p->empty() && (*p)[0].is_object()) r.site = json_string((*p)[0], "name");
      }
      r.language = json_string(*j, "inLanguage");
      r.url = json_string(*j, "url");
      r.description = json_string(*j, "description");
      if (!article) {
        // A WebPage only lends its dates and publisher.
        if (out.published.empty()) out.published = r.published;
        if (out.modified.empty()) out.modified = r.modified;
        if (out.site.empty()) out.site = r.site;
      } else {
        // Keep what other objects supplied (e.g. a WebSite's publisher).
        if (r.site.empty()) r.site = out.site;
        if (r.published.empty()) r.published = out.published;
        if (r.modified.empty()) r.modified = out.modified;
        out = std::move(r);
      }
    } else if (out.site.empty() && json_types(*j, [](std::string_view t) { return t == "WebSite" || t == "Organization" || t == "NewsMediaOrganization"; })) {
      out.site = json_string(*j, "name");
    }
    for (auto it = j->begin(); it != j->end(); ++it)
      if (it->is_object() || it->is_array()) stack.push_back(&*it);
  }
}

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

// Text of an element (iterative, skipping script/style), collapsed, at most max bytes.
std::string element_text(const GumboNode* root, std::size_t max = 2000) {
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

std::string script_text(const GumboNode* n) {
  std::string s;
  const GumboVector& ch = n->v.element.children;
  for (unsigned k = 0; k < ch.length; ++k) {
    const auto* c = static_cast<const GumboNode*>(ch.data[k]);
    if (c->type == GUMBO_NODE_TEXT || c->type == GUMBO_NODE_WHITESPACE || c->type == GUMBO_NODE_CDATA) s.append(c->v.text.text);
  }
  return s;
}

void collect_meta(const Dom& dom, Meta& m) {
  int ld_scripts = 0;
  for (std::size_t i = 0; i < dom.els.size(); ++i) {
    const El& e = dom.els[i];
    const GumboNode* n = e.node;
    switch (e.tag) {
      case GUMBO_TAG_TITLE:
        if (m.title_tag.empty()) m.title_tag = element_text(n, 1000);
        break;
      case GUMBO_TAG_META: {
        std::string_view key = attr_sv(n, "property");
        if (key.empty()) key = attr_sv(n, "name");
        if (key.empty()) key = attr_sv(n, "itemprop");
        if (key.empty()) key = attr_sv(n, "http-equiv");
        const char* content = attr(n, "content");
        if (!key.empty() && content != nullptr && m.metas.size() < 2000)
          m.metas.emplace_back(to_lower(trim(key)), std::string(trim(content)).substr(0, 4000));
        break;
      }
      case GUMBO_TAG_LINK: {
        std::string rel = to_lower(attr_sv(n, "rel"));
        if (rel.find("canonical") != std::string::npos && m.canonical.empty()) m.canonical = std::string(trim(attr_sv(n, "href")));
        break;
      }
      case GUMBO_TAG_BASE:
        if (m.base_href.empty()) m.base_href = std::string(trim(attr_sv(n, "href")));
        break;
      case GUMBO_TAG_HTML:
        if (m.html_lang.empty()) m.html_lang = std::string(trim(attr_sv(n, "lang")));
        if (m.html_lang.empty()) m.html_lang = std::string(trim(attr_sv(n, "xml:lang")));
        break;
      case GUMBO_TAG_SCRIPT:
        if (icontains(attr_sv(n, "type"), "ld+json") && ld_scripts++ < 16) read_json_ld(script_text(n), m.ld);
        break;
      case GUMBO_TAG_H1:
        if (m.h1.size() < 8 && !(e.flags & kHardSkip)) m.h1.push_back(element_text(n, 1000));
        break;
      case GUMBO_TAG_TIME: {
        std::string_view dt = attr_sv(n, "datetime");
        if (dt.empty()) dt = attr_sv(n, "content");
        std::string v = dt.empty() ? element_text(n, 200) : std::string(trim(dt));
        if (!v.empty() && m.time_datetimes.size() < 16) m.time_datetimes.push_back(v);
        if (!v.empty() && (attr(n, "pubdate") != nullptr || iequals(attr_sv(n, "itemprop"), "datePublished")))
          m.time_pub.push_back(v);
        break;
      }
      case GUMBO_TAG_A:
        if (m.rel_author.empty() && icontains(attr_sv(n, "rel"), "author")) m.rel_author = element_text(n, 200);
        break;
      default:
        break;
    }
    // itemprop on any element
    if (std::string_view ip = e.itemprop ? std::string_view(e.itemprop) : std::string_view(); !ip.empty() && e.tag != GUMBO_TAG_META) {
      auto value = [&]() {
        std::string_view v = attr_sv(n, "content");
        if (v.empty()) v = attr_sv(n, "datetime");
        return v.empty() ? element_text(n, 300) : std::string(trim(v));
      };
      if (iequals(ip, "datePublished") && m.itemprop_published.empty()) m.itemprop_published = value();
      else if (iequals(ip, "dateModified") && m.itemprop_modified.empty()) m.itemprop_modified = value();
      else if (iequals(ip, "author") && m.itemprop_author.empty()) {
        // <span itemprop="author"><span itemprop="name">..</span></span>
        m.itemprop_author = value();
      }
    }
    if ((e.flags & kHardSkip) || e.tag == GUMBO_TAG_BODY || e.tag == GUMBO_TAG_HTML) continue;
    const bool byline_cue = e.byline_cue || (e.itemprop && (token_classes(e.itemprop) & kTokByline)) ||
                            (e.tag == GUMBO_TAG_A && (token_classes(attr_sv(n, "rel")) & kTokByline));
    const bool date_cue = e.date_cue || (e.itemprop && (token_classes(e.itemprop) & kTokDate));
    if (m.bylines.size() < 4 && e.text > 0 && e.text < 120 && byline_cue)
      m.bylines.push_back(element_text(n, 400));
    if (m.dateish.size() < 8 && e.text > 0 && e.text < 120 && (date_cue || byline_cue))
      m.dateish.push_back(element_text(n, 400));
  }
}

std::string meta_value(const Meta& m, std::initializer_list<std::string_view> keys) {
  for (auto k : keys)
    for (const auto& [key, value] : m.metas)
      if (key == k && !value.empty()) return value;
  return "";
}

std::string clean_byline(std::string s) {
  s = collapse_spaces(decode_entities(s));
  // Drop a leading "By" / "Written by" / "Posted by" / "Author:".
  for (std::string_view p : {"written by ", "posted by ", "story by ", "words by ", "reported by ", "by: ", "by ", "author: ", "authors: "}) {
    if (istarts_with(s, p)) {
      s.erase(0, p.size());
      break;
    }
  }
  // Cut at a separator that introduces other information.
  for (std::string_view sep : {" | ", "|", " - ", " \xE2\x80\x94 ", " \xE2\x80\x93 ", "\n", " \xE2\x80\xA2 ", " on "}) {
    const std::size_t p = s.find(sep);
    if (p != std::string::npos && p > 0) s.resize(p);
  }
  // "Jane Doe, Staff Writer" is fine; "Updated 3 hours ago" is not a name.
  s = std::string(trim(s));
  while (!s.empty() && (s.back() == ',' || s.back() == ':')) s.pop_back();
  if (s.size() > 100 || s.find("://") != std::string::npos) return "";
  if (find_date_in_text(s).has_value()) return "";
  return s;
}

// The registrable-looking label of a URL's host: "www.news.example.co.uk" -> "example".
std::string host_label(std::string_view url) {
  std::size_t p = url.find("://");
  if (p == std::string_view::npos) return "";
  std::string_view host = url.substr(p + 3);
  host = host.substr(0, host.find_first_of("/?#:"));
  std::vector<std::string_view> labels;
  while (!host.empty()) {
    const std::size_t dot = host.find('.');
    labels.push_back(host.substr(0, dot));
    if (dot == std::string_view::npos) break;
    host.remove_prefix(dot + 1);
  }
  if (labels.size() < 2) return "";
  std::size_t i = labels.size() - 2;
  // Second-level public suffixes: co.uk, com.au, ...
  if (i > 0 && (labels[i] == "co" || labels[i] == "com" || labels[i] == "org" || labels[i] == "net" || labels[i] == "ac" ||
                labels[i] == "gov" || labels[i] == "ne" || labels[i] == "or"))
    --i;
  return to_lower(labels[i]);
}

// Removes a " | Site" / " - Site" suffix (or "Site | " prefix) from a title.
// `site` is the outlet's name, `host` the URL's host label, when known.
std::string trim_title(std::string title, const std::string& site, const std::string& host = "") {
  title = collapse_spaces(decode_entities(title));
  static constexpr std::string_view kSeps[] = {" | ", " - ", " \xE2\x80\x94 ", " \xE2\x80\x93 ", " :: ", " \xC2\xB7 ", " // ", " \xC2\xBB "};
  auto norm = [](std::string_view s) {
    std::string r;
    for (char c : s)
      if (is_ascii_alnum(c)) r.push_back(lower_ascii(c));
    return r;
  };
  const std::string site_n = norm(site);
  for (int round = 0; round < 2; ++round) {
    for (auto sep : kSeps) {
      const std::size_t p = title.rfind(sep);
      if (p == std::string::npos || p == 0) continue;
      const std::string tail = title.substr(p + sep.size());
      const std::string head = title.substr(0, p);
      const std::string tail_n = norm(tail);
      const bool is_site = !tail_n.empty() &&
                           ((!site_n.empty() && (tail_n == site_n || site_n.find(tail_n) != std::string::npos ||
                                                 tail_n.find(site_n) != std::string::npos)) ||
                            (host.size() >= 3 && tail_n.find(host) != std::string::npos));
      std::size_t tail_words = 1;
      for (char c : tail)
        if (c == ' ') ++tail_words;
      std::size_t head_words = 1;
      for (char c : head)
        if (c == ' ') ++head_words;
      if (is_site || (tail_words <= 4 && tail.size() < head.size() && head_words >= 2 &&
                      (sep == " | " || sep == " :: " || sep == " // " || sep == " \xC2\xBB "))) {
        title = head;
        break;
      }
      // "Site | Headline"
      const std::size_t q = title.find(sep);
      const std::string first_n = norm(title.substr(0, q));
      if ((!site_n.empty() && first_n == site_n) || (host.size() >= 3 && first_n == host)) {
        title = title.substr(q + sep.size());
        break;
      }
    }
  }
  return std::string(trim(title));
}

std::optional<Date> first_date(std::initializer_list<std::string_view> candidates) {
  for (auto c : candidates) {
    if (c.empty()) continue;
    if (auto d = parse_date(c)) return d;
    if (auto d = find_date_in_text(c)) return d;
  }
  return std::nullopt;
}

std::string language_code(std::string_view body, const std::string& fallback) {
  if (!body.empty()) {
    std::size_t n = std::min<std::size_t>(body.size(), 20000);
    while (n < body.size() && n > 0 && (static_cast<unsigned char>(body[n]) & 0xC0) == 0x80) --n;
    bool reliable = false;
    const CLD2::Language lang = CLD2::DetectLanguage(body.data(), static_cast<int>(n), true, &reliable);
    if (reliable && lang != CLD2::UNKNOWN_LANGUAGE) {
      std::string code = CLD2::LanguageCode(lang);
      const std::size_t dash = code.find('-');
      if (dash != std::string::npos) code.resize(dash);
      if (code == "iw") code = "he";
      else if (code == "in") code = "id";
      else if (code == "ji") code = "yi";
      else if (code == "jw") code = "jv";
      if (code.size() == 2) return code;
    }
  }
  std::string f = to_lower(trim(fallback));
  const std::size_t dash = f.find_first_of("-_");
  if (dash != std::string::npos) f.resize(dash);
  if (f.size() == 2 && is_ascii_alpha(f[0]) && is_ascii_alpha(f[1])) return f;
  return "";
}

std::string paragraphs_from_plain(std::string_view s) {
  // JSON-LD bodies: keep line breaks as paragraph breaks.
  std::string t = strip_tags(decode_entities(s));
  std::string out;
  std::size_t i = 0;
  while (i < t.size()) {
    std::size_t e = t.find('\n', i);
    if (e == std::string::npos) e = t.size();
    std::string line = collapse_spaces(std::string_view(t).substr(i, e - i));
    if (!line.empty()) {
      if (!out.empty()) out += "\n\n";
      out += line;
    }
    i = e + 1;
  }
  return out;
}

struct BodyResult {
  std::string body;
  std::vector<Link> links;
};

BodyResult extract_body(Dom& dom, const std::string& base, const std::vector<std::string>& titles,
                        const std::vector<std::string>& own_urls, Mode mode) {
  const std::string own_host = host_label(base);
  for (auto& e : dom.els) {
    e.flags &= static_cast<std::uint16_t>(~kSkipped);
    e.score = 0;
    e.scored = false;
  }
  compute_stats(dom, kHardSkip);
  mark_skips(dom, mode);
  compute_stats(dom, kSkipped);
  const std::int32_t top = mode == Mode::Baseline ? dom.body : pick_candidate(dom);
  std::vector<Block> blocks;
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
  }

  // Block filtering.
  for (std::size_t k = 0; k < blocks.size(); ++k) {
    Block& b = blocks[k];
    if (boilerplate_block(b) || metadata_block(b, k, titles, own_urls) || promo_block(b)) b.keep = false;
    // Link-only lines: recirculation ("Also on ...", "More stories") links to
    // the site itself; links out (sources, references, products) are content.
    const double ld = b.chars ? static_cast<double>(b.link_chars) / b.chars : 0;
    if ((b.kind == BlockKind::ListItem && ld > 0.6) || (b.kind != BlockKind::ListItem && ld > 0.7 && b.chars < 300)) {
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
    if (mode == Mode::Baseline && (b.chars < 40 || ld > 0.3 || b.kind == BlockKind::ListItem || b.kind == BlockKind::Heading))
      b.keep = false;
  }
#ifdef STEMMA_EXTRACT_DEBUG
  for (const auto& b : blocks)
    fprintf(stderr, "block keep=%d kind=%d chars=%u links=%u el=%s | %.80s\n", b.keep, static_cast<int>(b.kind), b.chars, b.link_chars,
            describe(dom, b.el).c_str(), b.text.c_str());
#endif
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

} // namespace

Article extract_article(std::string_view page_bytes, const Options& options) {
  if (page_bytes.size() > options.max_bytes)
    throw ExtractError("page too large (" + std::to_string(page_bytes.size()) + " bytes; limit " + std::to_string(options.max_bytes) + ")");
  if (trim(page_bytes).empty()) throw ExtractError("empty page: no article text found");
  Article art;
  std::string html = to_utf8(page_bytes, options.content_type, &art.charset);
  if (looks_binary(page_bytes, html)) throw ExtractError("binary content, not an HTML page");
  html = prepare_html(html);

  Arena arena(std::max<std::size_t>(64u << 20, html.size() * 24));
  GumboOutput* out = parse_html(html, arena);
  if (out == nullptr) throw ExtractError("page too complex to parse within the memory budget");

  Dom dom;
  build_index(out->root, dom);
  if (dom.els.empty()) throw ExtractError("no article text found");

  compute_stats(dom, kHardSkip);
  Meta meta;
  collect_meta(dom, meta);

  // ---- URLs
  const std::string page_url(trim(options.url));
  std::string canonical;
  if (!meta.canonical.empty()) canonical = page_url.empty() ? meta.canonical : resolve_url(page_url, meta.canonical);
  if (canonical.empty() || !is_http_url(canonical)) {
    const std::string og = meta_value(meta, {"og:url"});
    if (!og.empty()) canonical = page_url.empty() ? og : resolve_url(page_url, og);
  }
  if (canonical.empty() || (!is_http_url(canonical) && !page_url.empty())) canonical = page_url;
  art.canonical_url = canonical;
  std::string base = page_url.empty() ? (is_http_url(canonical) ? canonical : std::string()) : page_url;
  if (!meta.base_href.empty()) {
    const std::string b = base.empty() ? meta.base_href : resolve_url(base, meta.base_href);
    if (is_http_url(b)) base = b;
  }

  // ---- Body: the normal pass; if it finds (almost) nothing, a relaxed pass
  // that trusts no class names, then a baseline of all paragraph text.
  std::vector<std::string> titles;
  {
    const std::string site = meta_value(meta, {"og:site_name"});
    for (const std::string& t : {meta_value(meta, {"og:title"}), meta_value(meta, {"twitter:title"}), meta.ld.headline, meta.title_tag})
      if (!t.empty()) {
        titles.push_back(fold(decode_entities(t)));
        titles.push_back(fold(trim_title(t, site)));
      }
    for (const auto& h : meta.h1) titles.push_back(fold(h));
  }
  mark_outbound(dom, base);
  const std::vector<std::string> own_urls{page_url, canonical};
  BodyResult res = extract_body(dom, base, titles, own_urls, Mode::Normal);
  if (res.body.size() < 250) {
    BodyResult relaxed = extract_body(dom, base, titles, own_urls, Mode::Relaxed);
    if (relaxed.body.size() > res.body.size() * 2) res = std::move(relaxed);
  }
  if (res.body.size() < 100) {
    BodyResult baseline = extract_body(dom, base, titles, own_urls, Mode::Baseline);
    if (baseline.body.size() > res.body.size() * 2) res = std::move(baseline);
  }
  std::string body = std::move(res.body);
  std::vector<Link> links = std::move(res.links);

  // JSON-LD articleBody: the publisher's own copy. Used when the DOM gave
  // much less text (a script-rendered or paywalled body).
  const std::string ld_body = meta.ld.body.empty() ? std::string() : paragraphs_from_plain(meta.ld.body);
  if (!ld_body.empty()) {
    const std::size_t dom_chars = body.size();
    if (dom_chars < 200 || ld_body.size() > dom_chars * 2) {
      // Prefer it only if it is a real text (not a description teaser).
      if (ld_body.size() >= 200 || dom_chars == 0) {
        body = ld_body;
        links.clear();
      }
    }
  }
  if (!text::is_valid_utf8(body)) body = text::repair_utf8(body).text;
  if (body.empty()) throw ExtractError("no article text found");
  art.body = std::move(body);
  art.links = std::move(links);

  // ---- Metadata
  art.site_name = collapse_spaces(decode_entities(meta_value(meta, {"og:site_name"})));
  if (art.site_name.empty()) art.site_name = collapse_spaces(decode_entities(meta.ld.site));
  if (art.site_name.empty()) art.site_name = collapse_spaces(decode_entities(meta_value(meta, {"application-name", "twitter:site", "al:ios:app_name"})));
  if (!art.site_name.empty() && art.site_name[0] == '@') art.site_name.erase(0, 1);

  std::string title = meta_value(meta, {"og:title", "twitter:title"});
  if (title.empty()) title = meta.ld.headline;
  if (title.empty() && !meta.h1.empty()) title = meta.h1.front();
  if (title.empty()) title = meta.title_tag;
  art.title = trim_title(title, art.site_name, host_label(canonical.empty() ? page_url : canonical));

  std::string byline = clean_byline(meta.ld.author);
  if (byline.empty()) {
    std::string a = meta_value(meta, {"author", "article:author", "byl", "sailthru.author", "parsely-author", "dc.creator", "dcterms.creator", "citation_author"});
    if (a.find("://") == std::string::npos) byline = clean_byline(a);
  }
  if (byline.empty()) byline = clean_byline(meta.itemprop_author);
  if (byline.empty()) byline = clean_byline(meta.rel_author);
  for (const auto& b : meta.bylines) {
    if (!byline.empty()) break;
    byline = clean_byline(b);
  }
  art.byline = byline;

  std::string parsely_pub;
  if (std::string pp = meta_value(meta, {"parsely-page"}); !pp.empty() && pp.size() < 20000) {
    json j = json::parse(pp, nullptr, false);
    if (j.is_object()) parsely_pub = json_string(j, "pub_date");
  }
  art.published = first_date({meta.ld.published,
                              meta_value(meta, {"article:published_time", "og:article:published_time", "article.published",
                                                "datepublished", "published_time", "publishdate", "publish-date", "publish_date",
                                                "pubdate", "parsely-pub-date", "sailthru.date", "dc.date.issued", "dcterms.issued",
                                                "dc.date", "dcterms.date", "dcterms.created", "date", "article_date_original",
                                                "original-publish-date", "citation_publication_date", "displaydate", "cxenseparse:recs:publishtime",
                                                "og:published_time", "release_date", "timestamp"}),
                              parsely_pub, meta.itemprop_published});
  if (!art.published) {
    for (const auto& t : meta.time_pub)
      if (!art.published) art.published = first_date({t});
  }
  if (!art.published) {
    for (const auto& t : meta.time_datetimes)
      if (!art.published) art.published = first_date({t});
  }
  if (!art.published) {
    for (const auto& t : meta.dateish)
      if (!art.published) art.published = find_date_in_text(t);
  }
  if (!art.published && !page_url.empty()) art.published = date_from_url(page_url);
  if (!art.published && !canonical.empty()) art.published = date_from_url(canonical);
  art.modified = first_date({meta.ld.modified,
                             meta_value(meta, {"article:modified_time", "og:updated_time", "article:updated_time", "datemodified",
                                               "modified_time", "last-modified", "dc.date.modified", "dcterms.modified",
                                               "lastmod", "revised", "updated", "parsely-updated"}),
                             meta.itemprop_modified});

  std::string lang_fallback = meta.html_lang;
  if (lang_fallback.empty()) lang_fallback = meta.ld.language;
  if (lang_fallback.empty()) lang_fallback = meta_value(meta, {"og:locale", "content-language", "language", "dc.language"});
  art.language = language_code(art.body, lang_fallback);
  return art;
}

} // namespace stemma::extract
