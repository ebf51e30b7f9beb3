// Unit tests for the story exporters (CSV, GraphML, DOT): escaping of hostile
// article text in each format, and placeholder sources as nodes and edges.
// The stemmas are synthetic; the e2e test runs the real tools on real output.
#include "pipeline/export.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace pl = stemma::pipeline;
namespace st = stemma::store;
namespace lg = stemma::lineage;

namespace {

// Everything a hostile page can put in a title.
const std::string kHostile = "<script>alert(\"x&y\")</script> O'Brien, \"quoted\"\r\nline\\N two\x01\x1b\x7f bad\xff\xfe end";

st::ArticleRow row(std::uint32_t id, std::string outlet, std::string title, std::optional<std::int64_t> published = {}) {
  st::ArticleRow r;
  r.id = id;
  r.outlet = std::move(outlet);
  r.title = std::move(title);
  r.url = "https://example.org/" + std::to_string(id) + "?a=1&b=<2>";
  r.published_utc = published;
  r.story_id = 1;
  return r;
}

// 1 -> 2 (credited copy), 2 -> 3 (uncredited spin); "Politico" (not stored) cited by 2 and 3.
struct Fixture {
  st::StoryRow story;
  lg::Stemma stemma;
  pl::ArticleRows rows;
  Fixture() {
    story.id = 1;
    story.size = 3;
    story.origin = 1;
    story.title = kHostile;
    rows.emplace(1, row(1, "The Harbor Gazette", kHostile, 1773495000));
    rows.emplace(2, row(2, "Lakeshore, \"Daily\" Record", "A plain title", 1773519000));
    rows.emplace(3, row(3, "", "Third & last"));
    stemma.members = {1, 2, 3};
    stemma.roots = {1};
    lg::Edge a;
    a.parent = 1, a.child = 2, a.relation = lg::Relation::verbatim_copy, a.credited = true, a.credit_kind = "name";
    a.coverage = 0.98, a.similarity = 1.0, a.confidence = 0.81;
    a.direction_evidence = "published 6h40m earlier";
    a.credit_evidence = "first published by \"the harbor gazette\", with <permission>";
    a.passages.resize(2);
    a.shared_innovations.push_back({1, "", "a dropped name"});
    lg::Edge b;
    b.parent = 2, b.child = 3, b.relation = lg::Relation::spin_uncredited, b.coverage = 0.5, b.similarity = 0.7, b.confidence = 0.6;
    b.direction_evidence = kHostile;
    b.passages.resize(1);
    stemma.edges = {a, b};
    stemma.placeholders.push_back({"politico", "Politico <b>&</b>", "politico.com"});
    stemma.placeholder_edges.push_back({"politico", 2, "as \"Politico\" first reported, the dam…"});
    stemma.placeholder_edges.push_back({"politico", 3, "told politico"});
  }
};

// A minimal RFC 4180 reader: records of fields.
std::vector<std::vector<std::string>> parse_csv(const std::string& s) {
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string field;
  bool quoted = false, was_quoted = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (quoted) {
      if (c == '"' && i + 1 < s.size() && s[i + 1] == '"') field.push_back('"'), ++i;
      else if (c == '"') quoted = false;
      else field.push_back(c);
    } else if (c == '"') {
      EXPECT_TRUE(field.empty()) << "quote inside an unquoted field";
      quoted = was_quoted = true;
    } else if (c == ',') {
      record.push_back(field), field.clear(), was_quoted = false;
    } else if (c == '\r') {
      EXPECT_TRUE(i + 1 < s.size() && s[i + 1] == '\n') << "bare CR outside quotes";
    } else if (c == '\n') {
      record.push_back(field), field.clear(), was_quoted = false;
      records.push_back(record), record.clear();
    } else {
      EXPECT_FALSE(was_quoted) << "text after a closing quote";
      field.push_back(c);
    }
  }
  EXPECT_FALSE(quoted) << "unterminated quoted field";
  EXPECT_TRUE(record.empty() && field.empty()) << "last record not terminated by CRLF";
  return records;
}

std::size_t count(const std::string& hay, const std::string& needle) {
  std::size_t n = 0;
  for (auto p = hay.find(needle); p != std::string::npos; p = hay.find(needle, p + 1)) ++n;
  return n;
}

bool has_control(const std::string& s, bool allow_newlines) {
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 && !(allow_newlines && (c == '\n' || c == '\r' || c == '\t'))) return true;
    if (u == 0x7F) return true;
  }
  return false;
}

} // namespace

TEST(CleanText, RepairsUtf8AndReplacesControls) {
  EXPECT_EQ(pl::clean_text("a\tb\nc\r"), "a\tb\nc\r");
  EXPECT_EQ(pl::clean_text("x\x01y"), "x\uFFFDy");
  EXPECT_EQ(pl::clean_text("x\xffy"), "x\uFFFDy");
  EXPECT_EQ(pl::clean_text("\u00e9\u2014\U0001F600"), "\u00e9\u2014\U0001F600"); // valid text untouched
  EXPECT_EQ(pl::clean_text("\xef\xbf\xbe"), "\uFFFD");                            // U+FFFE: not an XML character
  EXPECT_EQ(pl::clean_text("\xc2\x85"), "\uFFFD");                                // C1 control (NEL)
  EXPECT_EQ(pl::clean_text(std::string("a\0b", 3)), "a\uFFFDb");
}

TEST(CsvField, QuotesOnlyWhenNeeded) {
  EXPECT_EQ(pl::csv_field("plain"), "plain");
  EXPECT_EQ(pl::csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(pl::csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(pl::csv_field("two\r\nlines"), "\"two\r\nlines\"");
  EXPECT_EQ(pl::csv_field(""), "");
  // Formulas are defused for spreadsheets; numbers are not touched.
  EXPECT_EQ(pl::csv_field("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
  EXPECT_EQ(pl::csv_field("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(pl::csv_field("+cmd"), "'+cmd");
  EXPECT_EQ(pl::csv_field("-2+3"), "'-2+3");
  EXPECT_EQ(pl::csv_field("-0.25"), "-0.25");
  EXPECT_EQ(pl::csv_field("a=b"), "a=b");
}

TEST(XmlEscape, HostileText) {
  const std::string x = pl::xml_escape(kHostile);
  EXPECT_EQ(x.find('<'), std::string::npos);
  EXPECT_EQ(x.find('>'), std::string::npos);
  EXPECT_EQ(x.find('"'), std::string::npos);
  EXPECT_EQ(x.find('\''), std::string::npos);
  EXPECT_NE(x.find("&lt;script&gt;alert(&quot;x&amp;y&quot;)"), std::string::npos);
  EXPECT_NE(x.find("O&apos;Brien"), std::string::npos);
  EXPECT_NE(x.find("&#13;&#10;"), std::string::npos);
  EXPECT_FALSE(has_control(x, false));
  // Every '&' starts an entity.
  for (std::size_t p = x.find('&'); p != std::string::npos; p = x.find('&', p + 1)) {
    const std::string rest = x.substr(p, 6);
    EXPECT_TRUE(rest.starts_with("&amp;") || rest.starts_with("&lt;") || rest.starts_with("&gt;") || rest.starts_with("&quot;") ||
                rest.starts_with("&apos;") || rest.starts_with("&#"))
        << rest;
  }
}

TEST(DotString, HostileText) {
  EXPECT_EQ(pl::dot_string("plain"), "\"plain\"");
  EXPECT_EQ(pl::dot_string("say \"hi\""), "\"say \\\"hi\\\"\"");
  EXPECT_EQ(pl::dot_string("back\\slash"), "\"back\\\\slash\"");    // not read as an escape such as \N or \l
  EXPECT_EQ(pl::dot_string("two\r\nlines"), "\"two lines\"");        // one line
  EXPECT_EQ(pl::dot_string("AT&amp;T <b>"), "\"AT&amp;amp;T <b>\""); // Graphviz decodes entities: shown as typed
  const std::string d = pl::dot_string(kHostile);
  EXPECT_FALSE(has_control(d, false));
  // The only unescaped quotes are the delimiters.
  std::size_t quotes = 0;
  for (std::size_t i = 0; i < d.size(); ++i) {
    if (d[i] == '\\') ++i;
    else if (d[i] == '"') ++quotes;
  }
  EXPECT_EQ(quotes, 2u);
}

TEST(StoryCsv, OneRowPerEdgeIncludingPlaceholders) {
  const Fixture f;
  const std::string csv = pl::story_csv(f.story, f.stemma, f.rows);
  const auto records = parse_csv(csv);
  ASSERT_EQ(records.size(), 1 + 2 + 2u);
  const auto& header = records[0];
  ASSERT_EQ(header.size(), 22u);
  for (const auto& r : records) EXPECT_EQ(r.size(), header.size());
  const auto col = [&](const std::string& name) {
    const auto it = std::find(header.begin(), header.end(), name);
    EXPECT_NE(it, header.end()) << name;
    return static_cast<std::size_t>(it - header.begin());
  };
  EXPECT_EQ(records[1][col("parent_kind")], "article");
  EXPECT_EQ(records[1][col("parent_id")], "1");
  EXPECT_EQ(records[1][col("child_id")], "2");
  EXPECT_EQ(records[1][col("parent_published")], "2026-03-14T13:30:00Z");
  EXPECT_EQ(records[1][col("relation")], "verbatim_copy");
  EXPECT_EQ(records[1][col("credited")], "true");
  EXPECT_EQ(records[1][col("credit_kind")], "name");
  EXPECT_EQ(records[1][col("coverage")], "0.98");
  EXPECT_EQ(records[1][col("passages")], "2");
  EXPECT_EQ(records[1][col("shared_innovations")], "1");
  EXPECT_EQ(records[1][col("child_outlet")], "Lakeshore, \"Daily\" Record"); // round-trips
  EXPECT_EQ(records[2][col("credited")], "false");
  EXPECT_EQ(records[2][col("child_published")], "");
  // The hostile title round-trips except for the characters no export carries.
  EXPECT_EQ(records[1][col("parent_title")], pl::clean_text(kHostile));
  EXPECT_EQ(records[2][col("direction_evidence")], pl::clean_text(kHostile));
  EXPECT_EQ(records[3][col("parent_kind")], "placeholder");
  EXPECT_EQ(records[3][col("parent_id")], "politico");
  EXPECT_EQ(records[3][col("parent_outlet")], "Politico <b>&</b>");
  EXPECT_EQ(records[3][col("parent_url")], "politico.com");
  EXPECT_EQ(records[3][col("child_id")], "2");
  EXPECT_EQ(records[3][col("credit_evidence")], "as \"Politico\" first reported, the dam…");
  EXPECT_EQ(records[4][col("child_id")], "3");
}

TEST(StoryCsv, NodesIncludePlaceholders) {
  const Fixture f;
  const auto records = parse_csv(pl::story_csv_nodes(f.story, f.stemma, f.rows));
  ASSERT_EQ(records.size(), 1 + 3 + 1u);
  EXPECT_EQ(records[0], (std::vector<std::string>{"story_id", "id", "kind", "outlet", "title", "url", "published", "is_root",
                                                  "parent_count"}));
  EXPECT_EQ(records[1][1], "1");
  EXPECT_EQ(records[1][2], "article");
  EXPECT_EQ(records[1][7], "true");
  EXPECT_EQ(records[1][8], "0");
  EXPECT_EQ(records[2][7], "false");
  EXPECT_EQ(records[2][8], "2"); // #1 and Politico
  EXPECT_EQ(records[3][4], "Third & last");
  EXPECT_EQ(records[4][1], "politico");
  EXPECT_EQ(records[4][2], "placeholder");
  EXPECT_EQ(records[4][3], "Politico <b>&</b>");
}

TEST(StoryGraphml, EscapedAndPlaceholderNodes) {
  const Fixture f;
  const std::string g = pl::story_graphml(f.story, f.stemma, f.rows);
  EXPECT_TRUE(g.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\""));
  EXPECT_NE(g.find("edgedefault=\"directed\""), std::string::npos);
  EXPECT_EQ(g.find("<script"), std::string::npos);
  EXPECT_EQ(g.find("<b>"), std::string::npos);
  EXPECT_NE(g.find("&lt;script&gt;"), std::string::npos);
  EXPECT_FALSE(has_control(g, true));
  EXPECT_EQ(g.find('\r'), std::string::npos);
  EXPECT_EQ(count(g, "<node id="), 4u);
  EXPECT_EQ(count(g, "<edge id="), 4u);
  EXPECT_NE(g.find("<node id=\"p1\">"), std::string::npos);
  EXPECT_NE(g.find("<data key=\"v_kind\">placeholder</data>"), std::string::npos);
  EXPECT_NE(g.find("source=\"p1\" target=\"n2\""), std::string::npos);
  EXPECT_NE(g.find("source=\"p1\" target=\"n3\""), std::string::npos);
  EXPECT_NE(g.find("source=\"n1\" target=\"n2\""), std::string::npos);
  EXPECT_NE(g.find("<key id=\"e_coverage\" for=\"edge\" attr.name=\"coverage\" attr.type=\"double\"/>"), std::string::npos);
  EXPECT_NE(g.find("<key id=\"v_root\" for=\"node\" attr.name=\"root\" attr.type=\"boolean\"/>"), std::string::npos);
  // Keys come before the graph.
  EXPECT_LT(g.rfind("<key "), g.find("<graph "));
}

TEST(StoryGraphml, EdgeToAnUndeclaredNodeIsLeftOut) {
  Fixture f;
  f.stemma.edges[1].child = 99;                              // not a member
  f.stemma.placeholder_edges.push_back({"unknown", 2, "x"}); // no such placeholder
  const std::string g = pl::story_graphml(f.story, f.stemma, f.rows);
  EXPECT_EQ(count(g, "<edge id="), 3u);
  EXPECT_EQ(g.find("n99"), std::string::npos);
  const std::string d = pl::story_dot(f.story, f.stemma, f.rows);
  EXPECT_EQ(d.find("n99"), std::string::npos);
}

TEST(StoryDot, EscapedStyledAndPlaceholders) {
  const Fixture f;
  const std::string d = pl::story_dot(f.story, f.stemma, f.rows);
  EXPECT_TRUE(d.starts_with("digraph \"story1\" {\n"));
  EXPECT_NE(d.find("rankdir=TB"), std::string::npos);
  EXPECT_FALSE(has_control(d, true));
  EXPECT_EQ(d.find('\r'), std::string::npos);
  // The hostile title's quotes and backslash are escaped; its '&' is an entity.
  EXPECT_NE(d.find("alert(\\\"x&amp;y\\\")"), std::string::npos);
  EXPECT_NE(d.find("line\\\\N two"), std::string::npos);
  EXPECT_EQ(d.find("\\N two"), d.find("\\\\N two") + 1);
  // Placeholder: dashed grey; its edges dotted grey; uncredited edges dashed, credited ones not.
  EXPECT_NE(d.find("\"p1\" [label=\"Politico <b>&amp;</b>\\n[not in corpus]\\npolitico.com\", style=\"rounded,dashed\""),
            std::string::npos);
  EXPECT_NE(d.find("\"p1\" -> \"n2\" [color=\"#7f7f7f\", style=dotted"), std::string::npos);
  EXPECT_NE(d.find("\"n1\" -> \"n2\" [color=\"#d62728\", label=\"98%\", tooltip="), std::string::npos);
  EXPECT_NE(d.find("\"n2\" -> \"n3\" [color=\"#ff7f0e\", label=\"50%\", style=dashed"), std::string::npos);
  EXPECT_NE(d.find("\"n3\" [label=\"#3 (no outlet)\\nThird &amp; last\\ndate unknown\""), std::string::npos);
  EXPECT_NE(d.find("legend [shape=plaintext"), std::string::npos);
  // Graphviz copies URLs into SVG unescaped: quotes and angle brackets are percent-encoded.
  EXPECT_NE(d.find("URL=\"https://example.org/1?a=1&amp;b=%3C2%3E\""), std::string::npos);
  // A tooltip's backslash is four (Graphviz unescapes tooltips twice; "\\N" would show the node name).
  EXPECT_NE(d.find("tooltip=\"<script>alert(\\\"x&amp;y\\\")</script> O'Brien, \\\"quoted\\\" line\\\\\\\\N two"), std::string::npos);
  // Lines: every statement ends the line it starts (no raw newline inside a string).
  for (std::size_t b = 0, e; (e = d.find('\n', b)) != std::string::npos; b = e + 1) {
    const std::string line = d.substr(b, e - b);
    EXPECT_TRUE(line.ends_with("{") || line.ends_with(";") || line == "}") << line;
  }
}

TEST(StoryFormat, Names) {
  EXPECT_EQ(pl::story_format_from_string("csv-nodes"), pl::StoryFormat::csv_nodes);
  EXPECT_EQ(pl::story_format_from_string("graphml"), pl::StoryFormat::graphml);
  EXPECT_EQ(pl::story_format_from_string("dot"), pl::StoryFormat::dot);
  EXPECT_EQ(pl::story_format_from_string("svg"), std::nullopt);
}
