#include "pipeline/parallel.h"
#include "pipeline/pipeline.h"

#include <algorithm>
#include <deque>
#include <list>
#include <map>
#include <semaphore>
#include <set>
#include <unordered_set>

#include <xxhash.h>

namespace stemma::pipeline {

Prepared prepare(ingest::Document doc, const Params& params) {
  Prepared p;
  p.analysis = text::analyze(doc.body);
  p.sketch = index::sketch(p.analysis, params.sketch);
  p.doc = std::move(doc);
  return p;
}

void process_inputs(const std::vector<std::string>& paths, const ingest::ReadOptions& read, const Params& params,
                    unsigned threads, const std::function<void(InputItem&&)>& consume,
                    const std::function<void(std::uint64_t)>& progress, std::size_t in_flight) {
  struct Work {
    std::uint64_t seq;
    std::optional<ingest::RawRecord> record;
    std::optional<ingest::Problem> problem;
  };
  struct Done {
    std::uint64_t seq;
    InputItem item;
  };
  BoundedQueue<Work> work(in_flight);
  BoundedQueue<Done> done(in_flight + threads + 1);
  std::counting_semaphore<> budget(static_cast<std::ptrdiff_t>(in_flight));
  std::atomic<std::uint64_t> bytes{0};
  std::atomic<bool> stop{false};

  std::jthread reader([&] {
    std::uint64_t seq = 0;
    ingest::RecordSink sink;
    sink.record = [&](ingest::RawRecord&& r) {
      budget.acquire();
      work.push({seq++, std::move(r), std::nullopt});
    };
    sink.problem = [&](ingest::Problem&& p) {
      budget.acquire();
      work.push({seq++, std::nullopt, std::move(p)});
    };
    sink.progress = [&](std::uint64_t b) { bytes = b; };
    try {
      if (!stop) ingest::read_records(paths, read, sink);
    } catch (...) {
    }
    work.close();
  });

  const unsigned n_workers = std::max(1u, threads);
  std::atomic<unsigned> running{n_workers};
  std::vector<std::jthread> workers;
  for (unsigned t = 0; t < n_workers; ++t) {
    workers.emplace_back([&] {
      while (auto w = work.pop()) {
        Done d{w->seq, {}};
        if (w->problem) {
          d.item.problems.push_back(std::move(*w->problem));
        } else {
          ingest::Sink sink;
          sink.document = [&](ingest::Document&& doc) {
            try {
              d.item.documents.push_back(prepare(std::move(doc), params));
            } catch (const std::exception& e) {
              d.item.problems.push_back({ingest::Severity::error, w->record->source, std::string("analysis failed: ") + e.what()});
            }
          };
          sink.problem = [&](ingest::Problem&& p) { d.item.problems.push_back(std::move(p)); };
          try {
            ingest::convert(std::move(*w->record), read, sink);
          } catch (const std::exception& e) {
            d.item.problems.push_back({ingest::Severity::error, w->record->source, e.what()});
          }
        }
        done.push(std::move(d));
      }
      if (--running == 0) done.close();
    });
  }

  // Re-sequence on the calling thread.
  std::map<std::uint64_t, InputItem> pending;
  std::uint64_t next = 0;
  std::exception_ptr error;
  while (auto d = done.pop()) {
    pending.emplace(d->seq, std::move(d->item));
    for (auto it = pending.find(next); it != pending.end(); it = pending.find(next)) {
      InputItem item = std::move(it->second);
      pending.erase(it);
      ++next;
      budget.release();
      if (!error) {
        try {
          consume(std::move(item));
        } catch (...) {
          error = std::current_exception();
          stop = true;
          work.close(); // readers and workers wind down; the rest is dropped
        }
      }
      if (progress) progress(bytes);
    }
  }
  // Release anything the reader may still wait for, then join.
  budget.release(static_cast<std::ptrdiff_t>(in_flight));
  work.close();
  workers.clear();
  reader.join();
  if (error) std::rethrow_exception(error);
}

Ingestor::Ingestor(store::Store& store, Params params, std::size_t batch_size, unsigned threads)
    : store_(store), params_(std::move(params)), batch_size_(std::max<std::size_t>(batch_size, 1)),
      threads_(std::max(1u, threads)), analyses_(params_.analysis_cache_tokens) {}

Ingestor::~Ingestor() = default;

void Ingestor::add(ingest::Document doc) { add(prepare(std::move(doc), params_)); }

void Ingestor::add(Prepared prepared) {
  batch_.push_back(std::move(prepared));
  if (batch_.size() >= batch_size_) flush();
}

std::shared_ptr<const text::Analysis> RecentAnalyses::find(std::uint32_t id) {
  const auto it = where_.find(id);
  if (it == where_.end()) return nullptr;
  order_.splice(order_.begin(), order_, it->second); // now the most recent
  return it->second->analysis;
}

std::shared_ptr<const text::Analysis> RecentAnalyses::find(std::uint32_t id, std::uint64_t hash) {
  const auto it = where_.find(id);
  if (it == where_.end() || it->second->body_hash != hash) return nullptr;
  order_.splice(order_.begin(), order_, it->second);
  return it->second->analysis;
}

void RecentAnalyses::put(std::uint32_t id, std::shared_ptr<const text::Analysis> analysis, std::uint64_t hash) {
  if (!analysis || max_tokens_ == 0) return;
  if (const auto it = where_.find(id); it != where_.end()) {
    if (it->second->body_hash != hash) { // another text under the same id: replace it
      tokens_ -= it->second->analysis->tokens.size() + 1;
      tokens_ += analysis->tokens.size() + 1;
      it->second->body_hash = hash;
      it->second->analysis = std::move(analysis);
    }
    order_.splice(order_.begin(), order_, it->second);
  } else {
    tokens_ += analysis->tokens.size() + 1;
    order_.push_front({id, hash, std::move(analysis)});
    where_.emplace(id, order_.begin());
  }
  while (tokens_ > max_tokens_ && order_.size() > 1) {
    tokens_ -= order_.back().analysis->tokens.size() + 1;
    where_.erase(order_.back().id);
    order_.pop_back();
  }
}

std::uint64_t body_hash(std::string_view body) { return XXH3_64bits(body.data(), body.size()); }

std::shared_ptr<const text::Analysis> SharedAnalyses::of(std::uint32_t id, std::string_view body) {
  const std::uint64_t hash = body_hash(body);
  {
    const std::lock_guard lock(mutex_);
    if (auto found = recent_.find(id, hash)) {
      ++hits_;
      return found;
    }
    ++misses_;
  }
  // Two requests missing the same article at once both analyse it; the second put keeps one.
  auto made = std::make_shared<const text::Analysis>(text::analyze(body));
  const std::lock_guard lock(mutex_);
  recent_.put(id, made, hash);
  return made;
}

SharedAnalyses::Stats SharedAnalyses::stats() const {
  const std::lock_guard lock(mutex_);
  return {hits_, misses_, recent_.size(), recent_.tokens()};
}

lineage::Stemma rebuild_story(store::Store& store, std::uint32_t story_id, const lineage::LineageParams& params,
                              const lineage::AnalysisLookup& known_analysis) {
  const std::vector<store::ArticleRow> rows = store.story_articles(story_id);
  std::vector<lineage::ArticleInfo> infos;
  std::vector<std::uint32_t> ids;
  std::unordered_map<std::uint32_t, const store::ArticleRow*> by_id;
  for (const auto& r : rows) {
    infos.push_back(store::info_of(r));
    for (const ingest::Link& l : store.links(r.id)) infos.back().links.push_back(l.url);
    ids.push_back(r.id);
    by_id.emplace(r.id, &r);
  }
  std::vector<lineage::PairReuse> pairs;
  for (store::StoredPair& p : store.pairs_within(ids)) pairs.push_back({p.a, p.b, std::move(p.alignment)});
  lineage::Stemma s = lineage::build_stemma(
      infos, pairs, [&](std::uint32_t id) -> std::string_view { return by_id.at(id)->body; }, params, known_analysis);
  store.save_stemma(story_id, s);
  return s;
}

void Ingestor::flush() {
  if (batch_.empty()) return;
  std::vector<Prepared> docs = std::move(batch_);
  batch_.clear();

  // Drop what is already stored (same content), reporting it.
  std::vector<std::size_t> fresh;
  std::vector<std::string> hashes(docs.size());
  std::unordered_set<std::string> seen;
  for (std::size_t i = 0; i < docs.size(); ++i) {
    hashes[i] = docs[i].doc.content_hash();
    const std::optional<std::uint32_t> existing = store_.find_by_hash(hashes[i]);
    if (existing || seen.contains(hashes[i])) {
      ++stats_.duplicates;
      if (on_article) on_article({&docs[i].doc, existing.value_or(0), true});
      continue;
    }
    seen.insert(hashes[i]);
    fresh.push_back(i);
  }
  if (fresh.empty()) return;

  std::vector<std::uint32_t> ids(docs.size(), 0);
  store_.begin();
  try {
    std::vector<index::Posting> fp, bands;
    for (const std::size_t i : fresh) {
      ids[i] = store_.insert_article(docs[i].doc, hashes[i], static_cast<std::uint32_t>(docs[i].analysis.tokens.size()));
      for (const std::uint32_t k : docs[i].sketch.fingerprints) fp.push_back({k, ids[i]});
      for (const std::uint32_t k : docs[i].sketch.band_keys) bands.push_back({k, ids[i]});
    }
    store_.fingerprints().add(std::move(fp));
    store_.bands().add(std::move(bands));

    // Candidate pairs: each pair is aligned once, when its later article arrives.
    struct Task {
      std::size_t doc;        // index into docs
      std::uint32_t other;    // earlier article id
      align::Alignment result;
    };
    std::vector<Task> tasks;
    std::unordered_map<std::uint32_t, std::size_t> batch_index;
    for (const std::size_t i : fresh) batch_index.emplace(ids[i], i);
    // One lookup for the whole batch (an ordered pass over the index), then
    // each article's hits picked out of it.
    const auto batch_lookup = [&](store::PostingTable& table, std::vector<std::uint32_t> index::Sketch::*keys_of) {
      std::vector<std::uint32_t> keys;
      for (const std::size_t i : fresh) keys.insert(keys.end(), (docs[i].sketch.*keys_of).begin(), (docs[i].sketch.*keys_of).end());
      std::sort(keys.begin(), keys.end());
      keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
      std::unordered_map<std::uint32_t, std::vector<std::uint32_t>> docs_by_key;
      for (const index::Posting& p : table.lookup(keys)) docs_by_key[p.key].push_back(p.doc);
      return docs_by_key;
    };
    const auto fp_index = batch_lookup(store_.fingerprints(), &index::Sketch::fingerprints);
    const auto band_index = batch_lookup(store_.bands(), &index::Sketch::band_keys);
    const auto hits = [](const auto& by_key, const std::vector<std::uint32_t>& keys) {
      std::vector<index::Posting> out;
      for (const std::uint32_t k : keys)
        if (const auto it = by_key.find(k); it != by_key.end())
          for (const std::uint32_t d : it->second) out.push_back({k, d});
      return out;
    };
    for (const std::size_t i : fresh) {
      const auto fp_hits = hits(fp_index, docs[i].sketch.fingerprints);
      const auto band_hits = hits(band_index, docs[i].sketch.band_keys);
      for (const index::Candidate& c : index::rank_candidates(fp_hits, band_hits, params_.candidates))
        if (c.doc < ids[i]) tasks.push_back({i, c.doc, {}});
    }
    // Texts of earlier articles outside the batch, analysed in parallel.
    struct Other {
      std::optional<store::ArticleRow> row;
      std::shared_ptr<const text::Analysis> analysis;
      std::uint32_t story = 0; // before this batch's merges
      std::string_view body() const { return row ? std::string_view(row->body) : std::string_view(); }
    };
    std::unordered_map<std::uint32_t, Other> others;
    for (const Task& t : tasks)
      if (!batch_index.contains(t.other) && !others.contains(t.other))
        others.emplace(t.other, Other{store_.article(t.other), analyses_.find(t.other), store_.story_of(t.other)});
    std::vector<Other*> to_analyse;
    for (auto& [id, o] : others)
      if (!o.analysis) to_analyse.push_back(&o);
    stats_.candidates_analysed += to_analyse.size();
    stats_.candidates_cached += others.size() - to_analyse.size();
    parallel_for(to_analyse.size(), threads_, [&](std::size_t k) {
      to_analyse[k]->analysis = std::make_shared<const text::Analysis>(text::analyze(to_analyse[k]->body()));
    });
    parallel_for(tasks.size(), threads_, [&](std::size_t k) {
      Task& t = tasks[k];
      const Prepared& self = docs[t.doc];
      if (const auto it = batch_index.find(t.other); it != batch_index.end()) {
        const Prepared& o = docs[it->second];
        t.result = align::align({o.doc.body, o.analysis}, {self.doc.body, self.analysis}, params_.align);
      } else {
        const Other& o = others.at(t.other);
        t.result = align::align({o.body(), *o.analysis}, {self.doc.body, self.analysis}, params_.align);
      }
    });

    std::set<std::uint32_t> stories;
    std::unordered_map<std::size_t, std::vector<const Task*>> kept_tasks; // by doc
    for (Task& t : tasks) {
      if (align::kept_words(t.result) < params_.lineage.min_shared_words) continue;
      store_.insert_pair({t.other, ids[t.doc], t.result});
      ++stats_.pairs;
      store_.merge_stories(store_.story_of(t.other), store_.story_of(ids[t.doc]));
      kept_tasks[t.doc].push_back(&t);
    }
    // Stories that gained links, under their final (merged) ids.
    for (const std::size_t i : fresh) {
      const std::uint32_t s = store_.story_of(ids[i]);
      if (s != ids[i]) stories.insert(s);
    }
    // The batch's articles and their candidates are analysed already, and so are recent batches'.
    std::deque<std::shared_ptr<const text::Analysis>> rebuild_analyses; // held while rebuilds use them
    const lineage::AnalysisLookup known = [&](std::uint32_t id) -> const text::Analysis* {
      if (const auto it = batch_index.find(id); it != batch_index.end()) return &docs[it->second].analysis;
      if (const auto it = others.find(id); it != others.end()) return it->second.analysis.get();
      if (const auto cached = analyses_.find(id)) return rebuild_analyses.emplace_back(cached).get();
      return nullptr;
    };
    // The story's origin as build_stemma picks it (the earliest dated article sharing text with at
    // least half of the others) without the `absent` articles of this batch (their pairs not
    // counted either); nullopt when the scan would be long (then the story is rebuilt).
    const auto origin_of_story = [&](const std::vector<std::pair<std::uint32_t, std::optional<std::int64_t>>>& dates,
                                     const std::set<std::uint32_t>& absent) -> std::optional<std::uint32_t> {
      std::unordered_map<std::uint32_t, std::uint32_t> absent_pairs; // member -> its pairs with absent articles
      for (const auto& [doc, mine] : kept_tasks) // a pair is kept under its later article
        for (const Task* t : mine) {
          if (absent.contains(ids[doc])) ++absent_pairs[t->other];
          if (absent.contains(t->other)) ++absent_pairs[ids[doc]];
        }
      const std::size_t members = dates.size() - absent.size();
      int scanned = 0;
      for (const auto& [id, published] : dates) {
        if (!published) break; // undated last
        if (absent.contains(id)) continue;
        if (++scanned > 32) return std::nullopt;
        std::uint32_t partners = store_.partner_count(id);
        if (const auto it = absent_pairs.find(id); it != absent_pairs.end()) partners -= it->second;
        if (lineage::may_be_origin(partners, members)) return id;
      }
      return std::nullopt;
    };
    // Grows a story by one of this batch's articles (`doc`) as if the batch's articles were
    // added one at a time in id order: `later` are the story's newcomers after it, not yet in.
    // Its partners are earlier articles of the story before the batch, or newcomers before it.
    // `dates`: the story's members (all of the batch's newcomers in), as story_member_dates gives them.
    const auto extend_story = [&](std::uint32_t story, std::size_t doc, const std::set<std::uint32_t>& later,
                                  const std::vector<std::pair<std::uint32_t, std::optional<std::int64_t>>>& dates) -> bool {
      const auto& mine = kept_tasks[doc];
      if (mine.empty()) return false;
      std::set<std::uint32_t> partner_ids;
      for (const Task* t : mine) {
        if (!batch_index.contains(t->other)) {
          const auto it = others.find(t->other);
          if (it == others.end() || !it->second.row) return false;
          if (it->second.story != story) return false; // stories merged: rebuild
        }
        partner_ids.insert(t->other);
      }
      std::set<std::uint32_t> absent_before = later;
      absent_before.insert(ids[doc]);
      const auto old_origin = origin_of_story(dates, absent_before);
      const auto new_origin = origin_of_story(dates, later);
      if (!old_origin || old_origin != new_origin) return false;
      const auto member = [&](const store::ArticleRow& row, std::string_view body, const text::Analysis* analysis) {
        lineage::StoryGrowth::Member m;
        m.info = store::info_of(row);
        for (const ingest::Link& l : store_.links(row.id)) m.info.links.push_back(l.url);
        m.body = body;
        m.analysis = analysis;
        return m;
      };
      // The batch's own rows are read back (inserted in this transaction); the others' are at hand.
      const auto newcomer = [&](std::uint32_t id, std::size_t i) -> std::optional<lineage::StoryGrowth::Member> {
        const auto row = store_.article(id);
        if (!row) return std::nullopt;
        return member(*row, docs[i].doc.body, &docs[i].analysis);
      };
      lineage::StoryGrowth g;
      auto child = newcomer(ids[doc], doc);
      if (!child) return false;
      g.child = std::move(*child);
      g.origin = *new_origin;
      g.placeholders = store_.story_placeholders(story);
      std::vector<align::Alignment> from_origin; // owned here: the growth refers to them
      from_origin.reserve(mine.size());
      for (const Task* t : mine) {
        std::optional<lineage::StoryGrowth::Member> m;
        if (const auto it = batch_index.find(t->other); it != batch_index.end()) {
          m = newcomer(t->other, it->second);
        } else {
          const Other& o = others.at(t->other); // row checked above
          m = member(*o.row, o.body(), o.analysis.get());
        }
        if (!m) return false;
        lineage::StoryGrowth::Partner p;
        p.member = std::move(*m);
        p.to_child = &t->result; // stored oriented earlier -> new
        if (partner_ids.contains(g.origin) && t->other != g.origin) {
          if (auto pair = store_.pair(g.origin, t->other)) {
            from_origin.push_back(g.origin < t->other ? std::move(pair->alignment) : align::flipped(pair->alignment));
            p.from_origin = &from_origin.back();
          }
        }
        g.partners.push_back(std::move(p));
      }
      std::deque<align::Alignment> between; // owned here: extend_stemma refers to them
      std::map<std::pair<std::uint32_t, std::uint32_t>, const align::Alignment*> between_of;
      g.pair_between = [&](std::uint32_t x, std::uint32_t y, bool& x_is_a) -> const align::Alignment* {
        x_is_a = x < y; // stored oriented min -> max
        const auto key = std::minmax(x, y);
        if (const auto it = between_of.find(key); it != between_of.end()) return it->second;
        const align::Alignment* al = nullptr;
        if (auto pair = store_.pair(x, y)) al = &between.emplace_back(std::move(pair->alignment));
        between_of.emplace(key, al);
        return al;
      };
      const auto edges = lineage::extend_stemma(g, params_.lineage);
      if (!edges) return false;
      store_.add_edges(story, *edges);
      return true;
    };
    // A story that this batch's articles joined, each later than all it reuses, grows by their
    // edges, one article at a time; any other story is rebuilt whole (also when one of them
    // declines after others were added: the rebuild replaces their edges).
    std::unordered_map<std::uint32_t, std::vector<std::size_t>> joined; // story -> fresh docs in it
    for (const std::size_t i : fresh) joined[store_.story_of(ids[i])].push_back(i);
    for (const std::uint32_t s : stories) {
      auto& in = joined[s];
      std::sort(in.begin(), in.end(), [&](std::size_t x, std::size_t y) { return ids[x] < ids[y]; });
      std::set<std::uint32_t> later;
      for (const std::size_t i : in) later.insert(ids[i]);
      const auto dates = store_.story_member_dates(s); // once: the batch's newcomers are all stored
      bool extended = true;
      for (const std::size_t i : in) {
        later.erase(ids[i]);
        if (!extend_story(s, i, later, dates)) {
          extended = false;
          break;
        }
      }
      if (extended) {
        ++stats_.stories_extended;
        continue;
      }
      rebuild_story(store_, s, params_.lineage, known);
      ++stats_.stories_rebuilt;
    }
    store_.fingerprints().compact();
    store_.bands().compact();
    store_.commit();
    // Committed: later batches may find these analyses (the candidates' first, so that the
    // batch's own articles, likelier candidates of what comes next, are the last to go).
    for (auto& [id, o] : others) analyses_.put(id, std::move(o.analysis));
    for (const std::size_t i : fresh) analyses_.put(ids[i], std::make_shared<const text::Analysis>(std::move(docs[i].analysis)));
  } catch (...) {
    store_.rollback();
    throw;
  }
  ++stats_.batches;
  for (const std::size_t i : fresh) {
    ++stats_.added;
    stats_.bytes += docs[i].doc.body.size();
    if (on_article) on_article({&docs[i].doc, ids[i], false});
  }
}

} // namespace stemma::pipeline
