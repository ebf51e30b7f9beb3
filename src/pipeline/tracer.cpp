#include "pipeline/pipeline.h"

#include <algorithm>
#include <set>
#include <unordered_map>

namespace stemma::pipeline {
namespace {

// A stored pair's alignment seen from article `from` (stored oriented min -> max).
align::Alignment oriented(const store::StoredPair& p, std::uint32_t from) {
  return p.a == from ? p.alignment : align::flipped(p.alignment);
}

lineage::Edge plain_edge(std::uint32_t parent, std::uint32_t child, const align::Alignment& al) {
  lineage::Edge e;
  e.parent = parent;
  e.child = child;
  e.coverage = al.coverage_b;
  e.passages = al.passages;
  e.similarity = align::similarity(al);
  return e;
}

} // namespace

std::optional<std::uint32_t> resolve_article(const store::Store& store, const std::string& ref) {
  std::string_view s = ref;
  if (!s.empty() && s.front() == '#') s.remove_prefix(1);
  if (!s.empty() && s.size() <= 9 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    const auto id = static_cast<std::uint32_t>(std::stoul(std::string(s)));
    if (store.article(id)) return id;
  }
  if (auto id = store.find_by_url(ref)) return id;
  return store.find_by_external_id(ref);
}

Trace trace_stored(const store::Store& store, std::uint32_t id, const Params&) {
  Trace t;
  const auto row = store.article(id);
  if (!row) return t;
  t.article = *row;
  t.story_id = row->story_id;
  const lineage::Stemma s = store.stemma(row->story_id);
  std::set<std::uint32_t> linked;
  for (const lineage::Edge& e : s.edges) {
    if (e.child == id) t.sources.push_back(e), linked.insert(e.parent);
    else if (e.parent == id) t.reused_by.push_back(e), linked.insert(e.child);
  }
  for (const std::uint32_t other : store.partners(id)) {
    if (linked.contains(other)) continue;
    const auto p = store.pair(other, id);
    if (!p) continue;
    // Not a nearest parent or child: listed only if it came earlier (by date,
    // else arrival); later ones sit further down the stemma.
    const auto other_row = store.article(other);
    if (!other_row) continue;
    const bool earlier = (other_row->published_utc && row->published_utc) ? *other_row->published_utc < *row->published_utc
                                                                          : other < id;
    if (earlier) t.also_shares.push_back(plain_edge(other, id, oriented(*p, other)));
  }
  return t;
}

Trace trace_document(const store::Store& store, const ingest::Document& doc, const Params& params, SharedAnalyses* shared) {
  Trace t;
  t.article.title = doc.title;
  t.article.url = doc.url;
  t.article.outlet = doc.outlet;
  t.article.body = doc.body;
  t.article.source = doc.source;
  t.article.published_raw = doc.published_raw;
  if (doc.published) {
    t.article.published_utc = doc.published->utc_seconds;
    t.article.published_has_time = doc.published->has_time;
    t.article.published_has_zone = doc.published->has_zone;
  }
  const text::Analysis& analysis = *(t.analyses[0] = std::make_shared<const text::Analysis>(text::analyze(doc.body)));
  t.article.tokens = static_cast<std::uint32_t>(analysis.tokens.size());
  const index::Sketch sketch = index::sketch(analysis, params.sketch);
  const auto candidates = index::rank_candidates(store.fingerprints().lookup(sketch.fingerprints),
                                                 store.bands().lookup(sketch.band_keys), params.candidates);
  std::vector<std::pair<lineage::ArticleInfo, align::Alignment>> reuse;
  std::unordered_map<std::uint32_t, std::string> bodies; // of the sources kept
  for (const index::Candidate& c : candidates) {
    const auto row = store.article(c.doc);
    if (!row) continue;
    std::shared_ptr<const text::Analysis> other =
        shared ? shared->of(row->id, row->body) : std::make_shared<const text::Analysis>(text::analyze(row->body));
    align::Alignment al = align::align({row->body, *other}, {doc.body, analysis}, params.align);
    if (align::kept_words(al) < params.lineage.min_shared_words) continue;
    reuse.emplace_back(store::info_of(*row), std::move(al));
    bodies.emplace(row->id, row->body);
    t.analyses.emplace(c.doc, std::move(other));
  }
  lineage::ArticleInfo self = store::info_of(t.article);
  for (const ingest::Link& l : doc.links) self.links.push_back(l.url);
  self.id = UINT32_MAX; // not stored: it arrived after everything in the store
  t.sources = lineage::nearest_sources(self, doc.body, reuse, [&](std::uint32_t id) { return std::string_view(bodies.at(id)); }, params.lineage);
  for (auto& e : t.sources) e.child = 0;
  std::set<std::uint32_t> chosen;
  for (const auto& e : t.sources) chosen.insert(e.parent);
  for (const auto& [info, al] : reuse)
    if (!chosen.contains(info.id)) t.also_shares.push_back(plain_edge(info.id, 0, al));
  std::sort(t.also_shares.begin(), t.also_shares.end(), [](const auto& x, const auto& y) { return x.coverage > y.coverage; });
  return t;
}

} // namespace stemma::pipeline
