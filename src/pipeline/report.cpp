#include "pipeline/pipeline.h"

#include <algorithm>

namespace stemma::pipeline {
namespace {

// A snippet cut at a UTF-8 boundary, with an ellipsis when shortened.
std::string snippet(std::string_view text, std::size_t max_bytes) {
  if (max_bytes == 0 || text.size() <= max_bytes) return std::string(text);
  std::size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut)) + "\u2026";
}

nlohmann::json side_json(std::string_view body, std::uint32_t begin, std::uint32_t end, std::size_t max_snippet) {
  begin = std::min<std::uint32_t>(begin, static_cast<std::uint32_t>(body.size()));
  end = std::clamp<std::uint32_t>(end, begin, static_cast<std::uint32_t>(body.size()));
  return {{"begin", text::char_offset(body, begin)},
          {"end", text::char_offset(body, end)},
          {"byte_begin", begin},
          {"byte_end", end},
          {"text", snippet(body.substr(begin, end - begin), max_snippet)}};
}

// A passage's spans and figures, its two sides named `first` and `second`
// ("parent"/"child" on a stemma edge, "a"/"b" between two texts).
nlohmann::json passage_sides_json(const align::Passage& p, std::string_view first_body, std::string_view second_body,
                                  std::size_t max_snippet, const std::string& first, const std::string& second) {
  return {{first, side_json(first_body, p.a_begin, p.a_end, max_snippet)},
          {second, side_json(second_body, p.b_begin, p.b_end, max_snippet)},
          {first + "_words", p.a_token_count},
          {second + "_words", p.b_token_count},
          {"kept_words", p.kept_tokens},
          {"similarity", p.similarity},
          {"kind", align::to_string(p.kind)},
          {first + "_quoted", p.a_quoted},
          {second + "_quoted", p.b_quoted}};
}

nlohmann::json signals_json(const lineage::Edge& e) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& s : e.signals) out.push_back({{"kind", lineage::to_string(s.kind)}, {"weight", s.weight}, {"detail", s.detail}});
  return out;
}

nlohmann::json innovations_json(const lineage::Edge& e) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& i : e.shared_innovations) out.push_back({{"ancestor", i.ancestor}, {"ancestor_text", i.ancestor_text}, {"text", i.text}});
  return out;
}

} // namespace

nlohmann::json article_json(const store::ArticleRow& a, bool with_body) {
  nlohmann::json j = {{"id", a.id},          {"title", a.title},   {"outlet", a.outlet}, {"url", a.url},
                      {"words", a.tokens},   {"source", a.source}, {"external_id", a.external_id}};
  j["published"] = a.published_utc ? nlohmann::json(ingest::format_utc(*a.published_utc)) : nlohmann::json(nullptr);
  j["published_raw"] = a.published_raw;
  const auto date = [](const std::optional<std::int64_t>& t) { return t ? nlohmann::json(ingest::format_utc(*t)) : nlohmann::json(nullptr); };
  j["modified"] = date(a.modified_utc);
  j["fetched"] = date(a.fetched_utc);
  j["byline"] = a.byline;
  j["canonical_url"] = a.canonical_url;
  j["language"] = a.language;
  if (a.story_id) j["story"] = a.story_id;
  if (with_body) j["body"] = a.body;
  return j;
}

nlohmann::json passage_json(const align::Passage& p, std::string_view parent_body, std::string_view child_body, std::size_t max_snippet) {
  return passage_sides_json(p, parent_body, child_body, max_snippet, "parent", "child");
}

nlohmann::json pair_passage_json(const align::Passage& p, std::string_view a_body, std::string_view b_body, std::size_t max_snippet) {
  // Figures that only a fresh alignment has (the store keeps the ones above).
  nlohmann::json j = passage_sides_json(p, a_body, b_body, max_snippet, "a", "b");
  j["synonym_words"] = p.synonym_tokens;
  j["canonical_similarity"] = p.canonical_similarity;
  j["content_overlap"] = p.content_overlap;
  j["rewrite"] = align::rewrite_score(p);
  return j;
}

nlohmann::json edits_json(const text::Analysis& a, const text::Analysis& b, const align::Passage& p) {
  nlohmann::json edits = nlohmann::json::array();
  for (const auto& e : align::passage_edits(a, b, p)) {
    nlohmann::json ej = {{"op", align::to_string(e.op)}};
    if (e.op != align::EditOp::insert) ej["a"] = a.forms[e.a];
    if (e.op != align::EditOp::remove) ej["b"] = b.forms[e.b];
    edits.push_back(std::move(ej));
  }
  return edits;
}

namespace {

// Analyses of article bodies, each made once per view (mutations need them for every edge).
// Keyed by article id (0: the one unstored article a trace is about); `known` ones are not remade,
// and stored articles' come from `shared` (kept across views) when given.
// Also the mutation detector's memo of the same texts, shared by the view's edges (the analyses
// it refers to live as long as the cache, and are never replaced).
class AnalysisCache {
public:
  using Known = std::unordered_map<std::uint32_t, std::shared_ptr<const text::Analysis>>;
  explicit AnalysisCache(const Known* known = nullptr, SharedAnalyses* shared = nullptr) : known_(known), shared_(shared) {}
  const text::Analysis& of(const store::ArticleRow& row) {
    if (known_)
      if (const auto k = known_->find(row.id); k != known_->end()) return *k->second;
    auto it = cache_.find(row.id);
    if (it == cache_.end())
      it = cache_.emplace(row.id, shared_ && row.id != 0 ? shared_->of(row.id, row.body)
                                                         : std::make_shared<const text::Analysis>(text::analyze(row.body))).first;
    return *it->second;
  }
  claims::SpinMemo* spin_memo() {
    if (!spin_memo_) spin_memo_ = claims::make_spin_memo();
    return spin_memo_.get();
  }

private:
  std::shared_ptr<claims::SpinMemo> spin_memo_; // keyed by the analyses (never dereferenced when destroyed)
  const Known* known_;
  SharedAnalyses* shared_;
  Known cache_;
};

nlohmann::json edge_json(const lineage::Edge& e, const store::ArticleRow& parent, const store::ArticleRow& child, AnalysisCache& analyses,
                         std::size_t max_snippet = 240, bool with_mutations = true) {
  nlohmann::json passages = nlohmann::json::array();
  for (const auto& p : e.passages) passages.push_back(passage_json(p, parent.body, child.body, max_snippet));
  nlohmann::json j = {{"parent", e.parent},
          {"child", e.child},
          {"relation", lineage::to_string(e.relation)},
          {"credited", e.credited},
          {"coverage", e.coverage},
          {"similarity", e.similarity},
          {"confidence", e.confidence},
          {"credit_kind", e.credit_kind},
          {"evidence", {{"direction", e.direction_evidence}, {"credit", e.credit_evidence}, {"signals", signals_json(e)},
                        {"shared_innovations", innovations_json(e)}}},
          {"passages", passages}};
  if (with_mutations) j["mutations"] = edge_mutations_json(e, parent, child, analyses.of(parent), analyses.of(child), analyses.spin_memo());
  return j;
}

} // namespace

nlohmann::json edge_json(const lineage::Edge& e, const store::ArticleRow& parent, const store::ArticleRow& child, std::size_t max_snippet) {
  AnalysisCache analyses;
  return edge_json(e, parent, child, analyses, max_snippet);
}

nlohmann::json story_json(const store::Store& store, const store::StoryRow& story, const lineage::Stemma& stemma,
                          SharedAnalyses* shared) {
  std::unordered_map<std::uint32_t, store::ArticleRow> rows;
  nlohmann::json articles = nlohmann::json::array();
  for (const std::uint32_t id : stemma.members) {
    if (auto r = store.article(id)) {
      articles.push_back(article_json(*r));
      rows.emplace(id, std::move(*r));
    }
  }
  nlohmann::json edges = nlohmann::json::array();
  AnalysisCache analyses(nullptr, shared);
  for (const auto& e : stemma.edges)
    if (rows.contains(e.parent) && rows.contains(e.child)) edges.push_back(edge_json(e, rows.at(e.parent), rows.at(e.child), analyses));
  nlohmann::json placeholders = nlohmann::json::array(), placeholder_edges = nlohmann::json::array();
  for (const auto& p : stemma.placeholders) placeholders.push_back({{"key", p.key}, {"name", p.name}, {"domain", p.domain}});
  for (const auto& e : stemma.placeholder_edges)
    placeholder_edges.push_back({{"placeholder", e.placeholder}, {"child", e.child}, {"credited", true}, {"evidence", e.evidence}});
  nlohmann::json j = {{"id", story.id},  {"title", story.title}, {"size", story.size},     {"origin", story.origin},
                      {"roots", stemma.roots}, {"articles", articles}, {"edges", edges},
                      {"placeholders", placeholders}, {"placeholder_edges", placeholder_edges}};
  j["mutation_summary"] = mutation_summary_json(edges, [&](std::uint32_t id) { return std::string_view(rows.at(id).body); });
  return j;
}

nlohmann::json trace_json(const store::Store& store, const Trace& t, bool also_shares_mutations, SharedAnalyses* shared) {
  nlohmann::json j;
  j["article"] = article_json(t.article);
  AnalysisCache analyses(&t.analyses, shared);
  j["article"]["claims"] = article_claims_json(t.article, analyses.of(t.article), analyses.spin_memo());
  j["stored"] = t.article.id != 0;
  const auto edges = [&](const std::vector<lineage::Edge>& list, bool as_child, bool with_mutations = true) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& e : list) {
      const std::uint32_t other_id = as_child ? e.parent : e.child;
      const auto other = store.article(other_id);
      if (!other) continue;
      nlohmann::json ej = as_child ? edge_json(e, *other, t.article, analyses, 240, with_mutations)
                                   : edge_json(e, t.article, *other, analyses, 240, with_mutations);
      ej["article"] = article_json(*other);
      out.push_back(std::move(ej));
    }
    return out;
  };
  j["sources"] = edges(t.sources, true);
  j["also_shares"] = edges(t.also_shares, true, also_shares_mutations);
  for (auto& e : j["also_shares"]) // not lineage edges: no relation or verdict to report
    for (const char* key : {"relation", "credited", "credit_kind", "confidence", "evidence"}) e.erase(key);
  j["reused_by"] = edges(t.reused_by, false);
  if (t.story_id) j["story"] = t.story_id;
  return j;
}

} // namespace stemma::pipeline
