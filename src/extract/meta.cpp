// Metadata: title, byline, dates, site, canonical URL and language sources.
#include "extract/meta.h"

#include "extract/internal.h"

#include <cld2/public/compact_lang_det.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>
#include <vector>

namespace stemma::extract::detail {

using nlohmann::json;

namespace {


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


} // namespace

static std::string script_text(const GumboNode* n) {
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
    // (not in a form or a comment thread: "Name (required)", commenters)
    auto in_form_or_comments = [&] {
      std::int32_t a = e.parent;
      for (int up = 0; a >= 0 && up < 40; ++up) {
        const El& x = dom.els[static_cast<std::size_t>(a)];
        if (x.tag == GUMBO_TAG_FORM || x.decisive_negative) return true;
        a = x.parent;
      }
      return false;
    };
    if (m.bylines.size() < 4 && e.text > 0 && e.text < 120 && byline_cue && !in_form_or_comments())
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
std::string trim_title(std::string title, const std::string& site, const std::string& host) {
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
    std::size_t n = std::min<std::size_t>(body.size(), 4096); // plenty for a reliable guess
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


std::string parsely_pub_date(std::string_view value) {
  if (value.empty() || value.size() >= 20000 || !json_depth_ok(value)) return "";
  const json j = json::parse(value, nullptr, false);
  return j.is_object() ? json_string(j, "pub_date") : std::string();
}

} // namespace stemma::extract::detail
