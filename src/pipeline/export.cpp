#include "pipeline/export.h"

#include "text/text.h"

#include <fmt/format.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <map>
#include <set>
#include <vector>

namespace stemma::pipeline {
namespace {

// The code point at s[i] of valid UTF-8 (ICU's decoder), advancing i.
char32_t next_code_point(std::string_view s, std::size_t& i) {
  UChar32 c = 0;
  U8_NEXT_UNSAFE(reinterpret_cast<const std::uint8_t*>(s.data()), i, c);
  return static_cast<char32_t>(c);
}

// clean_text, then whitespace runs collapsed to one space and the result cut
// to at most `max_chars` code points (with an ellipsis); 0: no cut.
std::string one_line(std::string_view s, std::size_t max_chars = 0) {
  const std::string clean = clean_text(s);
  std::string out;
  std::size_t chars = 0;
  bool space = false;
  for (std::size_t i = 0; i < clean.size();) {
    const std::size_t start = i;
    const char32_t cp = next_code_point(clean, i);
    if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r') {
      space = !out.empty();
      continue;
    }
    if (max_chars && chars + (space ? 1 : 0) >= max_chars) {
      out += "\u2026";
      return out;
    }
    if (space) out.push_back(' '), ++chars, space = false;
    out.append(clean, start, i - start);
    ++chars;
  }
  return out;
}

std::string date_of(const store::ArticleRow* a) {
  return a && a->published_utc ? ingest::format_utc(*a->published_utc) : std::string();
}

std::string number(double v) { return fmt::format("{}", v); }

const char* boolean(bool v) { return v ? "true" : "false"; }

// Node ids shared by every graph format: "n<article id>" and "p<placeholder index + 1>".
std::string article_node(std::uint32_t id) { return fmt::format("n{}", id); }

struct Graph {
  const lineage::Stemma& stemma;
  const ArticleRows& rows;
  std::map<std::string, std::size_t> placeholder_index; // key -> index in stemma.placeholders
  std::map<std::uint32_t, std::size_t> parent_count;    // every incoming edge, placeholder edges included
  std::set<std::uint32_t> roots;

  Graph(const lineage::Stemma& s, const ArticleRows& r) : stemma(s), rows(r), roots(s.roots.begin(), s.roots.end()) {
    for (std::size_t i = 0; i < s.placeholders.size(); ++i) placeholder_index.emplace(s.placeholders[i].key, i);
    for (const auto& e : s.edges) ++parent_count[e.child];
    for (const auto& e : s.placeholder_edges) ++parent_count[e.child];
  }
  const store::ArticleRow* row(std::uint32_t id) const {
    const auto it = rows.find(id);
    return it == rows.end() ? nullptr : &it->second;
  }
  // The placeholder a placeholder edge names (nullptr if the stemma does not declare it).
  const lineage::Placeholder* placeholder(const std::string& key) const {
    const auto it = placeholder_index.find(key);
    return it == placeholder_index.end() ? nullptr : &stemma.placeholders[it->second];
  }
  std::string placeholder_node(const std::string& key) const {
    const auto it = placeholder_index.find(key);
    return it != placeholder_index.end() ? fmt::format("p{}", it->second + 1) : std::string();
  }
  // Placeholder edges whose placeholder is declared (the others cannot be drawn).
  std::vector<const lineage::PlaceholderEdge*> drawable_placeholder_edges() const {
    std::vector<const lineage::PlaceholderEdge*> out;
    for (const auto& e : stemma.placeholder_edges)
      if (placeholder_index.contains(e.placeholder)) out.push_back(&e);
    return out;
  }
};

std::string evidence_of(const lineage::Edge& e) {
  std::string s = e.direction_evidence;
  if (!e.credit_evidence.empty()) s += (s.empty() ? "credit: " : "; credit: ") + e.credit_evidence;
  return s;
}

void csv_row(std::string& out, const std::vector<std::string>& fields) {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i) out.push_back(',');
    out += csv_field(fields[i]);
  }
  out += "\r\n";
}

} // namespace

std::string clean_text(std::string_view s) {
  const std::string valid = text::repair_utf8(s).text;
  std::string out;
  out.reserve(valid.size());
  for (std::size_t i = 0; i < valid.size();) {
    const std::size_t start = i;
    const char32_t cp = next_code_point(valid, i);
    const bool control = (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || (cp >= 0x7F && cp <= 0x9F);
    if (control || cp == 0xFFFE || cp == 0xFFFF) out += "\uFFFD";
    else out.append(valid, start, i - start);
  }
  return out;
}

namespace {

// A plain number ("-0.5", "+3", "1e-9"): left as it is, spreadsheets read it as a number.
bool is_number(std::string_view s) {
  if (s.empty()) return false;
  char* end = nullptr;
  const std::string copy(s);
  std::strtod(copy.c_str(), &end);
  return end == copy.c_str() + copy.size();
}

} // namespace

std::string csv_field(std::string_view s) {
  std::string clean = clean_text(s);
  // Spreadsheets run a cell that starts with = + - @ (or a tab/CR before one) as a formula: a hostile
  // title could fetch URLs or run commands when an analyst opens the export. Such text gets a
  // leading apostrophe (OWASP's CSV-injection advice); numbers stay numbers.
  if (!clean.empty() && std::string_view("=+-@\t\r").find(clean.front()) != std::string_view::npos && !is_number(clean))
    clean.insert(clean.begin(), '\'');
  if (clean.find_first_of(",\"\r\n") == std::string::npos) return clean;
  std::string out = "\"";
  for (const char c : clean) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

std::string xml_escape(std::string_view s) {
  const std::string clean = clean_text(s);
  std::string out;
  out.reserve(clean.size());
  for (const char c : clean) {
    switch (c) {
    case '&': out += "&amp;"; break;
    case '<': out += "&lt;"; break;
    case '>': out += "&gt;"; break;
    case '"': out += "&quot;"; break;
    case '\'': out += "&apos;"; break;
    case '\r': out += "&#13;"; break; // a literal CR would be read back as LF
    case '\t': out += "&#9;"; break;  // literal tabs and LFs in attributes would be read back as spaces
    case '\n': out += "&#10;"; break;
    default: out.push_back(c);
    }
  }
  return out;
}

namespace {

// The inside of a quoted DOT string that Graphviz shows as `s` on one line:
// quotes and backslashes escaped, '&' as an entity (Graphviz decodes entities
// such as "&lt;" in labels and tooltips). A label reads "\\" as one backslash
// (and "\n", "\l", "\N"... as escapes); a tooltip goes through a second round
// of that (Graphviz 2.43 shows "\\N" in a tooltip as the node's name), so
// there a backslash is written as four.
enum class DotText { label, tooltip };
std::string dot_inner(std::string_view s, DotText kind = DotText::label) {
  const std::string line = one_line(s);
  std::string out;
  out.reserve(line.size());
  for (const char c : line) {
    switch (c) {
    case '"': out += "\\\""; break;
    case '\\': out += kind == DotText::label ? "\\\\" : "\\\\\\\\"; break;
    case '&': out += "&amp;"; break;
    default: out.push_back(c);
    }
  }
  return out;
}

std::string dot_tooltip(std::string_view s) {
  std::string out = "\"";
  out += dot_inner(s, DotText::tooltip);
  out.push_back('"');
  return out;
}

// A URL for Graphviz's URL attribute, which it copies into SVG and image maps
// without escaping quotes or angle brackets: those, spaces, backslashes and
// other characters that RFC 3986 does not allow are percent-encoded.
std::string dot_url(std::string_view url) {
  const std::string line = one_line(url);
  std::string out = "\"";
  for (const char c : line) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x80 || std::isalnum(u) || std::string_view("-._~:/?#[]@!$'()*+,;=%").find(c) != std::string_view::npos)
      out.push_back(c);
    else if (c == '&')
      out += "&amp;";
    else
      out += fmt::format("%{:02X}", u);
  }
  out.push_back('"');
  return out;
}

const char* relation_colour(lineage::Relation r) {
  switch (r) {
  case lineage::Relation::verbatim_copy: return "#d62728";
  case lineage::Relation::quoted_with_credit: return "#2ca02c";
  case lineage::Relation::paraphrase_with_credit: return "#1f77b4";
  case lineage::Relation::spin_uncredited: return "#ff7f0e";
  case lineage::Relation::aggregation: return "#9467bd";
  case lineage::Relation::partial_copy: return "#8c564b";
  }
  return "black";
}

constexpr const char* kPlaceholderColour = "#7f7f7f";

bool is_web_url(std::string_view url) { return url.starts_with("https://") || url.starts_with("http://"); }

} // namespace

std::string dot_string(std::string_view s) {
  std::string out = "\"";
  out += dot_inner(s);
  out.push_back('"');
  return out;
}

ArticleRows story_rows(const store::Store& store, const lineage::Stemma& stemma) {
  ArticleRows rows;
  for (const std::uint32_t id : stemma.members)
    if (auto r = store.article(id)) rows.emplace(id, std::move(*r));
  return rows;
}

std::optional<StoryFormat> story_format_from_string(std::string_view s) {
  if (s == "text") return StoryFormat::text;
  if (s == "json") return StoryFormat::json;
  if (s == "csv") return StoryFormat::csv;
  if (s == "csv-nodes") return StoryFormat::csv_nodes;
  if (s == "graphml") return StoryFormat::graphml;
  if (s == "dot") return StoryFormat::dot;
  return std::nullopt;
}

std::string story_csv(const store::StoryRow& story, const lineage::Stemma& stemma, const ArticleRows& rows) {
  const Graph g(stemma, rows);
  std::string out;
  csv_row(out, {"story_id", "parent_kind", "parent_id", "parent_outlet", "parent_title", "parent_url", "parent_published",
                "child_id", "child_outlet", "child_title", "child_url", "child_published", "relation", "credited", "credit_kind",
                "coverage", "similarity", "confidence", "direction_evidence", "credit_evidence", "passages",
                "shared_innovations"});
  const std::string story_id = std::to_string(story.id);
  const auto child_fields = [&](std::vector<std::string>& f, std::uint32_t id) {
    const auto* c = g.row(id);
    f.push_back(std::to_string(id));
    f.push_back(c ? c->outlet : "");
    f.push_back(c ? c->title : "");
    f.push_back(c ? c->url : "");
    f.push_back(date_of(c));
  };
  for (const auto& e : stemma.edges) {
    const auto* p = g.row(e.parent);
    std::vector<std::string> f = {story_id, "article", std::to_string(e.parent), p ? p->outlet : "", p ? p->title : "",
                                  p ? p->url : "", date_of(p)};
    child_fields(f, e.child);
    f.insert(f.end(), {lineage::to_string(e.relation), boolean(e.credited), e.credit_kind, number(e.coverage), number(e.similarity),
                       number(e.confidence), e.direction_evidence, e.credit_evidence, std::to_string(e.passages.size()),
                       std::to_string(e.shared_innovations.size())});
    csv_row(out, f);
  }
  for (const auto& e : stemma.placeholder_edges) {
    const auto* p = g.placeholder(e.placeholder);
    std::vector<std::string> f = {story_id, "placeholder", e.placeholder, p ? p->name : e.placeholder, "", p ? p->domain : "", ""};
    child_fields(f, e.child);
    // An attribution to a source outside the corpus: credited by definition, nothing aligned.
    f.insert(f.end(), {"", "true", "", "", "", "", "", e.evidence, "0", "0"});
    csv_row(out, f);
  }
  return out;
}

std::string story_csv_nodes(const store::StoryRow& story, const lineage::Stemma& stemma, const ArticleRows& rows) {
  const Graph g(stemma, rows);
  std::string out;
  csv_row(out, {"story_id", "id", "kind", "outlet", "title", "url", "published", "is_root", "parent_count"});
  const std::string story_id = std::to_string(story.id);
  for (const std::uint32_t id : stemma.members) {
    const auto* a = g.row(id);
    const auto pc = g.parent_count.find(id);
    csv_row(out, {story_id, std::to_string(id), "article", a ? a->outlet : "", a ? a->title : "", a ? a->url : "", date_of(a),
                  boolean(g.roots.contains(id)), std::to_string(pc == g.parent_count.end() ? 0 : pc->second)});
  }
  for (const auto& p : stemma.placeholders)
    csv_row(out, {story_id, p.key, "placeholder", p.name, "", p.domain, "", "true", "0"});
  return out;
}

std::string story_graphml(const store::StoryRow& story, const lineage::Stemma& stemma, const ArticleRows& rows) {
  const Graph g(stemma, rows);
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\"\n"
      "         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
      "         xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
      "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n";
  struct Key {
    const char* id;
    const char* for_;
    const char* name;
    const char* type;
  };
  static constexpr Key keys[] = {
      {"g_story", "graph", "story", "int"},          {"g_title", "graph", "title", "string"},
      {"v_label", "node", "label", "string"},        {"v_kind", "node", "kind", "string"},
      {"v_ref", "node", "ref", "string"},            {"v_outlet", "node", "outlet", "string"},
      {"v_title", "node", "title", "string"},        {"v_url", "node", "url", "string"},
      {"v_published", "node", "published", "string"}, {"v_root", "node", "root", "boolean"},
      {"e_relation", "edge", "relation", "string"},  {"e_credited", "edge", "credited", "boolean"},
      {"e_credit_kind", "edge", "credit_kind", "string"}, {"e_coverage", "edge", "coverage", "double"},
      {"e_weight", "edge", "weight", "double"},      {"e_similarity", "edge", "similarity", "double"},
      {"e_confidence", "edge", "confidence", "double"}, {"e_evidence", "edge", "evidence", "string"},
      {"e_passages", "edge", "passages", "int"},     {"e_shared_innovations", "edge", "shared_innovations", "int"},
  };
  for (const auto& k : keys)
    out += fmt::format("  <key id=\"{}\" for=\"{}\" attr.name=\"{}\" attr.type=\"{}\"/>\n", k.id, k.for_, k.name, k.type);
  out += fmt::format("  <graph id=\"story{}\" edgedefault=\"directed\">\n", story.id);
  const auto data = [&](const char* indent, const char* key, std::string_view value) {
    out += fmt::format("{}<data key=\"{}\">{}</data>\n", indent, key, xml_escape(value));
  };
  data("    ", "g_story", std::to_string(story.id));
  data("    ", "g_title", story.title);
  for (const std::uint32_t id : stemma.members) {
    const auto* a = g.row(id);
    out += fmt::format("    <node id=\"{}\">\n", article_node(id));
    const std::string outlet = a && !a->outlet.empty() ? a->outlet : "(no outlet)";
    data("      ", "v_label", fmt::format("#{} {}", id, outlet));
    data("      ", "v_kind", "article");
    data("      ", "v_ref", std::to_string(id));
    data("      ", "v_outlet", a ? a->outlet : "");
    data("      ", "v_title", a ? a->title : "");
    data("      ", "v_url", a ? a->url : "");
    data("      ", "v_published", date_of(a));
    data("      ", "v_root", boolean(g.roots.contains(id)));
    out += "    </node>\n";
  }
  for (std::size_t i = 0; i < stemma.placeholders.size(); ++i) {
    const auto& p = stemma.placeholders[i];
    out += fmt::format("    <node id=\"p{}\">\n", i + 1);
    data("      ", "v_label", p.name + " (not in corpus)");
    data("      ", "v_kind", "placeholder");
    data("      ", "v_ref", p.key);
    data("      ", "v_outlet", p.name);
    data("      ", "v_url", p.domain);
    data("      ", "v_root", "true");
    out += "    </node>\n";
  }
  std::size_t n = 0;
  const std::set<std::uint32_t> members(stemma.members.begin(), stemma.members.end());
  for (const auto& e : stemma.edges) {
    if (!members.contains(e.parent) || !members.contains(e.child)) continue; // an endpoint must be a node
    out += fmt::format("    <edge id=\"e{}\" source=\"{}\" target=\"{}\">\n", ++n, article_node(e.parent), article_node(e.child));
    data("      ", "e_relation", lineage::to_string(e.relation));
    data("      ", "e_credited", boolean(e.credited));
    data("      ", "e_credit_kind", e.credit_kind);
    data("      ", "e_coverage", number(e.coverage));
    data("      ", "e_weight", number(e.coverage));
    data("      ", "e_similarity", number(e.similarity));
    data("      ", "e_confidence", number(e.confidence));
    data("      ", "e_evidence", evidence_of(e));
    data("      ", "e_passages", std::to_string(e.passages.size()));
    data("      ", "e_shared_innovations", std::to_string(e.shared_innovations.size()));
    out += "    </edge>\n";
  }
  for (const auto* e : g.drawable_placeholder_edges()) {
    if (!members.contains(e->child)) continue;
    out += fmt::format("    <edge id=\"e{}\" source=\"{}\" target=\"{}\">\n", ++n, g.placeholder_node(e->placeholder),
                       article_node(e->child));
    data("      ", "e_credited", "true");
    data("      ", "e_evidence", e->evidence.empty() ? std::string() : "credit: " + e->evidence);
    out += "    </edge>\n";
  }
  out += "  </graph>\n</graphml>\n";
  return out;
}

std::string story_dot(const store::StoryRow& story, const lineage::Stemma& stemma, const ArticleRows& rows) {
  const Graph g(stemma, rows);
  std::string out = fmt::format("digraph {} {{\n", dot_string(fmt::format("story{}", story.id)));
  out += fmt::format("  label={};\n  labelloc=t;\n  rankdir=TB;\n",
                     dot_string(fmt::format("Story #{}: {}", story.id, one_line(story.title, 80))));
  out += "  graph [fontname=\"Helvetica\"];\n  node [shape=box, style=\"rounded\", fontname=\"Helvetica\", fontsize=10];\n"
         "  edge [fontname=\"Helvetica\", fontsize=8];\n";
  for (const std::uint32_t id : stemma.members) {
    const auto* a = g.row(id);
    const std::string outlet = a && !a->outlet.empty() ? a->outlet : "(no outlet)";
    const std::string date = a && a->published_utc ? date_of(a).substr(0, 10) : "date unknown";
    // Three lines: "#id outlet", the short title, the date (\n between escaped parts).
    std::string label = dot_inner(fmt::format("#{} {}", id, one_line(outlet, 40)));
    label += "\\n" + dot_inner(one_line(a ? a->title : "", 40)) + "\\n" + dot_inner(date);
    out += fmt::format("  \"{}\" [label=\"{}\"", article_node(id), label);
    if (g.roots.contains(id)) out += ", penwidth=2";
    if (a && is_web_url(a->url)) out += fmt::format(", URL={}", dot_url(a->url));
    out += fmt::format(", tooltip={}];\n", dot_tooltip(a ? a->title : ""));
  }
  for (std::size_t i = 0; i < stemma.placeholders.size(); ++i) {
    const auto& p = stemma.placeholders[i];
    std::string label = dot_inner(one_line(p.name, 40)) + "\\n" + dot_inner("[not in corpus]");
    if (!p.domain.empty()) label += "\\n" + dot_inner(one_line(p.domain, 40));
    out += fmt::format("  \"p{}\" [label=\"{}\", style=\"rounded,dashed\", color=\"{}\", fontcolor=\"{}\"];\n", i + 1, label,
                       kPlaceholderColour, kPlaceholderColour);
  }
  const std::set<std::uint32_t> members(stemma.members.begin(), stemma.members.end());
  for (const auto& e : stemma.edges) {
    if (!members.contains(e.parent) || !members.contains(e.child)) continue;
    out += fmt::format("  \"{}\" -> \"{}\" [color=\"{}\", label=\"{:.0f}%\"{}, tooltip={}];\n", article_node(e.parent),
                       article_node(e.child), relation_colour(e.relation), 100 * e.coverage,
                       e.credited ? "" : ", style=dashed",
                       dot_tooltip(fmt::format("{}, {}: {}", lineage::to_string(e.relation),
                                              e.credited ? "credited" : "uncredited", evidence_of(e))));
  }
  for (const auto* e : g.drawable_placeholder_edges()) {
    if (!members.contains(e->child)) continue;
    out += fmt::format("  \"{}\" -> \"{}\" [color=\"{}\", style=dotted, tooltip={}];\n", g.placeholder_node(e->placeholder),
                       article_node(e->child), kPlaceholderColour, dot_tooltip("cites it: " + e->evidence));
  }
  // The legend: one node with an HTML-like table (fixed text, no article data).
  out += "  legend [shape=plaintext, style=\"\", label=<<table border=\"0\" cellborder=\"0\" cellspacing=\"0\">"
         "<tr><td align=\"left\"><b>relation</b></td></tr>";
  for (const auto r : {lineage::Relation::verbatim_copy, lineage::Relation::quoted_with_credit,
                       lineage::Relation::paraphrase_with_credit, lineage::Relation::spin_uncredited,
                       lineage::Relation::aggregation, lineage::Relation::partial_copy})
    out += fmt::format("<tr><td align=\"left\"><font color=\"{}\">&#9472;&#9472; {}</font></td></tr>", relation_colour(r),
                       lineage::to_string(r));
  out += fmt::format("<tr><td align=\"left\">- - - uncredited</td></tr>"
                     "<tr><td align=\"left\"><font color=\"{}\">[dashed box] not in corpus</font></td></tr>"
                     "<tr><td align=\"left\">thick box: root</td></tr></table>>];\n",
                     kPlaceholderColour);
  out += "}\n";
  return out;
}

} // namespace stemma::pipeline
