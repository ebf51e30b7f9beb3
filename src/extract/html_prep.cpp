// A light pre-pass over decoded HTML before gumbo: a tokenizer of tags only,
// enough to drop script and style bodies (most of a modern page's bytes; the
// extractor never reads them) and to keep gumbo's tree builder linear on
// hostile nesting. Well-formed pages of ordinary depth pass unchanged apart
// from the removed script/style bodies and comments.
#include "extract/dom.h"
#include "extract/internal.h"

#include <gumbo.h>

#include <string>
#include <unordered_map>
#include <vector>

namespace stemma::extract::detail {
namespace {

constexpr std::size_t kMaxDepth = 320;     // open elements modelled by the pre-pass
constexpr std::size_t kMaxFormatting = 24; // open formatting elements (a, b, i, font, ...)

bool is_void(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_AREA: case GUMBO_TAG_BASE: case GUMBO_TAG_BR: case GUMBO_TAG_COL: case GUMBO_TAG_EMBED:
    case GUMBO_TAG_HR: case GUMBO_TAG_IMG: case GUMBO_TAG_INPUT: case GUMBO_TAG_LINK: case GUMBO_TAG_META:
    case GUMBO_TAG_PARAM: case GUMBO_TAG_SOURCE: case GUMBO_TAG_TRACK: case GUMBO_TAG_WBR: case GUMBO_TAG_KEYGEN:
    case GUMBO_TAG_BASEFONT: case GUMBO_TAG_BGSOUND: case GUMBO_TAG_FRAME: case GUMBO_TAG_IMAGE: case GUMBO_TAG_MENUITEM:
    case GUMBO_TAG_HTML: case GUMBO_TAG_HEAD: case GUMBO_TAG_BODY: case GUMBO_TAG_P:
      return true; // (html/head/body/p are not modelled: see below)
    default:
      return false;
  }
}

bool is_formatting(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_A: case GUMBO_TAG_B: case GUMBO_TAG_BIG: case GUMBO_TAG_CODE: case GUMBO_TAG_EM: case GUMBO_TAG_FONT:
    case GUMBO_TAG_I: case GUMBO_TAG_NOBR: case GUMBO_TAG_S: case GUMBO_TAG_SMALL: case GUMBO_TAG_STRIKE: case GUMBO_TAG_STRONG:
    case GUMBO_TAG_TT: case GUMBO_TAG_U:
      return true;
    default:
      return false;
  }
}

struct Open {
  GumboTag tag;
  std::uint32_t hash; // of the name, for unknown (custom) elements
};

bool keep_attribute(std::string_view a) {
  static constexpr std::string_view kKeep[] = {"class", "id", "style", "hidden", "aria-hidden", "itemprop", "role", "rel",
                                               "href", "content", "property", "name", "http-equiv", "charset", "lang",
                                               "xml:lang", "type", "datetime", "pubdate", "itemtype", "alt"};
  if (a.size() < 2 || a.size() > 11) return false;
  for (auto k : kKeep)
    if (iequals(a, k)) return true;
  return false;
}

std::uint32_t name_hash(std::string_view n) {
  std::uint32_t h = 2166136261u;
  for (char c : n) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
  return h;
}

// Index of the raw-text end tag "</name" (case-insensitive) at or after `from`.
std::size_t find_end_tag(std::string_view s, std::size_t from, std::string_view name) {
  std::size_t p = from;
  while ((p = s.find("</", p)) != std::string_view::npos) {
    if (p + 2 + name.size() <= s.size() && iequals(s.substr(p + 2, name.size()), name)) {
      const std::size_t after = p + 2 + name.size();
      if (after == s.size() || is_ascii_space(s[after]) || s[after] == '>' || s[after] == '/') return p;
    }
    p += 2;
  }
  return std::string_view::npos;
}

} // namespace

std::string prepare_html(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  std::vector<Open> stack;
  std::unordered_map<std::uint64_t, std::size_t> suppressed; // stripped start tags awaiting their end tag
  std::size_t formatting_open = 0;
  std::vector<std::size_t> fmt_count(GUMBO_TAG_LAST + 1, 0);
  std::size_t i = 0;
  const std::size_t n = s.size();
  std::string name;
  std::vector<std::string_view> kept;
  std::string rebuilt, filtered;
  std::vector<std::pair<std::size_t, std::size_t>> class_spans;
  auto key = [](const Open& o) { return (static_cast<std::uint64_t>(o.tag) << 32) | o.hash; };

  int pre_depth = 0; // inside <pre>/<listing>: whitespace is content
  // Text between tags; outside <pre>, runs of white space shrink to one
  // character (a newline if the run had one): the same text for the
  // extractor, less work for the parser.
  auto append_text = [&](std::string_view t) {
    if (pre_depth > 0) {
      out.append(t);
      return;
    }
    std::size_t k = 0;
    while (k < t.size()) {
      std::size_t run = k;
      while (run < t.size() && !is_ascii_space(t[run])) ++run;
      out.append(t.substr(k, run - k));
      if (run >= t.size()) break;
      std::size_t e = run;
      bool newline = false;
      while (e < t.size() && is_ascii_space(t[e])) {
        newline |= t[e] == '\n';
        ++e;
      }
      out.push_back(e - run == 1 ? t[run] : (newline ? '\n' : ' '));
      k = e;
    }
  };
  while (i < n) {
    const std::size_t lt = s.find('<', i);
    if (lt == std::string_view::npos) {
      append_text(s.substr(i));
      break;
    }
    append_text(s.substr(i, lt - i));
    i = lt;
    if (i + 1 >= n) {
      out.push_back('<');
      ++i;
      continue;
    }
    const char c1 = s[i + 1];
    if (c1 == '!') {
      if (s.substr(i, 4) == "<!--") {
        std::size_t e;
        if (s.substr(i + 4, 1) == ">") e = i + 5;
        else if (s.substr(i + 4, 2) == "->") e = i + 6;
        else {
          e = s.find("-->", i + 4);
          e = e == std::string_view::npos ? n : e + 3;
        }
        i = e; // comments are dropped
        continue;
      }
      std::size_t e = s.find('>', i);
      e = e == std::string_view::npos ? n : e + 1;
      out.append(s.substr(i, e - i)); // doctype, CDATA-ish
      i = e;
      continue;
    }
    if (c1 == '?') {
      std::size_t e = s.find('>', i);
      e = e == std::string_view::npos ? n : e + 1;
      i = e; // bogus comment
      continue;
    }
    const bool end_tag = c1 == '/';
    const std::size_t name_start = i + (end_tag ? 2 : 1);
    if (name_start >= n || !is_ascii_alpha(s[name_start])) {
      out.push_back('<');
      ++i;
      continue;
    }
    std::size_t j = name_start;
    name.clear();
    while (j < n && !is_ascii_space(s[j]) && s[j] != '/' && s[j] != '>') {
      name.push_back(lower_ascii(s[j]));
      ++j;
    }
    // Attributes (quote-aware), to the closing '>'. Only the attributes the
    // extractor reads are kept (srcset, data-* and event handlers are most of
    // the markup of a modern page).
    bool self_closing = false;
    std::string_view type_attr;
    kept.clear();
    filtered.clear();
    class_spans.clear();
    bool dropped_any = false;
    while (j < n && s[j] != '>') {
      if (is_ascii_space(s[j]) || s[j] == '/') {
        self_closing = s[j] == '/';
        ++j;
        continue;
      }
      self_closing = false;
      const std::size_t an = j;
      while (j < n && !is_ascii_space(s[j]) && s[j] != '/' && s[j] != '>' && s[j] != '=') ++j;
      if (j == an) ++j; // stray '='
      const std::string_view attr_name = s.substr(an, j - an);
      std::size_t value_begin = 0, value_end = 0;
      std::size_t k = j;
      while (k < n && is_ascii_space(s[k])) ++k;
      if (k < n && s[k] == '=') {
        ++k;
        while (k < n && is_ascii_space(s[k])) ++k;
        std::size_t vb = k, ve = k;
        if (k < n && (s[k] == '"' || s[k] == '\'')) {
          const char q = s[k];
          const std::size_t close = s.find(q, k + 1);
          vb = k + 1;
          ve = close == std::string_view::npos ? n : close;
          k = close == std::string_view::npos ? n : close + 1;
        } else {
          while (k < n && !is_ascii_space(s[k]) && s[k] != '>') ++k;
          ve = k;
        }
        if (iequals(attr_name, "type")) type_attr = s.substr(vb, ve - vb);
        value_begin = vb;
        value_end = ve;
        j = k;
      }
      if (iequals(attr_name, "class") && value_end > value_begin) {
        // Only the class names the extractor reads (cue words, hidden
        // utilities); long utility-class lists are most of some pages' markup.
        const std::string_view value = s.substr(value_begin, value_end - value_begin);
        std::size_t start = filtered.size();
        filtered.append("class=\"");
        std::size_t p = 0;
        bool any = false;
        while (p < value.size()) {
          while (p < value.size() && is_ascii_space(value[p])) ++p;
          const std::size_t b = p;
          while (p < value.size() && !is_ascii_space(value[p])) ++p;
          if (p == b) break;
          const std::string_view name = value.substr(b, p - b);
          if (name.find('"') == std::string_view::npos && token_classes(name) != 0) {
            if (any) filtered.push_back(' ');
            filtered.append(name);
            any = true;
          }
        }
        filtered.push_back('"');
        class_spans.emplace_back(start, filtered.size());
        kept.push_back(std::string_view()); // placeholder, resolved below
        dropped_any = true;
      } else if (keep_attribute(attr_name)) {
        kept.push_back(s.substr(an, j - an));
      } else {
        dropped_any = true;
      }
    }
    const std::size_t tag_end = j < n ? j + 1 : n;
    std::string_view tag_text = s.substr(i, tag_end - i);
    if (!end_tag && dropped_any) {
      rebuilt.clear();
      rebuilt.push_back('<');
      rebuilt.append(s.substr(name_start, name.size()));
      std::size_t next_class = 0;
      for (auto a : kept) {
        if (a.data() == nullptr) { // a filtered class attribute
          const auto [cb, ce] = class_spans[next_class++];
          if (ce - cb <= 8) continue; // class=""
          a = std::string_view(filtered).substr(cb, ce - cb);
        }
        rebuilt.push_back(' ');
        rebuilt.append(a);
      }
      rebuilt.append(self_closing ? "/>" : ">");
      tag_text = rebuilt;
    }
    const GumboTag tag = gumbo_tagn_enum(name.c_str(), static_cast<unsigned>(name.size()));
    const Open me{tag, tag == GUMBO_TAG_UNKNOWN ? name_hash(name) : 0};

    if (end_tag) {
      i = tag_end;
      if ((tag == GUMBO_TAG_PRE || tag == GUMBO_TAG_LISTING) && pre_depth > 0) --pre_depth;
      if (auto it = suppressed.find(key(me)); it != suppressed.end() && it->second > 0) {
        --it->second;
        continue; // the end tag of a stripped start tag
      }
      if (is_formatting(tag) && tag != GUMBO_TAG_A && fmt_count[tag] > 0) {
        --fmt_count[tag];
        --formatting_open;
      }
      if (!is_void(tag)) {
        for (std::size_t k = stack.size(); k > 0; --k) {
          if (stack[k - 1].tag == me.tag && stack[k - 1].hash == me.hash) {
            stack.resize(k - 1);
            break;
          }
        }
      }
      out.append(tag_text);
      continue;
    }

    // Raw text elements: skip to their end tag.
    const bool is_script = tag == GUMBO_TAG_SCRIPT;
    // (<svg>, <noscript> and <template> are not raw text for the tokenizer, but
    // the extractor never reads them: their content is dropped too.)
    if (is_script || tag == GUMBO_TAG_STYLE || tag == GUMBO_TAG_XMP || tag == GUMBO_TAG_IFRAME || tag == GUMBO_TAG_NOEMBED ||
        tag == GUMBO_TAG_NOFRAMES || tag == GUMBO_TAG_TEXTAREA || tag == GUMBO_TAG_TITLE || tag == GUMBO_TAG_SVG ||
        tag == GUMBO_TAG_NOSCRIPT || tag == GUMBO_TAG_TEMPLATE) {
      if (self_closing && tag == GUMBO_TAG_SVG) {
        out.append(tag_text);
        i = tag_end;
        continue;
      }
      std::size_t close = find_end_tag(s, tag_end, name);
      const std::size_t content_end = close == std::string_view::npos ? n : close;
      std::size_t after = n;
      if (close != std::string_view::npos) {
        const std::size_t gt = s.find('>', close);
        after = gt == std::string_view::npos ? n : gt + 1;
      }
      out.append(tag_text);
      const bool keep = tag == GUMBO_TAG_TITLE || tag == GUMBO_TAG_TEXTAREA ||
                        (is_script && icontains(type_attr, "ld+json"));
      if (keep) out.append(s.substr(tag_end, content_end - tag_end));
      out.append("</");
      out.append(name);
      out.push_back('>');
      i = after;
      continue;
    }
    if (tag == GUMBO_TAG_PLAINTEXT) {
      out.append(s.substr(i));
      break;
    }

    i = tag_end;
    if (is_void(tag) || self_closing) {
      out.append(tag_text);
      continue;
    }
    // Elements whose end tag is optional close their previous sibling.
    auto pop_until = [&](auto matches, auto boundary) {
      for (std::size_t k = stack.size(); k > 0; --k) {
        const GumboTag t = stack[k - 1].tag;
        if (boundary(t)) return;
        if (matches(t)) {
          stack.resize(k - 1);
          return;
        }
      }
    };
    switch (tag) {
      case GUMBO_TAG_LI:
        pop_until([](GumboTag t) { return t == GUMBO_TAG_LI; },
                  [](GumboTag t) { return t == GUMBO_TAG_UL || t == GUMBO_TAG_OL || t == GUMBO_TAG_MENU; });
        break;
      case GUMBO_TAG_DD: case GUMBO_TAG_DT:
        pop_until([](GumboTag t) { return t == GUMBO_TAG_DD || t == GUMBO_TAG_DT; }, [](GumboTag t) { return t == GUMBO_TAG_DL; });
        break;
      case GUMBO_TAG_TD: case GUMBO_TAG_TH:
        pop_until([](GumboTag t) { return t == GUMBO_TAG_TD || t == GUMBO_TAG_TH; },
                  [](GumboTag t) { return t == GUMBO_TAG_TR || t == GUMBO_TAG_TABLE; });
        break;
      case GUMBO_TAG_TR:
        pop_until([](GumboTag t) { return t == GUMBO_TAG_TR; },
                  [](GumboTag t) { return t == GUMBO_TAG_TABLE || t == GUMBO_TAG_TBODY || t == GUMBO_TAG_THEAD || t == GUMBO_TAG_TFOOT; });
        break;
      case GUMBO_TAG_TBODY: case GUMBO_TAG_THEAD: case GUMBO_TAG_TFOOT:
        pop_until([](GumboTag t) { return t == GUMBO_TAG_TBODY || t == GUMBO_TAG_THEAD || t == GUMBO_TAG_TFOOT; },
                  [](GumboTag t) { return t == GUMBO_TAG_TABLE; });
        break;
      case GUMBO_TAG_OPTION:
        pop_until([](GumboTag t) { return t == GUMBO_TAG_OPTION; }, [](GumboTag t) { return t != GUMBO_TAG_OPTION; });
        break;
      default:
        break;
    }
    // Unclosed formatting elements are reconstructed by the tree builder after
    // every block that implicitly closed them, so their number is capped (<a>
    // is exempt: a new <a> always closes the previous one).
    const bool fmt = is_formatting(tag) && tag != GUMBO_TAG_A;
    if (stack.size() >= kMaxDepth || (fmt && formatting_open >= kMaxFormatting)) {
      ++suppressed[key(me)]; // strip the tag, keep its content
      continue;
    }
    if (tag == GUMBO_TAG_PRE || tag == GUMBO_TAG_LISTING) ++pre_depth;
    stack.push_back(me);
    if (fmt) {
      ++fmt_count[tag];
      ++formatting_open;
    }
    out.append(tag_text);
  }
  return out;
}

} // namespace stemma::extract::detail
