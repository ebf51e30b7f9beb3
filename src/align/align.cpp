#include "align/align.h"
#include "align/internal.h"

#include <algorithm>
#include <unordered_map>

namespace stemma::align {

const char* to_string(ReuseKind kind) {
  switch (kind) {
  case ReuseKind::verbatim: return "verbatim";
  case ReuseKind::near_verbatim: return "near_verbatim";
  case ReuseKind::paraphrase: return "paraphrase";
  case ReuseKind::summary: return "summary";
  }
  return "?";
}

ReuseKind reuse_kind_from(std::string_view name) {
  if (name == "verbatim") return ReuseKind::verbatim;
  if (name == "near_verbatim") return ReuseKind::near_verbatim;
  if (name == "summary") return ReuseKind::summary;
  return ReuseKind::paraphrase;
}

std::uint32_t kept_words(const Alignment& al) {
  std::uint32_t kept = 0;
  for (const Passage& p : al.passages) kept += p.kept_tokens;
  return kept;
}

double similarity(const Alignment& al) {
  std::uint64_t lengths = 0;
  for (const Passage& p : al.passages) lengths += p.a_token_count + p.b_token_count;
  return lengths ? 2.0 * kept_words(al) / static_cast<double>(lengths) : 0;
}

Alignment flipped(const Alignment& al) {
  Alignment out = al;
  std::swap(out.coverage_a, out.coverage_b);
  std::swap(out.tokens_a, out.tokens_b);
  for (Passage& p : out.passages) {
    std::swap(p.a_begin, p.b_begin);
    std::swap(p.a_end, p.b_end);
    std::swap(p.a_first_token, p.b_first_token);
    std::swap(p.a_token_count, p.b_token_count);
    std::swap(p.a_quoted, p.b_quoted);
  }
  std::sort(out.passages.begin(), out.passages.end(), [](const Passage& x, const Passage& y) { return x.b_begin < y.b_begin; });
  return out;
}

namespace {

// Hashes of every run of n canonical words.
std::vector<std::uint64_t> ngram_hashes(const text::Analysis& t, std::size_t n) {
  std::vector<std::uint64_t> out;
  if (t.tokens.size() < n) return out;
  out.reserve(t.tokens.size() - n + 1);
  for (std::size_t i = 0; i + n <= t.tokens.size(); ++i) {
    std::uint64_t h = 0x84222325CBF29CE4ULL;
    for (std::size_t j = 0; j < n; ++j) h = (h ^ t.tokens[i + j].canon) * 0x100000001B3ULL + (h >> 29);
    out.push_back(h);
  }
  return out;
}

// A stretch of each text, in tokens: [lo, hi).
struct Box {
  long a_lo, a_hi, b_lo, b_hi;
  bool from_sentences = false; // built (partly) from sentence seeds
  // Diff counts over exactly this box, when a trimmed word chain already has them.
  std::int64_t kept = -1, synonyms = -1;

  bool same_extent(const Box& o) const { return a_lo == o.a_lo && a_hi == o.a_hi && b_lo == o.b_lo && b_hi == o.b_hi; }
};

struct Chain {
  Box box;
  long diagonal; // b - a of the latest seed
};

std::vector<std::uint64_t> canon_keys(const text::Analysis& t, std::uint32_t first, std::uint32_t count) {
  std::vector<std::uint64_t> h(count);
  for (std::uint32_t i = 0; i < count; ++i) h[i] = t.tokens[first + i].canon;
  return h;
}

// Word seeds: canonical n-grams chained along near-constant diagonals, in b order;
// a seed joins the chain whose diagonal it continues best.
std::vector<Box> word_chains(const text::Analysis& a, const text::Analysis& b, const AlignParams& params) {
  const auto n = static_cast<std::size_t>(std::max(params.seed_words, 1));
  const std::vector<std::uint64_t> ha = ngram_hashes(a, n), hb = ngram_hashes(b, n);
  std::vector<Box> out;
  if (ha.empty() || hb.empty()) return out;
  std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> positions;
  positions.reserve(ha.size());
  for (std::size_t i = 0; i < ha.size(); ++i) positions[ha[i]].push_back(static_cast<std::uint32_t>(i));

  const long gap = params.max_gap, nn = static_cast<long>(n);
  std::vector<Chain> active;
  for (std::size_t j = 0; j < hb.size(); ++j) {
    const auto it = positions.find(hb[j]);
    if (it == positions.end() || it->second.size() > params.max_seed_frequency) continue;
    const long bj = static_cast<long>(j);
    for (std::size_t c = 0; c < active.size();) { // retire chains that can no longer be extended
      if (active[c].box.b_hi + gap < bj) {
        out.push_back(active[c].box);
        active[c] = active.back();
        active.pop_back();
      } else {
        ++c;
      }
    }
    for (const std::uint32_t pos : it->second) {
      const long ai = pos;
      Chain* best = nullptr;
      long best_shift = gap + 1;
      for (Chain& c : active) {
        if (ai < c.box.a_lo - gap || ai > c.box.a_hi + gap) continue;
        const long shift = std::labs((bj - ai) - c.diagonal);
        if (shift < best_shift) best = &c, best_shift = shift;
      }
      if (best != nullptr) {
        best->box.a_lo = std::min(best->box.a_lo, ai);
        best->box.a_hi = std::max(best->box.a_hi, ai + nn);
        best->box.b_hi = std::max(best->box.b_hi, bj + nn);
        best->diagonal = bj - ai;
      } else {
        active.push_back({{ai, ai + nn, bj, bj + nn}, bj - ai});
      }
    }
  }
  for (const Chain& c : active) out.push_back(c.box);
  return out;
}

// Trims a word chain to its densest stretch: the maximum-sum run of the
// canonical diff (match +1, any other edit -1), which drops stray seeds a chain
// picked up at its ends. Returns false when nothing worth keeping remains.
bool trim_chain(const text::Analysis& a, const text::Analysis& b, Box& box) {
  const auto la = static_cast<std::uint32_t>(box.a_hi - box.a_lo), lb = static_cast<std::uint32_t>(box.b_hi - box.b_lo);
  const auto a0 = static_cast<std::uint32_t>(box.a_lo), b0 = static_cast<std::uint32_t>(box.b_lo);
  const std::vector<Edit> edits = word_diff(canon_keys(a, a0, la), canon_keys(b, b0, lb));
  if (edits.empty()) return true; // too different to diff cheaply: keep the chain as found
  long best = 0, run = 0;
  std::size_t best_lo = 0, best_hi = 0, lo = 0;
  for (std::size_t i = 0; i < edits.size(); ++i) {
    if (run <= 0) run = 0, lo = i;
    run += edits[i].op == EditOp::keep ? 1 : -1;
    if (run > best) best = run, best_lo = lo, best_hi = i + 1;
  }
  if (best == 0) return false;
  const Edit& first = edits[best_lo];
  const Edit& last = edits[best_hi - 1]; // both are matches: a maximal run starts and ends on +1
  box = {a0 + first.a, a0 + last.a + 1L, b0 + first.b, b0 + last.b + 1L, box.from_sentences};
  // The diff of the trimmed range is this stretch of the script: keep its counts.
  box.kept = box.synonyms = 0;
  for (std::size_t i = best_lo; i < best_hi; ++i)
    if (edits[i].op == EditOp::keep) (a.tokens[a0 + edits[i].a].hash == b.tokens[b0 + edits[i].b].hash ? box.kept : box.synonyms)++;
  return true;
}

// Canonical content words of each sentence, sorted and unique.
std::vector<std::vector<std::uint64_t>> sentence_content(const text::Analysis& t) {
  std::vector<std::vector<std::uint64_t>> out(t.sentences.size());
  for (std::size_t s = 0; s < t.sentences.size(); ++s) {
    const text::Sentence& sen = t.sentences[s];
    auto& keys = out[s];
    for (std::uint32_t i = sen.first_token; i < sen.first_token + sen.token_count; ++i)
      if (!t.tokens[i].stopword) keys.push_back(t.tokens[i].canon);
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  }
  return out;
}

// Sentence seeds: every pair of sentences whose content words overlap enough.
std::vector<Box> sentence_pairs(const text::Analysis& a, const text::Analysis& b, const AlignParams& params) {
  std::vector<Box> out;
  const auto ca = sentence_content(a), cb = sentence_content(b);
  const auto min_content = static_cast<std::size_t>(params.sentence_min_content);
  std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> sentences_with; // a's content word -> its sentences
  for (std::uint32_t s = 0; s < ca.size(); ++s)
    if (ca[s].size() >= min_content)
      for (const std::uint64_t k : ca[s]) sentences_with[k].push_back(s);
  std::vector<std::uint32_t> shared(ca.size(), 0);
  std::vector<std::uint32_t> touched;
  for (std::uint32_t sb = 0; sb < cb.size(); ++sb) {
    if (cb[sb].size() < min_content) continue;
    touched.clear();
    for (const std::uint64_t k : cb[sb]) {
      const auto it = sentences_with.find(k);
      if (it == sentences_with.end() || it->second.size() > params.max_seed_frequency) continue;
      for (const std::uint32_t sa : it->second)
        if (shared[sa]++ == 0) touched.push_back(sa);
    }
    for (const std::uint32_t sa : touched) {
      const double dice = 2.0 * shared[sa] / static_cast<double>(ca[sa].size() + cb[sb].size());
      if (shared[sa] >= static_cast<std::uint32_t>(params.sentence_min_shared) && dice >= params.sentence_min_dice) {
        const text::Sentence &x = a.sentences[sa], &y = b.sentences[sb];
        out.push_back({x.first_token, static_cast<long>(x.first_token + x.token_count), y.first_token,
                       static_cast<long>(y.first_token + y.token_count), true});
      }
      shared[sa] = 0;
    }
  }
  return out;
}

long distance(long lo1, long hi1, long lo2, long hi2) { return std::max({0L, lo2 - hi1, lo1 - hi2}); }

// Extension: boxes within max_gap words of each other in both texts become one,
// until no two are that close (a passage whose sentences were reordered is one
// box). Boxes adjacent in b may lie up to source_gap words apart in a: a
// summary or a selective copy skips sentences of its source.
std::vector<Box> merge_boxes(std::vector<Box> boxes, long gap, long source_gap) {
  bool changed = true;
  while (changed && boxes.size() > 1) {
    changed = false;
    std::sort(boxes.begin(), boxes.end(), [](const Box& x, const Box& y) { return x.b_lo < y.b_lo; });
    std::vector<Box> out;
    for (const Box& box : boxes) {
      bool merged = false;
      for (Box& o : out) {
        const long da = distance(o.a_lo, o.a_hi, box.a_lo, box.a_hi), db = distance(o.b_lo, o.b_hi, box.b_lo, box.b_hi);
        if (db <= gap && da <= std::max(gap, source_gap)) {
          Box grown{std::min(o.a_lo, box.a_lo), std::max(o.a_hi, box.a_hi), std::min(o.b_lo, box.b_lo),
                    std::max(o.b_hi, box.b_hi), o.from_sentences || box.from_sentences};
          // A box swallowed whole (a sentence seed inside a chain) leaves the other's counts valid.
          if (const Box* whole = grown.same_extent(o) ? &o : grown.same_extent(box) ? &box : nullptr)
            grown.kept = whole->kept, grown.synonyms = whole->synonyms;
          o = grown;
          merged = changed = true;
          break;
        }
      }
      if (!merged) out.push_back(box);
    }
    boxes = std::move(out);
  }
  return boxes;
}

struct ContentOverlap {
  double dice = 0;      // of the canonical content words (as multisets) of both ranges
  double b_in_a = 0;    // share of b's content words found in a
};

ContentOverlap content_overlap(const text::Analysis& a, const text::Analysis& b, const Box& box) {
  std::vector<std::uint64_t> ka, kb;
  for (long i = box.a_lo; i < box.a_hi; ++i)
    if (!a.tokens[i].stopword) ka.push_back(a.tokens[i].canon);
  for (long i = box.b_lo; i < box.b_hi; ++i)
    if (!b.tokens[i].stopword) kb.push_back(b.tokens[i].canon);
  if (ka.empty() || kb.empty()) return {};
  std::sort(ka.begin(), ka.end());
  std::sort(kb.begin(), kb.end());
  const std::size_t common = detail::shared_count(ka, kb);
  return {2.0 * static_cast<double>(common) / static_cast<double>(ka.size() + kb.size()),
          static_cast<double>(common) / static_cast<double>(kb.size())};
}

// Cuts each side of a box to the stretch whose words occur on the other side:
// it starts at the first word that occurs there and is followed by another one
// within two words, and ends symmetrically. Order is ignored, so a passage with
// reordered sentences keeps its extent, while a sentence seed that shares only
// a clause with the other text is cut to that clause.
void trim_to_shared_words(const text::Analysis& a, const text::Analysis& b, Box& box) {
  const auto trim = [](const std::vector<text::Token>& side, long& lo, long& hi, const std::vector<std::uint64_t>& other) {
    const auto shared = [&](long i) { return i >= lo && i < hi && std::binary_search(other.begin(), other.end(), side[i].canon); };
    const auto anchored = [&](long i, long step) { return shared(i) && (shared(i + step) || shared(i + 2 * step)); };
    long first = lo, last = hi - 1;
    while (first <= last && !anchored(first, 1)) ++first;
    while (last >= first && !anchored(last, -1)) --last;
    if (first <= last) lo = first, hi = last + 1;
  };
  std::vector<std::uint64_t> ka, kb;
  for (long i = box.a_lo; i < box.a_hi; ++i) ka.push_back(a.tokens[i].canon);
  for (long i = box.b_lo; i < box.b_hi; ++i) kb.push_back(b.tokens[i].canon);
  std::sort(ka.begin(), ka.end());
  std::sort(kb.begin(), kb.end());
  trim(a.tokens, box.a_lo, box.a_hi, kb);
  trim(b.tokens, box.b_lo, box.b_hi, ka);
}

// The figures and kind of a passage over the box's tokens.
Passage measure(const text::Analysis& a, const text::Analysis& b, const Box& box, const AlignParams& params) {
  Passage p;
  p.a_first_token = static_cast<std::uint32_t>(box.a_lo);
  p.a_token_count = static_cast<std::uint32_t>(box.a_hi - box.a_lo);
  p.b_first_token = static_cast<std::uint32_t>(box.b_lo);
  p.b_token_count = static_cast<std::uint32_t>(box.b_hi - box.b_lo);
  const ContentOverlap overlap = content_overlap(a, b, box);
  p.content_overlap = overlap.dice;
  if (box.kept >= 0) { // counted when the chain was trimmed
    p.kept_tokens = static_cast<std::uint32_t>(box.kept);
    p.synonym_tokens = static_cast<std::uint32_t>(box.synonyms);
  } else if (const std::vector<Edit> edits = passage_edits(a, b, p); !edits.empty()) {
    for (const Edit& e : edits) {
      p.kept_tokens += e.op == EditOp::keep;
      p.synonym_tokens += e.op == EditOp::synonym;
    }
  } else { // too different to diff cheaply: estimate from the bag of words
    p.kept_tokens = static_cast<std::uint32_t>(p.content_overlap * std::min(p.a_token_count, p.b_token_count) / 2);
  }
  const double lengths = p.a_token_count + p.b_token_count;
  p.similarity = 2.0 * p.kept_tokens / lengths;
  p.canonical_similarity = 2.0 * (p.kept_tokens + p.synonym_tokens) / lengths;
  const bool compressed = p.b_token_count < params.summary_length_ratio * p.a_token_count && overlap.b_in_a >= 0.6;
  p.kind = p.similarity >= params.verbatim_similarity        ? ReuseKind::verbatim
           : p.similarity >= params.near_verbatim_similarity ? ReuseKind::near_verbatim
           : compressed                                      ? ReuseKind::summary
                                                             : ReuseKind::paraphrase;
  return p;
}

// ---- Gap filling ------------------------------------------------------------
// Journalists rewrite their source sentence by sentence and in order, keeping a
// few words of each: the seeds find the sentences that keep a long run, and the
// sentences between them are rewrites of the source stretch between those
// anchors far more often than their word overlap alone says (their content-word
// overlap with the source sentence is that of unrelated sentences on the same
// story). So once the passages are chosen, each sentence of b that no passage
// covers and that lies between two covered ones (in order in both texts) is
// compared with the source words between the two anchors only; a part of a
// covered sentence that its passage missed, with the source words around the
// passage's own. Either becomes a passage if enough of its content words occur there.

struct Anchor {
  long a_lo = 0, a_hi = 0; // source words the sentence's passage pairs with its words
  bool found = false;
};

class GapFiller {
public:
  GapFiller(const text::Analysis& a, const text::Analysis& b, const std::vector<Passage>& kept, const AlignParams& params)
      : a_(a), b_(b), kept_(kept), params_(params), owner_(b.tokens.size(), -1) {
    for (std::size_t i = 0; i < kept.size(); ++i)
      for (std::uint32_t t = kept[i].b_first_token; t < kept[i].b_first_token + kept[i].b_token_count; ++t) owner_[t] = static_cast<int>(i);
  }

  std::vector<Box> fills() {
    std::vector<Box> out;
    if (std::find(owner_.begin(), owner_.end(), -1) == owner_.end()) return out; // b is covered whole
    const auto& sentences = b_.sentences;
    const std::size_t n = sentences.size();
    // A sentence is anchored when passages cover at least half of its words; where in a they pair
    // them is worked out when a neighbour needs it.
    std::vector<char> anchored(n, 0);
    for (std::size_t s = 0; s < n; ++s) {
      const text::Sentence& sen = sentences[s];
      std::uint32_t covered = 0;
      for (std::uint32_t t = sen.first_token; t < sen.first_token + sen.token_count; ++t) covered += owner_[t] >= 0;
      anchored[s] = sen.token_count > 0 && 2 * covered >= sen.token_count;
    }
    std::vector<Anchor> anchors(n);
    std::vector<char> anchor_done(n, 0);
    const auto anchor = [&](std::size_t s) -> const Anchor* {
      if (!anchor_done[s]) anchors[s] = anchor_of(sentences[s]), anchor_done[s] = 1;
      return anchors[s].found ? &anchors[s] : nullptr;
    };
    const long margin = params_.fill_margin;
    // Parts of anchored sentences their passage left out.
    for (std::size_t s = 0; s < n; ++s) {
      if (!anchored[s]) continue;
      const text::Sentence& sen = sentences[s];
      for (const auto& [lo, hi] : uncovered_segments(sen)) {
        const Anchor* at = anchor(s);
        if (!at) break;
        const long reach = margin + 2 * (hi - lo);
        try_fill(lo, hi, at->a_lo - reach, at->a_hi + reach, params_.fill_rest_containment, 1, out);
      }
    }
    // Sentences between anchors (runs of at most fill_max_sentences), or next to one.
    std::vector<std::size_t> order; // sentences with words, in b order
    for (std::size_t s = 0; s < n; ++s)
      if (sentences[s].token_count > 0) order.push_back(s);
    for (std::size_t k = 0; k < order.size();) {
      if (anchored[order[k]]) { ++k; continue; }
      std::size_t end = k;
      while (end < order.size() && !anchored[order[end]]) ++end;
      const Anchor* prev = k > 0 ? anchor(order[k - 1]) : nullptr;
      const Anchor* next = end < order.size() ? anchor(order[end]) : nullptr;
      const bool between = prev && next && end - k <= static_cast<std::size_t>(params_.fill_max_sentences) &&
                           prev->a_hi <= next->a_lo + margin && next->a_lo - prev->a_hi <= params_.fill_max_window;
      for (std::size_t r = k; r < end; ++r) {
        const text::Sentence& sen = sentences[order[r]];
        for (const auto& [lo, hi] : uncovered_segments(sen)) {
          if (between) {
            try_fill(lo, hi, prev->a_hi - margin, next->a_lo + margin, params_.fill_min_containment, params_.fill_min_shared, out);
          } else if (prev && r == k) {
            try_fill(lo, hi, prev->a_hi - margin, prev->a_hi + params_.fill_edge_window, params_.fill_edge_containment,
                     params_.fill_min_shared, out);
          } else if (next && r + 1 == end) {
            try_fill(lo, hi, next->a_lo - params_.fill_edge_window, next->a_lo + margin, params_.fill_edge_containment,
                     params_.fill_min_shared, out);
          }
        }
      }
      k = end;
    }
    if (params_.fill_run_share <= 1.0) fill_runs(out);
    return out;
  }

private:
  // Any part of b still uncovered whose words lie mostly in runs of two or
  // more words that occur in a in the same order (with a content word): the
  // short verbatim stretches of a rewritten sentence.
  void fill_runs(std::vector<Box>& out) {
    for (const Box& box : out)
      for (long t = box.b_lo; t < box.b_hi; ++t) owner_[static_cast<std::size_t>(t)] = -2;
    std::vector<std::pair<long, long>> segments;
    for (const text::Sentence& sen : b_.sentences)
      for (const auto& segment : uncovered_segments(sen))
        if (segment.second - segment.first >= params_.fill_run_min_words) segments.push_back(segment);
    if (segments.empty()) return;
    std::unordered_map<std::uint64_t, std::vector<long>> bigrams; // a's word pairs -> their positions
    bigrams.reserve(a_.tokens.size());
    for (std::size_t i = 0; i + 1 < a_.tokens.size(); ++i)
      if (!a_.tokens[i].stopword || !a_.tokens[i + 1].stopword) bigrams[pair_key(a_.tokens[i], a_.tokens[i + 1])].push_back(static_cast<long>(i));
    {
      for (const auto& [lo, hi] : segments) {
        // Where in a the segment should be, from the nearest passage on each side in b (continuing
        // its diagonal): a run counts only near there.
        const Passage *before = nullptr, *after = nullptr;
        for (const Passage& q : kept_) {
          if (q.b_first_token + q.b_token_count <= lo) before = &q;
          else if (q.b_first_token >= hi) { after = &q; break; }
        }
        std::vector<long> expected;
        if (before) expected.push_back(static_cast<long>(before->a_first_token + before->a_token_count) + lo - static_cast<long>(before->b_first_token + before->b_token_count));
        if (after) expected.push_back(static_cast<long>(after->a_first_token) - (static_cast<long>(after->b_first_token) - lo));
        const long reach = params_.fill_edge_window + 2 * (hi - lo);
        const auto near = [&](long pos) {
          for (const long e : expected)
            if (std::labs(pos - e) <= reach) return true;
          return false;
        };
        std::vector<char> in_run(static_cast<std::size_t>(hi - lo), 0);
        long a_first = -1;
        for (long t = lo; t + 1 < hi; ++t) {
          const text::Token &x = b_.tokens[static_cast<std::size_t>(t)], &y = b_.tokens[static_cast<std::size_t>(t + 1)];
          if (x.stopword && y.stopword) continue;
          const auto it = bigrams.find(pair_key(x, y));
          if (it == bigrams.end()) continue;
          const auto at = std::find_if(it->second.begin(), it->second.end(), near);
          if (at == it->second.end()) continue;
          in_run[static_cast<std::size_t>(t - lo)] = in_run[static_cast<std::size_t>(t + 1 - lo)] = 1;
          if (a_first < 0) a_first = *at;
        }
        long matched = 0;
        for (const char c : in_run) matched += c;
        if (a_first < 0 || static_cast<double>(matched) < params_.fill_run_share * static_cast<double>(hi - lo)) continue;
        const long a_lo = std::max(0L, a_first - (hi - lo)), a_hi = std::min(static_cast<long>(a_.tokens.size()), a_first + 2 * (hi - lo));
        out.push_back({a_lo, a_hi, lo, hi, true});
      }
    }
  }

  static std::uint64_t pair_key(const text::Token& x, const text::Token& y) { return x.hash * 0x9E3779B97F4A7C15ULL ^ (y.hash + (x.hash >> 17)); }

  // Where in a the passages covering this sentence pair its words: the span of
  // the source words, within each passage's source range and near where its
  // position in the passage puts them, that equal the sentence's content words.
  // (No diff: the passage's own may have been over a thousand words.)
  Anchor anchor_of(const text::Sentence& sen) {
    Anchor out;
    build_positions();
    const std::uint32_t lo = sen.first_token, hi = sen.first_token + sen.token_count;
    for (std::uint32_t t = lo; t < hi; ++t) {
      const int i = owner_[t];
      if (i < 0 || b_.tokens[t].stopword) continue;
      const Passage& p = kept_[static_cast<std::size_t>(i)];
      const auto it = positions_.find(b_.tokens[t].canon);
      if (it == positions_.end()) continue;
      const long a_lo = p.a_first_token, a_hi = a_lo + p.a_token_count;
      const long expected = a_lo + static_cast<long>((t - p.b_first_token) * static_cast<std::uint64_t>(p.a_token_count) /
                                                     std::max<std::uint32_t>(p.b_token_count, 1));
      const long reach = params_.fill_margin + 2L * sen.token_count;
      const auto first = std::lower_bound(it->second.begin(), it->second.end(), std::max(a_lo, expected - reach));
      if (first == it->second.end() || *first >= std::min(a_hi, expected + reach + 1)) continue;
      // The occurrence nearest to the expected position.
      long best = *first;
      for (auto k = first; k != it->second.end() && *k < std::min(a_hi, expected + reach + 1); ++k)
        if (std::labs(*k - expected) < std::labs(best - expected)) best = *k;
      extend(out, best, best + 1);
    }
    return out;
  }

  void build_positions() {
    if (!positions_.empty()) return;
    for (std::size_t i = 0; i < a_.tokens.size(); ++i)
      if (!a_.tokens[i].stopword) positions_[a_.tokens[i].canon].push_back(static_cast<long>(i));
  }

  static void extend(Anchor& x, long lo, long hi) {
    if (!x.found) x = {lo, hi, true};
    else x.a_lo = std::min(x.a_lo, lo), x.a_hi = std::max(x.a_hi, hi);
  }

  // Maximal runs of the sentence's tokens that no passage covers, [lo, hi).
  std::vector<std::pair<long, long>> uncovered_segments(const text::Sentence& sen) const {
    std::vector<std::pair<long, long>> out;
    const long lo = sen.first_token, hi = lo + sen.token_count;
    for (long t = lo; t < hi;) {
      if (owner_[static_cast<std::size_t>(t)] != -1) { ++t; continue; }
      long e = t;
      while (e < hi && owner_[static_cast<std::size_t>(e)] == -1) ++e;
      out.emplace_back(t, e);
      t = e;
    }
    return out;
  }

  // b's words [lo, hi) become a passage if their content words occur in a's
  // window [w_lo, w_hi): at least min_shared of them and min_containment of all.
  void try_fill(long lo, long hi, long w_lo, long w_hi, double min_containment, int min_shared, std::vector<Box>& out) {
    w_lo = std::max(w_lo, 0L);
    w_hi = std::min(w_hi, static_cast<long>(a_.tokens.size()));
    if (w_lo >= w_hi || lo >= hi) return;
    build_positions();
    std::vector<std::uint64_t> words;
    for (long t = lo; t < hi; ++t)
      if (!b_.tokens[static_cast<std::size_t>(t)].stopword) words.push_back(b_.tokens[static_cast<std::size_t>(t)].canon);
    std::sort(words.begin(), words.end());
    words.erase(std::unique(words.begin(), words.end()), words.end());
    if (words.empty()) return;
    long shared = 0, a_lo = w_hi, a_hi = w_lo;
    for (const std::uint64_t w : words) {
      const auto it = positions_.find(w);
      if (it == positions_.end()) continue;
      const auto first = std::lower_bound(it->second.begin(), it->second.end(), w_lo);
      if (first == it->second.end() || *first >= w_hi) continue;
      ++shared;
      a_lo = std::min(a_lo, *first);
      const auto last = std::lower_bound(it->second.begin(), it->second.end(), w_hi);
      a_hi = std::max(a_hi, *(last - 1) + 1);
    }
    if (shared < min_shared || static_cast<double>(shared) < min_containment * static_cast<double>(words.size())) return;
    out.push_back({a_lo, a_hi, lo, hi, true});
  }

  const text::Analysis& a_;
  const text::Analysis& b_;
  const std::vector<Passage>& kept_;
  const AlignParams& params_;
  std::vector<int> owner_; // passage covering each token of b, -1 for none, -2 for a fill
  std::unordered_map<std::uint64_t, std::vector<long>> positions_; // a's content words -> their positions
};

// Cuts box's source range [a_lo, a_hi) so that it overlaps none of the taken
// ranges, keeping the larger free side around each; false if nothing is left.
bool clip_source(Box& box, const std::vector<std::pair<long, long>>& taken) {
  for (bool changed = true; changed;) {
    changed = false;
    for (const auto& [lo, hi] : taken) {
      if (hi <= box.a_lo || lo >= box.a_hi) continue;
      if (lo - box.a_lo >= box.a_hi - hi) box.a_hi = lo;
      else box.a_lo = hi;
      if (box.a_lo >= box.a_hi) return false;
      changed = true;
    }
  }
  return true;
}

} // namespace

// Measured on b's side: source text that b skipped is selection, not rewriting.
double rewrite_score(const Passage& p) {
  return p.b_token_count ? std::clamp(1.0 - static_cast<double>(p.kept_tokens) / p.b_token_count, 0.0, 1.0) : 1.0;
}

double rewrite_score(const Alignment& al) {
  std::uint64_t b_words = 0;
  for (const Passage& p : al.passages) b_words += p.b_token_count;
  return b_words ? std::clamp(1.0 - static_cast<double>(kept_words(al)) / static_cast<double>(b_words), 0.0, 1.0) : 1.0;
}

Alignment align(const Text& a, const Text& b, const AlignParams& params) {
  Alignment out;
  out.tokens_a = static_cast<std::uint32_t>(a.analysis.tokens.size());
  out.tokens_b = static_cast<std::uint32_t>(b.analysis.tokens.size());
  if (a.analysis.tokens.empty() || b.analysis.tokens.empty()) return out;
  const auto min_words = static_cast<std::uint32_t>(params.min_passage_words);

  // Seeding.
  std::vector<Box> seeds;
  for (Box& box : word_chains(a.analysis, b.analysis, params)) {
    if (box.a_hi - box.a_lo < min_words || box.b_hi - box.b_lo < min_words) continue;
    if (trim_chain(a.analysis, b.analysis, box)) seeds.push_back(box);
  }
  if (params.sentence_seeds)
    for (const Box& box : sentence_pairs(a.analysis, b.analysis, params)) seeds.push_back(box);

  // Extension, then filtering.
  std::vector<Passage> candidates;
  for (Box& box : merge_boxes(std::move(seeds), params.max_gap, params.max_source_gap)) {
    if (box.from_sentences) {
      const Box before = box;
      trim_to_shared_words(a.analysis, b.analysis, box);
      if (!box.same_extent(before)) box.kept = box.synonyms = -1;
    }
    Passage p = measure(a.analysis, b.analysis, box, params);
    if (p.a_token_count < min_words || p.b_token_count < min_words) continue;
    const bool by_words = p.canonical_similarity >= params.min_similarity && p.kept_tokens + p.synonym_tokens >= min_words;
    const bool by_content = box.from_sentences && p.content_overlap >= params.min_content_overlap;
    if (by_words || by_content) candidates.push_back(p);
  }

  // Keep the strongest passage where two claim the same words of b.
  const auto strength = [](const Passage& p) { return p.content_overlap * (p.a_token_count + p.b_token_count) + p.kept_tokens; };
  std::sort(candidates.begin(), candidates.end(), [&](const Passage& x, const Passage& y) {
    return strength(x) != strength(y) ? strength(x) > strength(y) : x.b_first_token < y.b_first_token;
  });
  std::vector<Passage> kept;
  for (const Passage& p : candidates) {
    const std::uint32_t lo = p.b_first_token, hi = p.b_first_token + p.b_token_count;
    bool overlaps = false;
    for (const Passage& q : kept) overlaps |= q.b_first_token + q.b_token_count > lo && q.b_first_token < hi;
    if (!overlaps) kept.push_back(p);
  }
  std::sort(kept.begin(), kept.end(), [](const Passage& x, const Passage& y) { return x.b_first_token < y.b_first_token; });

  std::uint32_t kept_matched = 0;
  for (const Passage& p : kept) kept_matched += p.kept_tokens + p.synonym_tokens;
  const double kept_coverage = static_cast<double>(kept_matched) / static_cast<double>(b.analysis.tokens.size());
  if (params.fill_gaps && !kept.empty() && kept_coverage >= params.fill_min_coverage) {
    std::vector<Box> fills = GapFiller(a.analysis, b.analysis, kept, params).fills();
    if (!fills.empty()) {
      // A fill's source range is cut to words no other passage pairs (passages stay disjoint in
      // a where they were: the page highlights both sides); nothing left, no fill.
      std::vector<std::pair<long, long>> taken;
      for (const Passage& p : kept) taken.emplace_back(p.a_first_token, static_cast<long>(p.a_first_token + p.a_token_count));
      std::vector<std::pair<Passage, bool>> all; // passage, holds a fill
      for (const Passage& p : kept) all.emplace_back(p, false);
      for (Box& box : fills) {
        if (!clip_source(box, taken)) continue;
        taken.emplace_back(box.a_lo, box.a_hi);
        all.emplace_back(measure(a.analysis, b.analysis, box, params), true);
      }
      std::sort(all.begin(), all.end(), [](const auto& x, const auto& y) { return x.first.b_first_token < y.first.b_first_token; });
      // A fill that touches a passage in b (no word between) and lies near it in a joins it: the
      // stretch is one reuse, seen once (the diff counts add up, so no diff of the joined range),
      // unless the joined source range would reach over another passage's.
      std::vector<std::pair<Passage, bool>> joined;
      std::size_t chain = 0; // index in `all` of the first part of joined.back()
      for (std::size_t i = 0; i < all.size(); ++i) {
        const auto& [p, fill] = all[i];
        if (!joined.empty()) {
          auto& [q, q_fill] = joined.back();
          const long da = distance(q.a_first_token, q.a_first_token + q.a_token_count, p.a_first_token, p.a_first_token + p.a_token_count);
          Box box{std::min<long>(q.a_first_token, p.a_first_token),
                  std::max<long>(q.a_first_token + q.a_token_count, p.a_first_token + p.a_token_count), q.b_first_token,
                  static_cast<long>(p.b_first_token + p.b_token_count), true};
          bool clear = true;
          for (std::size_t r = 0; r < all.size() && clear; ++r) {
            if (r >= chain && r <= i) continue;
            const Passage& o = all[r].first;
            clear = static_cast<long>(o.a_first_token + o.a_token_count) <= box.a_lo || static_cast<long>(o.a_first_token) >= box.a_hi;
          }
          if ((fill || q_fill) && clear && q.b_first_token + q.b_token_count == p.b_first_token && da <= params.max_source_gap) {
            box.kept = q.kept_tokens + p.kept_tokens;
            box.synonyms = q.synonym_tokens + p.synonym_tokens;
            q = measure(a.analysis, b.analysis, box, params);
            q_fill = true;
            continue;
          }
        }
        joined.emplace_back(p, fill);
        chain = i;
      }
      kept.clear();
      for (const auto& [p, fill] : joined) kept.push_back(p);
    }
  }

  const std::vector<text::Span> quotes_a = text::quotation_spans(a.utf8), quotes_b = text::quotation_spans(b.utf8);
  std::uint32_t matched_total = 0;
  for (Passage& p : kept) {
    const auto& ta = a.analysis.tokens;
    const auto& tb = b.analysis.tokens;
    p.a_begin = ta[p.a_first_token].begin;
    p.a_end = ta[p.a_first_token + p.a_token_count - 1].end;
    p.b_begin = tb[p.b_first_token].begin;
    p.b_end = tb[p.b_first_token + p.b_token_count - 1].end;
    p.a_quoted = static_cast<double>(text::overlap_bytes(quotes_a, p.a_begin, p.a_end)) / std::max<std::uint32_t>(p.a_end - p.a_begin, 1);
    p.b_quoted = static_cast<double>(text::overlap_bytes(quotes_b, p.b_begin, p.b_end)) / std::max<std::uint32_t>(p.b_end - p.b_begin, 1);
    matched_total += std::max(p.kept_tokens + p.synonym_tokens,
                              static_cast<std::uint32_t>(p.content_overlap * std::min(p.a_token_count, p.b_token_count)));
  }
  out.passages = std::move(kept);
  out.coverage_a = out.tokens_a ? std::min(1.0, static_cast<double>(matched_total) / out.tokens_a) : 0;
  out.coverage_b = out.tokens_b ? std::min(1.0, static_cast<double>(matched_total) / out.tokens_b) : 0;
  return out;
}

} // namespace stemma::align
