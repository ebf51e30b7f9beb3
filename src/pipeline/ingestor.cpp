#include "pipeline/pipeline.h"

#include <algorithm>
#include <set>
#include <unordered_set>

namespace stemma::pipeline {

Ingestor::Ingestor(store::Store& store, Params params, std::size_t batch_size)
    : store_(store), params_(std::move(params)), batch_size_(std::max<std::size_t>(batch_size, 1)) {}

Ingestor::~Ingestor() = default;

void Ingestor::add(ingest::Document doc) {
  batch_.push_back(std::move(doc));
  if (batch_.size() >= batch_size_) flush();
}

std::shared_ptr<const text::Analysis> Ingestor::analysis_of(std::uint32_t id) {
  if (const auto it = cache_.find(id); it != cache_.end()) return it->second;
  const auto row = store_.article(id);
  auto analysis = std::make_shared<const text::Analysis>(text::analyze(row ? row->body : std::string()));
  if (cache_.size() > 4096) cache_.clear(); // bounded memory; re-analysis is cheap
  cache_.emplace(id, analysis);
  return analysis;
}

void Ingestor::link(std::uint32_t id, const std::string& body, const text::Analysis& analysis, const index::Sketch& sketch,
                    std::vector<std::uint32_t>& touched) {
  const std::vector<index::Posting> fp_hits = store_.fingerprints().lookup(sketch.fingerprints);
  const std::vector<index::Posting> band_hits = store_.bands().lookup(sketch.band_keys);
  for (const index::Candidate& c : index::rank_candidates(fp_hits, band_hits, params_.candidates)) {
    // Each pair is aligned once, when its later-arriving article comes in.
    if (c.doc >= id) continue;
    const auto other_row = store_.article(c.doc);
    if (!other_row) continue;
    const auto other = analysis_of(c.doc);
    align::Alignment al = align::align({other_row->body, *other}, {body, analysis}, params_.align);
    std::uint32_t kept = 0;
    for (const auto& p : al.passages) kept += p.kept_tokens;
    if (kept < params_.lineage.min_shared_words) continue;
    store_.insert_pair({c.doc, id, std::move(al)});
    ++stats_.pairs;
    const std::uint32_t story = store_.merge_stories(store_.story_of(c.doc), store_.story_of(id));
    touched.push_back(story);
  }
}

lineage::Stemma rebuild_story(store::Store& store, std::uint32_t story_id, const lineage::LineageParams& params) {
  const std::vector<store::ArticleRow> rows = store.story_articles(story_id);
  std::vector<lineage::ArticleInfo> infos;
  std::vector<std::uint32_t> ids;
  std::unordered_map<std::uint32_t, const store::ArticleRow*> by_id;
  for (const auto& r : rows) {
    infos.push_back(store::info_of(r));
    ids.push_back(r.id);
    by_id.emplace(r.id, &r);
  }
  std::vector<lineage::PairReuse> pairs;
  for (store::StoredPair& p : store.pairs_within(ids)) pairs.push_back({p.a, p.b, std::move(p.alignment)});
  lineage::Stemma s = lineage::build_stemma(
      infos, pairs, [&](std::uint32_t id) -> std::string_view { return by_id.at(id)->body; }, params);
  store.save_stemma(story_id, s);
  return s;
}

void Ingestor::flush() {
  if (batch_.empty()) return;
  std::vector<ingest::Document> docs = std::move(batch_);
  batch_.clear();

  struct Fresh {
    std::size_t doc;
    std::string hash;
    text::Analysis analysis;
    index::Sketch sketch;
    std::uint32_t id = 0;
  };
  std::vector<Fresh> fresh;
  std::unordered_set<std::string> seen;
  for (std::size_t i = 0; i < docs.size(); ++i) {
    std::string hash = docs[i].content_hash();
    std::optional<std::uint32_t> existing = store_.find_by_hash(hash);
    if (existing || seen.contains(hash)) {
      ++stats_.duplicates;
      if (on_article) on_article({&docs[i], existing.value_or(0), true});
      continue;
    }
    seen.insert(hash);
    Fresh f{i, std::move(hash), text::analyze(docs[i].body), {}, 0};
    f.sketch = index::sketch(f.analysis, params_.sketch);
    fresh.push_back(std::move(f));
  }
  if (fresh.empty()) return;

  store_.begin();
  try {
    std::vector<index::Posting> fp, bands;
    for (Fresh& f : fresh) {
      f.id = store_.insert_article(docs[f.doc], f.hash, static_cast<std::uint32_t>(f.analysis.tokens.size()));
      for (const std::uint32_t k : f.sketch.fingerprints) fp.push_back({k, f.id});
      for (const std::uint32_t k : f.sketch.band_keys) bands.push_back({k, f.id});
    }
    store_.fingerprints().add(std::move(fp));
    store_.bands().add(std::move(bands));
    std::vector<std::uint32_t> touched;
    for (const Fresh& f : fresh) link(f.id, docs[f.doc].body, f.analysis, f.sketch, touched);
    // Merges may have renamed stories touched earlier in the batch: resolve through members.
    std::set<std::uint32_t> stories;
    for (const Fresh& f : fresh) {
      const std::uint32_t s = store_.story_of(f.id);
      if (s != f.id) stories.insert(s); // linked to an earlier article
    }
    for (const std::uint32_t s : stories) rebuild_story(store_, s, params_.lineage);
    store_.fingerprints().compact();
    store_.bands().compact();
    store_.commit();
  } catch (...) {
    store_.rollback();
    cache_.clear(); // ids of the rolled-back batch will be reused
    throw;
  }
  ++stats_.batches;
  for (const Fresh& f : fresh) {
    ++stats_.added;
    stats_.bytes += docs[f.doc].body.size();
    if (on_article) on_article({&docs[f.doc], f.id, false});
  }
}

} // namespace stemma::pipeline
