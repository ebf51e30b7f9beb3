#include "cli/render.h"

#include "claims/claims.h"
#include "pipeline/export.h"

#include <fmt/format.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <ostream>
#include <set>
#include <span>

namespace stemma::cli {
namespace {

std::string date_of(const store::ArticleRow& a) {
  if (!a.published_utc) return "date unknown";
  std::string s = ingest::format_utc(*a.published_utc); // 2026-03-14T13:30:00Z
  return s.substr(0, 10) + " " + s.substr(11, 5) + "Z";
}

// Collapses whitespace and cuts at a code point boundary. Control characters
// (an article's title could carry terminal escape sequences) become U+FFFD.
std::string one_line(std::string_view raw, std::size_t max_chars) {
  const std::string clean = pipeline::clean_text(raw);
  const std::string_view s = clean;
  std::string out;
  std::size_t chars = 0;
  bool space = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      space = !out.empty();
      continue;
    }
    const bool lead = (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    if (lead) {
      if (chars + (space ? 1 : 0) >= max_chars) {
        out += "\u2026";
        return out;
      }
      if (space) out.push_back(' '), ++chars, space = false;
      ++chars;
    }
    out.push_back(c);
  }
  return out;
}

std::string label(const store::ArticleRow& a) {
  return fmt::format("#{} {} · {} · \"{}\"", a.id, a.outlet.empty() ? "(no outlet)" : one_line(a.outlet, 60), date_of(a),
                     one_line(a.title, 70));
}

std::string percent(double v) { return fmt::format("{:.0f}%", 100 * v); }

// Wraps text to lines of at most `width` code points.
std::vector<std::string> wrap(std::string_view text, std::size_t width) {
  std::vector<std::string> lines;
  std::string line;
  std::size_t line_chars = 0;
  std::size_t i = 0;
  const auto count = [](std::string_view w) {
    std::size_t n = 0;
    for (const char c : w) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
  };
  while (i < text.size()) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    std::size_t j = i;
    while (j < text.size() && !std::isspace(static_cast<unsigned char>(text[j]))) ++j;
    if (j == i) break;
    std::string_view word = text.substr(i, j - i);
    std::size_t wc = count(word);
    while (wc > width) { // hard-split very long words at code point boundaries
      std::size_t cut = 0, chars = 0;
      while (cut < word.size() && chars < width) {
        ++cut;
        while (cut < word.size() && (static_cast<unsigned char>(word[cut]) & 0xC0) == 0x80) ++cut;
        ++chars;
      }
      if (!line.empty()) lines.push_back(line), line.clear(), line_chars = 0;
      lines.emplace_back(word.substr(0, cut));
      word.remove_prefix(cut);
      wc = count(word);
    }
    if (line_chars + (line.empty() ? 0 : 1) + wc > width && !line.empty()) {
      lines.push_back(line);
      line.clear();
      line_chars = 0;
    }
    if (!line.empty()) line.push_back(' '), ++line_chars;
    line.append(word);
    line_chars += wc;
    i = j;
  }
  if (!line.empty()) lines.push_back(line);
  return lines;
}

std::string pad(const std::string& s, std::size_t width) {
  std::size_t chars = 0;
  for (const char c : s) chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return chars >= width ? s : s + std::string(width - chars, ' ');
}

// What changed from parent to child (claims::detect_mutations), one compact line each.
std::size_t print_mutations(std::ostream& out, const std::string& indent, const store::ArticleRow& parent, const store::ArticleRow& child,
                            std::span<const align::Passage> passages) {
  const auto muts = claims::detect_mutations(parent.body, child.body, passages, parent.title, child.title, claims::lexicon(child.language));
  constexpr std::size_t kShown = 6;
  for (std::size_t k = 0; k < muts.size(); ++k) {
    const auto& m = muts[k];
    if (k == kShown) {
      out << indent << fmt::format("change: … and {} more (--json for all)\n", muts.size() - kShown);
      break;
    }
    std::string what = m.detail;
    if (m.type == claims::MutationType::quote_altered) // the words that differ, not just that some do
      what = fmt::format("\"{}\" -> \"{}\"", one_line(m.parent_text, 50), one_line(m.child_text, 50));
    else if (what.empty() || m.type == claims::MutationType::sentence_omitted || m.type == claims::MutationType::sentence_inserted)
      what = fmt::format("{}\"{}\"", what.empty() ? "" : what + ": ", one_line(m.child_text.empty() ? m.parent_text : m.child_text, 70));
    out << indent << fmt::format("change: {} · {}\n", claims::to_string(m.type), one_line(what, 110));
  }
  return muts.size();
}

void print_edge_detail(std::ostream& out, const std::string& indent, const lineage::Edge& e, const store::ArticleRow& parent,
                       const store::ArticleRow& child) {
  out << indent
      << fmt::format("{}{} · {} of it from #{} · similarity {:.2f} · confidence {:.2f}\n", lineage::to_string(e.relation),
                     e.credited ? ", credited" : ", uncredited", percent(e.coverage), e.parent, e.similarity, e.confidence);
  std::string evidence = e.direction_evidence;
  if (e.credited && !e.credit_evidence.empty()) evidence += fmt::format("; credit: \"{}\"", one_line(e.credit_evidence, 140));
  else if (!e.passages.empty()) {
    const auto& p = *std::max_element(e.passages.begin(), e.passages.end(),
                                      [](const auto& x, const auto& y) { return x.kept_tokens < y.kept_tokens; });
    evidence += fmt::format("; shares \"{}\"", one_line(std::string_view(child.body).substr(p.b_begin, p.b_end - p.b_begin), 70));
  }
  out << indent << "evidence: " << evidence << "\n";
  print_mutations(out, indent, parent, child, e.passages);
}

} // namespace

std::size_t terminal_width() {
  if (const char* cols = std::getenv("COLUMNS")) {
    const int n = std::atoi(cols);
    if (n >= 40) return static_cast<std::size_t>(n);
  }
  winsize ws{};
  if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 40) return ws.ws_col;
  return 100;
}

void print_story_tree(std::ostream& out, const store::Store& store, const store::StoryRow& story, const lineage::Stemma& stemma) {
  std::map<std::uint32_t, store::ArticleRow> rows;
  for (const std::uint32_t id : stemma.members)
    if (auto r = store.article(id)) rows.emplace(id, std::move(*r));
  std::multimap<std::uint32_t, const lineage::Edge*> children;
  std::map<std::uint32_t, std::vector<const lineage::Edge*>> parents;
  for (const auto& e : stemma.edges) {
    children.emplace(e.parent, &e);
    parents[e.child].push_back(&e);
  }
  out << fmt::format("Story #{}: \"{}\" — {} articles, {} edges", story.id, one_line(story.title, 80), story.size, stemma.edges.size());
  if (!stemma.placeholders.empty()) out << fmt::format(", {} source(s) not in the corpus", stemma.placeholders.size());
  out << "\n\n";

  // Sources the articles cite that are not stored, each above the articles citing it.
  std::map<std::uint32_t, std::vector<std::string>> cited; // article -> names of placeholder sources
  for (const auto& p : stemma.placeholders) {
    std::vector<const lineage::PlaceholderEdge*> citing;
    for (const auto& pe : stemma.placeholder_edges)
      if (pe.placeholder == p.key && rows.contains(pe.child)) citing.push_back(&pe);
    std::stable_sort(citing.begin(), citing.end(), [&](const auto* x, const auto* y) {
      return rows.at(x->child).published_utc.value_or(INT64_MAX) < rows.at(y->child).published_utc.value_or(INT64_MAX);
    });
    out << "[not in corpus] " << one_line(p.name.empty() ? p.key : p.name, 60);
    if (!p.domain.empty()) out << " (" << one_line(p.domain, 60) << ")";
    out << "\n";
    for (std::size_t i = 0; i < citing.size(); ++i) {
      const bool last = i + 1 == citing.size();
      out << (last ? "└─ " : "├─ ") << label(rows.at(citing[i]->child)) << "\n";
      if (!citing[i]->evidence.empty())
        out << (last ? "      " : "│     ") << fmt::format("cites it: \"{}\"\n", one_line(citing[i]->evidence, 140));
      cited[citing[i]->child].push_back(one_line(p.name.empty() ? p.key : p.name, 40));
    }
    out << "\n";
  }
  const auto cites = [&](std::uint32_t id) {
    const auto it = cited.find(id);
    if (it == cited.end()) return std::string();
    std::string names;
    for (const auto& n : it->second) names += (names.empty() ? "" : ", ") + n;
    return fmt::format("  [cites {}, not in corpus]", names);
  };

  std::set<std::uint32_t> printed;
  // Roots with descendants first (origins), then lone roots (independent reports).
  std::vector<std::uint32_t> roots = stemma.roots;
  std::stable_sort(roots.begin(), roots.end(), [&](std::uint32_t x, std::uint32_t y) {
    const bool cx = children.count(x) > 0, cy = children.count(y) > 0;
    if (cx != cy) return cx;
    const auto& rx = rows.at(x);
    const auto& ry = rows.at(y);
    return rx.published_utc.value_or(INT64_MAX) < ry.published_utc.value_or(INT64_MAX);
  });
  const auto visit = [&](auto&& self, std::uint32_t id, const std::string& prefix) -> void {
    std::vector<const lineage::Edge*> kids;
    for (auto [it, end] = children.equal_range(id); it != end; ++it) kids.push_back(it->second);
    std::sort(kids.begin(), kids.end(), [&](const auto* x, const auto* y) {
      return rows.at(x->child).published_utc.value_or(INT64_MAX) < rows.at(y->child).published_utc.value_or(INT64_MAX);
    });
    for (std::size_t i = 0; i < kids.size(); ++i) {
      const lineage::Edge& e = *kids[i];
      const bool last = i + 1 == kids.size();
      const std::string branch = prefix + (last ? "└─ " : "├─ ");
      const std::string cont = prefix + (last ? "   " : "│  ");
      const auto& child = rows.at(e.child);
      const bool seen = printed.contains(e.child);
      out << branch << label(child);
      const auto& ps = parents[e.child];
      if (ps.size() > 1) {
        std::string others;
        for (const auto* p : ps)
          if (p->parent != id) others += fmt::format("{}#{}", others.empty() ? "" : ", ", p->parent);
        out << fmt::format("  [also from {}]", others);
      }
      out << cites(e.child) << "\n";
      print_edge_detail(out, cont + "   ", e, rows.at(e.parent), child);
      if (!seen) {
        printed.insert(e.child);
        self(self, e.child, cont);
      }
    }
  };
  for (const std::uint32_t root : roots) {
    const bool has_children = children.count(root) > 0;
    const char* role = root == roots.front() && has_children ? "  [origin]"
                       : has_children                        ? "  [independent source: no text from the origin]"
                                                             : "  [no parent or child found]";
    out << label(rows.at(root)) << role << cites(root) << "\n";
    printed.insert(root);
    visit(visit, root, "");
    out << "\n";
  }
}

void print_stories(std::ostream& out, const std::vector<store::StoryRow>& stories) {
  if (stories.empty()) {
    out << "no stories yet (a story needs two articles that share text)\n";
    return;
  }
  out << fmt::format("{:>6}  {:>8}  {:>5}  {:<17}  {}\n", "story", "articles", "edges", "first published", "origin");
  for (const auto& s : stories) {
    const std::string first = s.first_published ? ingest::format_utc(*s.first_published).substr(0, 16) : "unknown";
    out << fmt::format("{:>6}  {:>8}  {:>5}  {:<17}  #{} {}\n", s.id, s.size, s.edges, first, s.origin, one_line(s.title, 70));
  }
}

void print_trace(std::ostream& out, const store::Store& store, const pipeline::Trace& t) {
  const auto& a = t.article;
  out << (a.id ? label(a) : fmt::format("(not stored) {} · {} · \"{}\"", one_line(a.outlet.empty() ? a.source : a.outlet, 60), date_of(a),
                                        one_line(a.title, 70)))
      << "\n";
  if (t.sources.empty()) out << "\nNo source found: no earlier article in the store shares text with it.\n";
  const auto show = [&](const char* heading, const std::vector<lineage::Edge>& edges, bool detail) {
    if (edges.empty()) return;
    out << "\n" << heading << "\n";
    for (const auto& e : edges) {
      const auto other = store.article(e.parent);
      if (!other) continue;
      out << "  " << label(*other) << "\n";
      if (detail) print_edge_detail(out, "     ", e, *other, a);
      else out << fmt::format("     shares {} of its words in {} passage(s)\n", percent(e.coverage), e.passages.size());
      for (const auto& p : e.passages) {
        out << fmt::format("     · source chars {}–{} ↔ this chars {}–{} ({}, {} words): \"{}\"\n",
                           text::char_offset(other->body, p.a_begin), text::char_offset(other->body, p.a_end),
                           text::char_offset(a.body, p.b_begin), text::char_offset(a.body, p.b_end), align::to_string(p.kind),
                           p.b_token_count, one_line(std::string_view(a.body).substr(p.b_begin, p.b_end - p.b_begin), 60));
      }
    }
  };
  show("Sources (nearest parents):", t.sources, true);
  show("Also shares text with:", t.also_shares, false);
  if (!t.reused_by.empty()) {
    out << "\nReused by:\n";
    for (const auto& e : t.reused_by)
      if (const auto child = store.article(e.child))
        out << fmt::format("  {}  ({}, {} of it from here)\n", label(*child), lineage::to_string(e.relation), percent(e.coverage));
  }
  if (t.story_id) out << fmt::format("\nStory #{} (stemma story {})\n", t.story_id, t.story_id);
}

void print_side_by_side(std::ostream& out, const store::ArticleRow& a, const store::ArticleRow& b, const align::Alignment& al,
                        std::size_t width) {
  const std::size_t col = std::max<std::size_t>(30, (width - 3) / 2);
  const auto name = [](const store::ArticleRow& r) {
    return r.id ? fmt::format("#{} {}", r.id, one_line(r.outlet, 60)) : fmt::format("{} {}", one_line(r.source, 200), one_line(r.outlet, 60));
  };
  out << fmt::format("A: {} · \"{}\"\nB: {} · \"{}\"\n", name(a), one_line(a.title, 70), name(b), one_line(b.title, 70));
  out << fmt::format("{} shared passage(s); {} of A and {} of B reused\n", al.passages.size(), percent(al.coverage_a), percent(al.coverage_b));
  std::size_t n = 0;
  for (const auto& p : al.passages) {
    out << "\n"
        << fmt::format("Passage {}: A chars {}–{} ↔ B chars {}–{} · {} · similarity {:.2f} · {} words kept\n", ++n,
                       text::char_offset(a.body, p.a_begin), text::char_offset(a.body, p.a_end), text::char_offset(b.body, p.b_begin),
                       text::char_offset(b.body, p.b_end), align::to_string(p.kind), p.similarity, p.kept_tokens);
    const auto left = wrap(std::string_view(a.body).substr(p.a_begin, p.a_end - p.a_begin), col);
    const auto right = wrap(std::string_view(b.body).substr(p.b_begin, p.b_end - p.b_begin), col);
    out << pad("A", col) << " │ B\n" << std::string(col, '-') << "-+-" << std::string(col, '-') << "\n";
    for (std::size_t i = 0; i < std::max(left.size(), right.size()); ++i)
      out << pad(i < left.size() ? left[i] : "", col) << " │ " << (i < right.size() ? right[i] : "") << "\n";
  }
  if (!al.passages.empty()) {
    out << "\nChanges from A to B:\n";
    if (print_mutations(out, "  ", a, b, al.passages) == 0) out << "  none found\n";
  }
}

} // namespace stemma::cli
