#include "claims/internal.h"

#include <algorithm>
#include <cctype>
#include <array>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <unordered_map>

namespace stemma::claims {

const char* to_string(MutationType type) {
  switch (type) {
    case MutationType::hedge_added: return "hedge_added";
    case MutationType::hedge_removed: return "hedge_removed";
    case MutationType::attribution_dropped: return "attribution_dropped";
    case MutationType::attribution_weakened: return "attribution_weakened";
    case MutationType::attribution_changed: return "attribution_changed";
    case MutationType::quote_altered: return "quote_altered";
    case MutationType::number_changed: return "number_changed";
    case MutationType::date_changed: return "date_changed";
    case MutationType::name_changed: return "name_changed";
    case MutationType::place_changed: return "place_changed";
    case MutationType::sentence_omitted: return "sentence_omitted";
    case MutationType::sentence_inserted: return "sentence_inserted";
    case MutationType::headline_escalation: return "headline_escalation";
  }
  return "unknown";
}

std::vector<MutationType> all_mutation_types() {
  std::vector<MutationType> out;
  for (int t = 0; t <= static_cast<int>(MutationType::headline_escalation); ++t) out.push_back(static_cast<MutationType>(t));
  return out;
}

namespace {

using detail::Doc;

bool overlaps(text::Span s, std::uint32_t begin, std::uint32_t end) {
  return s.end > s.begin && begin < s.end && s.begin < end;
}

std::string lower_words(const Doc& d, std::size_t first, std::size_t last) {
  std::string out;
  for (std::size_t i = first; i < last; ++i) {
    if (!out.empty()) out += ' ';
    out += d.form(i);
  }
  return out;
}

// Phrases of `list` in tokens [first, last) of d that overlap [lo, hi) (token indices).
std::vector<std::pair<std::size_t, std::size_t>> phrases_in(const Doc& d, const PhraseList& list, std::size_t first, std::size_t last,
                                                            std::size_t lo, std::size_t hi) {
  std::vector<std::pair<std::size_t, std::size_t>> out;
  for (std::size_t i = first; i < last && i < d.size(); ++i) {
    const std::size_t n = d.match(list, i);
    if (!n) continue;
    if (&list == &d.lex.hedges && d.lex.months.contains(d.form(i)) && d.capitalised(i) && !d.sentence_initial(i)) continue; // "May"
    if (i + n > lo && i < hi) out.emplace_back(i, i + n);
    i += n - 1;
  }
  return out;
}

// `"text" suffix`, built by appending (GCC 12 warns falsely on chained operator+ here).
std::string quoted(std::string_view text, std::string_view suffix, std::string_view prefix = {}) {
  std::string out(prefix);
  out += '"';
  out += text;
  out += '"';
  out += suffix;
  return out;
}

std::string joined(std::string_view a, std::string_view sep, std::string_view b) {
  std::string out(a);
  out += sep;
  out += b;
  return out;
}

// A stretch of up to 6 tokens of one text as synonym_segments compares it: its forms joined
// by spaces, whether it holds a number, and (once asked) its readings. Kept for the edge, as
// are each token's words and their stems: spin() asks about overlapping stretches many times,
// and a trace's edges share texts (a SpinMemo keeps a text's Side for all of them).
struct Piece {
  std::string words;
  bool has_number = false;
  const text::Analysis* an = nullptr;
  std::size_t first = 0, len = 0;
  mutable std::optional<detail::PhraseReadings> readings;
};
struct Side {
  std::vector<std::unique_ptr<Piece>> pieces; // by first * 8 + len, made when first asked
  std::vector<std::optional<std::vector<detail::PhraseWord>>> token_words;
  std::optional<std::vector<Claim>> claims; // the text's attributed claims, once asked
};
} // namespace

struct SpinMemo {
  std::map<std::pair<const text::Analysis*, const Lexicon*>, Side> sides;
};

namespace {

struct Run {
  std::vector<std::size_t> a, b; // changed tokens of parent and child (sorted)
  std::size_t a_at = 0, b_at = 0; // where the run sits in each text (token index)
};

class Detector {
public:
  Detector(const EdgeTexts& e, const Lexicon& lex, SpinMemo& memo)
      : e_(e), lex_(lex), P_(e.parent_body, e.parent_analysis, lex), C_(e.child_body, e.child_analysis, lex),
        pclaims_(extract_claims(e.parent_body, e.parent_analysis, lex, memo)), cclaims_(extract_claims(e.child_body, e.child_analysis, lex, memo)),
        pside_(memo.sides[{&e.parent_analysis, &lex}]), cside_(memo.sides[{&e.child_analysis, &lex}]) {}

  std::vector<Mutation> run() {
    std::vector<std::vector<align::Edit>> scripts;
    pmatch_.assign(P_.size(), -1);
    cmatch_.assign(C_.size(), -1);
    for (const auto& p : e_.passages) {
      scripts.push_back(align::passage_edits(e_.parent_analysis, e_.child_analysis, p));
      for (const auto& ed : scripts.back())
        if (ed.op == align::EditOp::keep || ed.op == align::EditOp::synonym) {
          if (ed.a < pmatch_.size()) pmatch_[ed.a] = static_cast<std::int64_t>(ed.b);
          if (ed.b < cmatch_.size()) cmatch_[ed.b] = static_cast<std::int64_t>(ed.a);
        }
    }
    phandled_.assign(P_.size(), 0);
    chandled_.assign(C_.size(), 0);
    if (!e_.passages.empty()) sentences();
    for (const auto& script : scripts) runs(script);
    edge_runs();
    judge_runs();
    drop_spun_quotes();
    headline();
    std::sort(out_.begin(), out_.end(), [](const Mutation& x, const Mutation& y) {
      if (x.in_title != y.in_title) return x.in_title;
      return std::tie(x.child.begin, x.parent.begin) < std::tie(y.child.begin, y.parent.begin);
    });
    return std::move(out_);
  }

private:
  void emit(MutationType type, const Doc& pd, text::Span ps, const Doc& cd, text::Span cs, std::string detail, bool title = false) {
    Mutation m;
    m.type = type;
    m.in_title = title;
    m.parent = ps;
    m.child = cs;
    m.parent_text = std::string(pd.body.substr(ps.begin, ps.end - ps.begin));
    m.child_text = std::string(cd.body.substr(cs.begin, cs.end - cs.begin));
    m.detail = std::move(detail);
    out_.push_back(std::move(m));
  }

  // Where in the other text a sentence that has no counterpart would sit: after the
  // counterpart of the nearest matched token before it.
  text::Span place_in_other(const std::vector<std::int64_t>& match, std::size_t first, const Doc& other) const {
    for (std::size_t i = first; i-- > 0;)
      if (match[i] >= 0) {
        const std::uint32_t at = other.an.tokens[static_cast<std::size_t>(match[i])].end;
        return {at, at};
      }
    return {0, 0};
  }

  bool relay_sentence(const Doc& d, const std::vector<Claim>& claims, text::Span s) const {
    (void)d;
    for (const auto& c : claims)
      for (const auto& o : c.chain)
        if (o.via == "relay" && o.span.begin >= s.begin && o.span.end <= s.end) return true;
    return false;
  }

  // Canonical content words of a sentence, sorted.
  static std::vector<std::uint64_t> content(const Doc& d, const text::Sentence& s) {
    std::vector<std::uint64_t> out;
    for (std::size_t t = s.first_token; t < s.first_token + s.token_count; ++t)
      if (!d.an.tokens[t].stopword) out.push_back(d.an.tokens[t].canon);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }

  static double dice(const std::vector<std::uint64_t>& x, const std::vector<std::uint64_t>& y) {
    if (x.empty() || y.empty()) return 0;
    std::size_t shared = 0;
    for (std::size_t i = 0, j = 0; i < x.size() && j < y.size();) {
      if (x[i] == y[j]) ++shared, ++i, ++j;
      else if (x[i] < y[j]) ++i;
      else ++j;
    }
    return 2.0 * static_cast<double>(shared) / static_cast<double>(x.size() + y.size());
  }

  // Sentences of d that no passage covers, inside the reused region (or anywhere when most of d is reused).
  static std::vector<std::size_t> unmatched_sentences(const Doc& d, const std::vector<std::int64_t>& match) {
    const auto& sents = d.an.sentences;
    std::vector<double> share(sents.size(), 0);
    std::size_t lo = sents.size(), hi = 0, matched_sentences = 0, counted = 0;
    for (std::size_t s = 0; s < sents.size(); ++s) {
      std::size_t m = 0;
      for (std::size_t t = sents[s].first_token; t < sents[s].first_token + sents[s].token_count; ++t) m += match[t] >= 0;
      share[s] = sents[s].token_count ? static_cast<double>(m) / sents[s].token_count : 0;
      if (share[s] >= 0.25) {
        lo = std::min(lo, s);
        hi = std::max(hi, s);
        ++matched_sentences;
      }
      counted += sents[s].token_count >= 4;
    }
    std::vector<std::size_t> out;
    if (matched_sentences == 0) return out;
    const bool mostly = counted && static_cast<double>(matched_sentences) / static_cast<double>(counted) >= 0.6;
    // A child that quotes here and there (most sentences of the region unmatched) omits nothing in particular.
    std::size_t region = 0;
    for (std::size_t s = lo; s <= hi; ++s) region += sents[s].token_count >= 4 || share[s] >= 0.25;
    if (!mostly && region && static_cast<double>(matched_sentences) / static_cast<double>(region) < 0.6) return {};
    for (std::size_t s = 0; s < sents.size(); ++s)
      if (sents[s].token_count >= 4 && share[s] < 0.25 && (mostly || (s >= lo && s <= hi))) out.push_back(s);
    return out;
  }

  void sentences() {
    auto pun = unmatched_sentences(P_, pmatch_), cun = unmatched_sentences(C_, cmatch_);
    // A sentence the aligner left out on both sides, nearly the same in both, was kept, not
    // omitted and inserted again.
    std::vector<char> pdrop(pun.size(), 0), cdrop(cun.size(), 0);
    for (std::size_t i = 0; i < pun.size(); ++i)
      for (std::size_t j = 0; j < cun.size(); ++j)
        if (!cdrop[j] && dice(content(P_, P_.an.sentences[pun[i]]), content(C_, C_.an.sentences[cun[j]])) >= 0.5) {
          pdrop[i] = cdrop[j] = 1;
          break;
        }
    std::set<std::size_t> pkeep, ckeep;
    for (std::size_t i = 0; i < pun.size(); ++i)
      if (!pdrop[i]) pkeep.insert(pun[i]);
    for (std::size_t j = 0; j < cun.size(); ++j)
      if (!cdrop[j]) ckeep.insert(cun[j]);
    const auto side = [&](const Doc& d, const std::vector<std::int64_t>& match, std::vector<char>& handled, bool parent) {
      const std::set<std::size_t>& chosen = parent ? pkeep : ckeep;
      const auto& sents = d.an.sentences;
      for (const std::size_t s : chosen) {
        const auto& st = sents[s];
        const std::size_t first = st.first_token, last = st.first_token + st.token_count;
        for (std::size_t t = first; t < last; ++t) handled[t] = 1;
        const text::Span span = d.span_of(first, last);
        if (parent) {
          const text::Span at = place_in_other(match, first, C_);
          if (relay_sentence(d, pclaims_, span))
            emit(MutationType::attribution_dropped, P_, span, C_, at, "outlet credit removed");
          else
            emit(MutationType::sentence_omitted, P_, span, C_, at, denial(d, first, last) ? "a denial" : "");
        } else {
          const text::Span at = place_in_other(match, first, P_);
          bool editorial = false;
          for (std::size_t t = first; t < last; ++t) editorial |= d.match(lex_.editorial, t) > 0;
          emit(MutationType::sentence_inserted, P_, at, C_, span, editorial ? "editorial comment" : "");
        }
      }
    };
    side(P_, pmatch_, phandled_, true);
    side(C_, cmatch_, chandled_, false);
  }

  static bool denial(const Doc& d, std::size_t first, std::size_t last) {
    for (std::size_t t = first; t < last; ++t) {
      const std::string& f = d.form(t);
      if (f == "denied" || f == "denies" || f == "deny" || f == "rejected" || f == "rejects" || f == "dismissed" || f == "not" ||
          f == "never" || f == "no")
        return true;
    }
    return false;
  }

  void runs(const std::vector<align::Edit>& script) {
    for (std::size_t i = 0; i < script.size();) {
      const auto op = script[i].op;
      if (op == align::EditOp::keep || op == align::EditOp::synonym) {
        ++i;
        continue;
      }
      Run r;
      r.a_at = script[i].a;
      r.b_at = script[i].b;
      for (; i < script.size() && script[i].op != align::EditOp::keep && script[i].op != align::EditOp::synonym; ++i) {
        const auto& ed = script[i];
        if (ed.op != align::EditOp::insert && ed.a < P_.size() && !phandled_[ed.a]) r.a.push_back(ed.a);
        if (ed.op != align::EditOp::remove && ed.b < C_.size() && !chandled_[ed.b]) r.b.push_back(ed.b);
      }
      if (r.a.empty() && r.b.empty()) continue;
      std::sort(r.a.begin(), r.a.end());
      std::sort(r.b.begin(), r.b.end());
      if (!r.a.empty()) r.a_at = r.a.front();
      if (!r.b.empty()) r.b_at = r.b.front();
      pending_.push_back(std::move(r));
    }
  }

  // The diff may pair a word next to an omitted (or inserted) sentence with the same word inside
  // it ("the" of the omitted sentence for the "The" that opens the next one), leaving the real
  // counterpart unmatched. A one-sided run whose every word has such a twin beside it is that.
  bool stolen(const Run& r) const {
    const auto twin = [](const Doc& d, const Doc& o, std::size_t t, std::size_t at, const std::vector<std::int64_t>& omatch,
                         const std::vector<char>& handled) {
      for (std::size_t c = at >= 2 ? at - 2 : 0; c <= at + 1 && c < o.size(); ++c)
        if (o.form(c) == d.form(t) && omatch[c] >= 0 && handled[static_cast<std::size_t>(omatch[c])]) return true;
      return false;
    };
    if (!r.a.empty() && r.b.empty())
      return std::all_of(r.a.begin(), r.a.end(), [&](std::size_t t) { return twin(P_, C_, t, r.b_at, cmatch_, phandled_); });
    if (r.a.empty() && !r.b.empty())
      return std::all_of(r.b.begin(), r.b.end(), [&](std::size_t t) { return twin(C_, P_, t, r.a_at, pmatch_, chandled_); });
    return false;
  }

  // Words removed on one side and words inserted on the other at the same place are one
  // change ("Mr Drabble said" -> "A source said" where the passage starts at "said" in the
  // parent but at "A" in the child): put such halves together, then judge every run.
  void judge_runs() {
    std::vector<char> dead(pending_.size(), 0);
    for (std::size_t i = 0; i < pending_.size(); ++i) {
      Run& x = pending_[i];
      if (dead[i] || x.a.empty() || !x.b.empty()) continue;
      for (std::size_t j = 0; j < pending_.size(); ++j) {
        const Run& y = pending_[j];
        if (dead[j] || j == i || !y.a.empty() || y.b.empty()) continue;
        const bool touch_a = y.a_at >= x.a.front() && y.a_at <= x.a.back() + 1;
        const bool touch_b = x.b_at >= y.b.front() && x.b_at <= y.b.back() + 1;
        if (!touch_a || !touch_b) continue;
        x.b = y.b;
        x.b_at = y.b.front();
        dead[j] = 1;
        break;
      }
    }
    for (std::size_t i = 0; i < pending_.size(); ++i)
      if (!dead[i] && !stolen(pending_[i]) && !spin(pending_[i])) classify(pending_[i]);
    pending_.clear();
  }

  // Every changed word swapped for a WordNet synonym (a word for a word or a phrase, "ran" ->
  // "headed for the hills"): spinning, not a change of meaning. The aligner may have paired one
  // word of a synonym phrase with the parent's word ("dangerous" ~ "threatening" of
  // "life-threatening"), leaving the rest as the run; so the run is also tried with up to two
  // aligned words either side of it.
  bool spin(const Run& r) const {
    if (r.a.empty() && r.b.empty()) return false;
    const std::size_t a0 = r.a.empty() ? r.a_at : r.a.front(), a1 = r.a.empty() ? r.a_at : r.a.back() + 1;
    const std::size_t b0 = r.b.empty() ? r.b_at : r.b.front(), b1 = r.b.empty() ? r.b_at : r.b.back() + 1;
    if (a1 - a0 != r.a.size() || b1 - b0 != r.b.size()) return false; // not contiguous
    if (spin(a0, a1, b0, b1)) return true;
    // A run at the end of a text sits on the last token, not after it: try the place after it too.
    if (r.a.empty() && a0 + 1 == P_.size()) return spin(a0 + 1, a0 + 1, b0, b1);
    if (r.b.empty() && b0 + 1 == C_.size()) return spin(a0, a1, b0 + 1, b0 + 1);
    return false;
  }

  bool spin(std::size_t a0, std::size_t a1, std::size_t b0, std::size_t b1) const {
    for (std::size_t before = 0; before <= 2; ++before) {
      if (before > a0 || before > b0) break;
      if (before && pmatch_[a0 - before] != static_cast<std::int64_t>(b0 - before)) break;
      for (std::size_t after = 0; after <= 2; ++after) {
        if (a1 + after > P_.size() || b1 + after > C_.size()) break;
        if (after && pmatch_[a1 + after - 1] != static_cast<std::int64_t>(b1 + after - 1)) break;
        if (a1 + after - (a0 - before) == 0 || b1 + after - (b0 - before) == 0) continue;
        if (synonym_segments(a0 - before, a1 + after, b0 - before, b1 + after)) return true;
      }
    }
    // A phrase swapped in before the word it ends with ("fallen down" -> "came down down"): the
    // child's next word, repeated, belongs to the phrase.
    if (b1 + 1 < C_.size() && b1 > b0 && C_.form(b1) == C_.form(b1 + 1) && a1 > a0 && synonym_segments(a0, a1, b0, b1 + 1)) return true;
    return false;
  }

  // Tokens of d inside span s, as [first, last) (an empty span: where it sits).
  static std::pair<std::size_t, std::size_t> tokens_in(const Doc& d, text::Span s) {
    std::size_t first = 0;
    while (first < d.size() && d.an.tokens[first].end <= s.begin) ++first;
    std::size_t last = first;
    while (last < d.size() && d.an.tokens[last].begin < s.end) ++last;
    return {first, last};
  }

  // A quote's runs are judged one by one; where the aligner cut a synonym swap into pieces
  // that land in different runs ("interested" removed here, "occupied" inserted there), the
  // quote's changed stretch as a whole can still be a swap. Such quotes were spun, not altered.
  void drop_spun_quotes() {
    std::vector<std::size_t> drop;
    for (const auto& [key, index] : quotes_) {
      const Mutation& m = out_[index];
      const auto [a0, a1] = tokens_in(P_, m.parent);
      const auto [b0, b1] = tokens_in(C_, m.child);
      if (a1 > a0 && b1 > b0 && spin(a0, a1, b0, b1)) drop.push_back(index);
    }
    std::sort(drop.rbegin(), drop.rend());
    for (const std::size_t i : drop) out_.erase(out_.begin() + static_cast<std::ptrdiff_t>(i));
    quotes_.clear();
    child_quote_.clear();
  }

  // Can parent tokens [a0, a1) and child tokens [b0, b1) be cut, in order, into pieces that are
  // the same word or WordNet synonyms (up to 3 parent words for up to 6 child words, or the
  // other way round)? Numbers and names are never spun.
  bool synonym_segments(std::size_t a0, std::size_t a1, std::size_t b0, std::size_t b1) const {
    constexpr std::size_t kShort = 3, kLong = 6;
    if (a1 - a0 > 12 || b1 - b0 > 12) return false;
    for (std::size_t t = a0; t < a1; ++t)
      if (P_.capitalised(t) && !P_.sentence_initial(t) && !P_.acronym(t)) return false;
    const std::size_t n = a1 - a0, m = b1 - b0;
    // reach[i * (m + 1) + j]: the first i parent and j child words are cut into synonym pieces.
    std::vector<char> reach((n + 1) * (m + 1), 0);
    const auto at = [m](std::size_t i, std::size_t j) { return i * (m + 1) + j; };
    reach[0] = 1;
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j < m; ++j) {
        if (!reach[at(i, j)]) continue;
        for (std::size_t k = 1; k <= std::min(kLong, n - i); ++k) {
          const Piece& x = piece(P_, pside_, a0 + i, k);
          for (std::size_t l = 1; l <= std::min(kLong, m - j); ++l) {
            if (reach[at(i + k, j + l)] || (k > kShort && l > kShort) || (k > 1 && l > 1 && k + l > kLong + 1)) continue;
            const Piece& y = piece(C_, cside_, b0 + j, l);
            // A number is never a synonym of another word, though a phrase may hold one ("twenty-four hours").
            if ((x.has_number || (l == 1 && y.has_number)) && x.words != y.words) continue;
            if (detail::readings_synonyms(readings(x, pside_), readings(y, cside_))) reach[at(i + k, j + l)] = 1;
          }
        }
      }
    return reach[at(n, m)];
  }

  static const Piece& piece(const Doc& d, Side& side, std::size_t first, std::size_t len) {
    if (side.pieces.size() < d.size() * 8) side.pieces.resize(d.size() * 8);
    std::unique_ptr<Piece>& slot = side.pieces[first * 8 + len];
    if (!slot) {
      slot = std::make_unique<Piece>();
      Piece& p = *slot;
      p.an = &d.an;
      p.first = first;
      p.len = len;
      for (std::size_t t = first; t < first + len; ++t) {
        if (!p.words.empty()) p.words += ' ';
        p.words += d.form(t);
        p.has_number |= d.is_number(t);
      }
    }
    return *slot;
  }
  static const detail::PhraseReadings& readings(const Piece& p, Side& side) {
    if (!p.readings) {
      if (side.token_words.size() < p.an->tokens.size()) side.token_words.resize(p.an->tokens.size());
      std::array<const detail::PhraseWord*, 64> buf;
      std::vector<const detail::PhraseWord*> many;
      std::size_t count = 0;
      for (std::size_t t = p.first; t < p.first + p.len; ++t) {
        auto& tw = side.token_words[t];
        if (!tw) tw = detail::phrase_word_stems(p.an->forms[t]);
        for (const auto& w : *tw) {
          if (count < buf.size()) buf[count] = &w;
          else {
            if (many.empty()) many.assign(buf.begin(), buf.end());
            many.push_back(&w);
          }
          ++count;
        }
      }
      p.readings = detail::readings_of(many.empty() ? std::span<const detail::PhraseWord* const>(buf.data(), count)
                                                    : std::span<const detail::PhraseWord* const>(many));
    }
    return *p.readings;
  }

  static std::set<std::string> capitalised_words(const std::string& s) {
    std::set<std::string> out;
    std::string word;
    for (std::size_t i = 0; i <= s.size(); ++i) {
      const char c = i < s.size() ? s[i] : ' ';
      if (std::isalnum(static_cast<unsigned char>(c)) || (c & 0x80)) word += c;
      else {
        if (!word.empty() && std::isupper(static_cast<unsigned char>(word[0])) && out.size() < 16) out.insert(word);
        word.clear();
      }
    }
    return out;
  }

  // A passage ends where the diff stops matching, so words dropped or added at the end (or
  // start) of its first and last sentences (", Mr Walker said.") lie outside every edit script.
  void edge_runs() {
    const auto unmatched = [](const std::vector<std::int64_t>& match, const std::vector<char>& handled, std::size_t a, std::size_t b) {
      if (a >= b || b - a > 8) return false;
      for (std::size_t t = a; t < b; ++t)
        if (match[t] >= 0 || handled[t]) return false;
      return true;
    };
    for (const auto& p : e_.passages) {
      if (p.a_token_count == 0 || p.b_token_count == 0) continue;
      const std::size_t a0 = p.a_first_token, a1 = p.a_first_token + p.a_token_count;
      const std::size_t b0 = p.b_first_token, b1 = p.b_first_token + p.b_token_count;
      if (a1 > P_.size() || b1 > C_.size()) continue;
      const std::size_t pa_end = P_.sentence_end(a1 - 1), cb_end = C_.sentence_end(b1 - 1);
      const std::size_t pa_start = P_.an.sentences[P_.sentence(a0)].first_token, cb_start = C_.an.sentences[C_.sentence(b0)].first_token;
      Run r;
      if (unmatched(pmatch_, phandled_, a1, pa_end) && cb_end == b1) {
        for (std::size_t t = a1; t < pa_end; ++t) r.a.push_back(t);
        r.b_at = b1 < C_.size() ? b1 : b1 - 1;
        classify_edge(r, true);
      }
      r = {};
      if (unmatched(cmatch_, chandled_, b1, cb_end) && pa_end == a1) {
        for (std::size_t t = b1; t < cb_end; ++t) r.b.push_back(t);
        r.a_at = a1 < P_.size() ? a1 : a1 - 1;
        classify_edge(r, false);
      }
      r = {};
      // Both sentences go on past the passage with words of their own: those words changed.
      if (unmatched(pmatch_, phandled_, a1, pa_end) && unmatched(cmatch_, chandled_, b1, cb_end)) {
        for (std::size_t t = a1; t < pa_end; ++t) r.a.push_back(t);
        for (std::size_t t = b1; t < cb_end; ++t) r.b.push_back(t);
        r.b_at = b1;
        classify_edge(r, true);
      }
      r = {};
      if (unmatched(pmatch_, phandled_, pa_start, a0) && unmatched(cmatch_, chandled_, cb_start, b0)) {
        for (std::size_t t = pa_start; t < a0; ++t) r.a.push_back(t);
        for (std::size_t t = cb_start; t < b0; ++t) r.b.push_back(t);
        r.b_at = cb_start;
        classify_edge(r, true);
      }
      r = {};
      if (unmatched(pmatch_, phandled_, pa_start, a0) && cb_start == b0) {
        for (std::size_t t = pa_start; t < a0; ++t) r.a.push_back(t);
        r.b_at = b0;
        classify_edge(r, true);
      }
      r = {};
      if (unmatched(cmatch_, chandled_, cb_start, b0) && pa_start == a0) {
        for (std::size_t t = cb_start; t < b0; ++t) r.b.push_back(t);
        r.a_at = a0;
        classify_edge(r, false);
      }
    }
  }

  void classify_edge(Run& r, bool parent_side) {
    if (parent_side) r.a_at = r.a.front();
    else r.b_at = r.b.front();
    pending_.push_back(std::move(r));
  }

  text::Span pspan(const Run& r) const { return r.a.empty() ? P_.span_of(r.a_at, r.a_at) : P_.span_of(r.a.front(), r.a.back() + 1); }
  text::Span cspan(const Run& r) const { return r.b.empty() ? C_.span_of(r.b_at, r.b_at) : C_.span_of(r.b.front(), r.b.back() + 1); }

  static std::string speaker_key(const Claim& c) {
    std::string s;
    for (const char ch : c.speaker) s += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return s;
  }

  // Does one of `tokens` name the claim's speaker: within the speaker phrase, before its first
  // comma, after any possessive, and not a place?
  bool names_speaker(const Claim& c, const std::vector<std::size_t>& tokens) const {
    std::size_t first = P_.size(), last = 0;
    for (std::size_t t = 0; t < P_.size(); ++t)
      if (overlaps(c.speaker_span, P_.an.tokens[t].begin, P_.an.tokens[t].end)) first = std::min(first, t), last = t + 1;
    if (first >= last) return false;
    std::size_t head = first, end = last;
    for (std::size_t t = first + 1; t < last; ++t)
      if (P_.gap_before(t).find(',') != std::string_view::npos) {
        end = t;
        break;
      }
    for (std::size_t t = first; t + 1 < end; ++t) {
      const std::string_view raw = P_.raw(t);
      if (raw.ends_with("'s") || raw.ends_with("\u2019s")) head = t + 1;
    }
    for (const std::size_t t : tokens)
      if (t >= head && t < end && !detail_place(P_, t, t + 1)) return true;
    return false;
  }

  bool attribution(const Run& r) {
    if (r.a.empty()) return false;
    // A hedge is never who speaks, though a speaker phrase may run over one ("the Parole Board had
    // apparently confirmed"): hedges removed are hedge_removed.
    const auto hp = phrases_in(P_, lex_.hedges, r.a.front() >= 3 ? r.a.front() - 3 : 0, std::min(P_.size(), r.a.back() + 1), r.a.front(),
                               r.a.back() + 1);
    if (std::all_of(r.a.begin(), r.a.end(), [&](std::size_t t) {
          return std::any_of(hp.begin(), hp.end(), [&](const auto& h) { return h.first <= t && t < h.second; });
        }))
      return false;
    const std::uint32_t a_lo = P_.an.tokens[r.a.front()].begin, a_hi = P_.an.tokens[r.a.back()].end;
    for (const auto& pc : pclaims_) {
      if (pc.resolved && pc.cue.empty()) continue; // a continued quote names no one here
      bool speaker = false, cue = false;
      const Outlet* outlet = nullptr;
      for (const std::size_t t : r.a) {
        const auto& tok = P_.an.tokens[t];
        speaker |= !pc.resolved && overlaps(pc.speaker_span, tok.begin, tok.end);
        speaker |= pc.resolved && overlaps(pc.speaker_span, tok.begin, tok.end); // "he said" removed
        cue |= overlaps(pc.cue_span, tok.begin, tok.end);
        for (const auto& o : pc.chain)
          if (o.via != "relay" && overlaps(o.span, tok.begin, tok.end)) outlet = &o;
      }
      if (!speaker && !outlet && !cue) continue;
      (void)a_lo;
      (void)a_hi;
      const Claim* cc = nullptr;
      for (const auto& c : cclaims_)
        for (const std::size_t t : r.b) {
          const auto& tok = C_.an.tokens[t];
          if (overlaps(c.speaker_span, tok.begin, tok.end) || overlaps(c.cue_span, tok.begin, tok.end)) cc = &c;
        }
      if (outlet) {
        const bool kept = cc && std::any_of(cc->chain.begin(), cc->chain.end(), [](const Outlet& o) { return o.via != "relay"; });
        if (!kept) {
          emit(MutationType::attribution_dropped, P_, pspan(r), C_, cspan(r), joined("outlet credit removed: ", "", outlet->name));
          return true;
        }
      }
      if (speaker) {
        if (!cc) {
          // The cue went too, or nothing took the speaker's place: the claim is no longer attributed.
          const bool cue_gone = cue || r.b.empty();
          if (cue_gone) {
            emit(MutationType::attribution_dropped, P_, pspan(r), C_, cspan(r), joined("speaker removed: ", "", pc.speaker));
            return true;
          }
          continue;
        }
        const bool named = pc.kind == SpeakerKind::person || pc.kind == SpeakerKind::organisation;
        if (named && cc->kind == SpeakerKind::anonymous) {
          emit(MutationType::attribution_weakened, P_, pspan(r), C_, cspan(r),
               joined(joined("named -> anonymous: ", "", pc.speaker), " -> ", cc->speaker));
          return true;
        }
        // A place or a name in the speaker's description ("Shipman, 54, of Mottram, Greater
        // Manchester", "Mrs Hillier's son Keith") changes a detail, not who speaks.
        if (!names_speaker(pc, r.a)) continue;
        // Another name, or another kind of speaker; a spun common noun ("coroner" -> "examiner") is neither.
        std::set<std::string> pn = capitalised_words(pc.speaker), cn = capitalised_words(cc->speaker);
        pn.erase("The"), pn.erase("A"), pn.erase("An"), cn.erase("The"), cn.erase("A"), cn.erase("An");
        if (pn != cn && !(pn.empty() && cn.empty()) && speaker_key(pc) != speaker_key(*cc)) {
          emit(MutationType::attribution_changed, P_, pspan(r), C_, cspan(r), joined(pc.speaker, " -> ", cc->speaker));
          return true;
        }
      }
    }
    return false;
  }

  bool quote(const Run& r) {
    int pq = -1, cq = -1;
    for (const std::size_t t : r.a)
      if (P_.in_quote(t)) pq = P_.quote_of[t];
    for (const std::size_t t : r.b)
      if (C_.in_quote(t)) cq = C_.quote_of[t];
    if (r.a.empty() && r.a_at < P_.size() && r.a_at > 0 && P_.in_quote(r.a_at) && P_.in_quote(r.a_at - 1)) pq = P_.quote_of[r.a_at];
    if (r.b.empty() && r.b_at < C_.size() && r.b_at > 0 && C_.in_quote(r.b_at) && C_.in_quote(r.b_at - 1)) cq = C_.quote_of[r.b_at];
    // Inside a quote on the side that has words; both sides when both have.
    const bool in_parent = pq >= 0, in_child = cq >= 0;
    if (!((in_parent && (in_child || r.b.empty())) || (in_child && r.a.empty()))) return false;
    const text::Span ps = pspan(r), cs = cspan(r);
    const int key = pq >= 0 ? pq : -(cq + 2); // one mutation per quote
    auto it = quotes_.find(key);
    if (it == quotes_.end() && cq >= 0) it = quotes_.find(-(cq + 2)); // the same quote, found from the child first
    if (it == quotes_.end() && cq >= 0 && child_quote_.contains(cq)) it = quotes_.find(child_quote_[cq]);
    if (it != quotes_.end()) {
      Mutation& m = out_[it->second];
      const auto unite = [](text::Span x, text::Span y) {
        if (y.end <= y.begin) return x;
        if (x.end <= x.begin) return y;
        return text::Span{std::min(x.begin, y.begin), std::max(x.end, y.end)};
      };
      m.parent = unite(m.parent, ps);
      m.child = unite(m.child, cs);
      m.parent_text = std::string(P_.body.substr(m.parent.begin, m.parent.end - m.parent.begin));
      m.child_text = std::string(C_.body.substr(m.child.begin, m.child.end - m.child.begin));
      return true;
    }
    quotes_[key] = out_.size();
    if (cq >= 0) child_quote_.emplace(cq, key);
    emit(MutationType::quote_altered, P_, ps, C_, cs, "words inside quotation marks differ");
    return true;
  }

  bool hedges(const Run& r) {
    const auto window = [](const Doc& d, const std::vector<std::size_t>& tokens, std::size_t at) {
      const std::size_t lo = tokens.empty() ? at : tokens.front();
      const std::size_t hi = tokens.empty() ? at : tokens.back() + 1;
      if (tokens.empty()) return std::vector<std::pair<std::size_t, std::size_t>>{};
      return phrases_in(d, d.lex.hedges, lo >= 3 ? lo - 3 : 0, std::min(d.size(), hi), lo, hi);
    };
    const auto ph = window(P_, r.a, r.a_at), ch = window(C_, r.b, r.b_at);
    if (!ch.empty() && ph.empty()) {
      const text::Span cs = C_.span_of(ch.front().first, ch.back().second);
      emit(MutationType::hedge_added, P_, pspan(r), C_, cs, quoted(C_.text_of(ch.front().first, ch.front().second), " added"));
      return true;
    }
    if (!ph.empty() && ch.empty()) {
      const text::Span ps = P_.span_of(ph.front().first, ph.back().second);
      emit(MutationType::hedge_removed, P_, ps, C_, cspan(r), quoted(P_.text_of(ph.front().first, ph.front().second), " removed"));
      return true;
    }
    return false;
  }

  static bool date_context(const Doc& d, std::size_t t) {
    const std::string& f = d.form(t);
    if (f.size() == 4 && std::all_of(f.begin(), f.end(), [](char c) { return c >= '0' && c <= '9'; }) && (f[0] == '1' || f[0] == '2'))
      return true;
    for (std::size_t k = t >= 2 ? t - 2 : 0; k <= t + 2 && k < d.size(); ++k)
      if (k != t && d.sentence(k) == d.sentence(t) && d.is_month(k)) return true;
    return false;
  }

  bool numbers(const Run& r) {
    std::set<std::string> pn, cn;
    std::vector<std::size_t> pt, ct;
    bool date = false;
    for (const std::size_t t : r.a)
      if (P_.is_number(t) || P_.is_date_word(t)) {
        pn.insert(P_.form(t));
        pt.push_back(t);
        date |= P_.is_date_word(t) || date_context(P_, t);
      }
    for (const std::size_t t : r.b)
      if (C_.is_number(t) || C_.is_date_word(t)) {
        cn.insert(C_.form(t));
        ct.push_back(t);
        date |= C_.is_date_word(t) || date_context(C_, t);
      }
    if (pn.empty() || cn.empty() || pn == cn) return false;
    // Both values still stand elsewhere in the other version and the two sentences are not one
    // sentence rewritten ("1,800 cubic feet" and "40 feet" both kept, the diff pairing two
    // different sentences of a reordered rewrite): a misalignment, not a changed figure.
    if (moved(pn, cn, pt.front(), ct.front(), &Detector::numeric)) return false;
    emit(date ? MutationType::date_changed : MutationType::number_changed, P_, P_.span_of(pt.front(), pt.back() + 1), C_,
         C_.span_of(ct.front(), ct.back() + 1), joined(P_.text_of(pt.front(), pt.back() + 1), " -> ", C_.text_of(ct.front(), ct.back() + 1)));
    return true;
  }

  bool numeric(const Doc& d, std::size_t t) const { return d.is_number(t) || d.is_date_word(t); }
  bool capital(const Doc& d, std::size_t t) const { return d.capitalised(t); }

  // Do the parent's values `pv` (at token pt) all occur in the child and the child's `cv` (at ct)
  // all in the parent, as tokens `kind` accepts, while the sentences holding pt and ct share less
  // than half their content words (the sentence pairing test of sentences())?
  bool moved(const std::set<std::string>& pv, const std::set<std::string>& cv, std::size_t pt, std::size_t ct,
             bool (Detector::*kind)(const Doc&, std::size_t) const) const {
    if (!all_occur(pv, C_, kind) || !all_occur(cv, P_, kind)) return false;
    return dice(content(P_, P_.an.sentences[P_.sentence(pt)]), content(C_, C_.an.sentences[C_.sentence(ct)])) < 0.5;
  }

  // Does every one of `forms` occur in d as a token that `kind` accepts?
  bool all_occur(const std::set<std::string>& forms, const Doc& d, bool (Detector::*kind)(const Doc&, std::size_t) const) const {
    std::set<std::string> seen;
    for (std::size_t t = 0; t < d.size() && seen.size() < forms.size(); ++t)
      if (forms.contains(d.form(t)) && (this->*kind)(d, t)) seen.insert(d.form(t));
    return seen.size() == forms.size();
  }

  bool name_token(const Doc& d, std::size_t t) const {
    return d.capitalised(t) && !d.sentence_initial(t) && !(d.acronym(t) && d.raw(t).size() > 4) && !d.is_date_word(t) && !d.is_number(t) && !d.lex.pronouns.contains(d.form(t));
  }

  bool place(const Doc& d, const std::vector<std::size_t>& tokens) const {
    const std::size_t first = tokens.front(), last = tokens.back() + 1;
    if (first > 0 && d.match(lex_.place_prepositions, first - 1) && !d.capitalised(first - 1)) return true;
    if (detail_place(d, first, last)) return true;
    for (std::size_t t = first; t <= last && t < d.size(); ++t)
      if (d.capitalised(t) && d.match(lex_.place_words, t)) return true;
    return false;
  }

  static bool detail_place(const Doc& d, std::size_t first, std::size_t last) {
    // The longest stretch of capitalised words around the run, as one name.
    std::size_t a = first, b = last;
    while (a > 0 && d.capitalised(a - 1) && !d.boundary_before(a)) --a;
    while (b < d.size() && d.capitalised(b) && !d.boundary_before(b)) ++b;
    return is_known_place(lower_words(d, a, b)) || is_known_place(lower_words(d, first, last));
  }

  bool names(const Run& r) {
    std::vector<std::size_t> pt, ct;
    for (const std::size_t t : r.a)
      if (name_token(P_, t)) pt.push_back(t);
    for (const std::size_t t : r.b)
      if (name_token(C_, t)) ct.push_back(t);
    if (pt.empty() || ct.empty()) return false;
    if (lower_words(P_, pt.front(), pt.back() + 1) == lower_words(C_, ct.front(), ct.back() + 1)) return false;
    std::set<std::string> pnames, cnames; // as numbers(): both names kept elsewhere is a misalignment
    for (const std::size_t t : pt) pnames.insert(P_.form(t));
    for (const std::size_t t : ct) cnames.insert(C_.form(t));
    if (moved(pnames, cnames, pt.front(), ct.front(), &Detector::capital)) return false;
    const bool is_place = place(P_, pt) || place(C_, ct);
    emit(is_place ? MutationType::place_changed : MutationType::name_changed, P_, P_.span_of(pt.front(), pt.back() + 1), C_,
         C_.span_of(ct.front(), ct.back() + 1), joined(P_.text_of(pt.front(), pt.back() + 1), " -> ", C_.text_of(ct.front(), ct.back() + 1)));
    return true;
  }

  void classify(const Run& r) {
    // Long runs are rewrites, not word changes; their sentences are judged as sentences.
    if (r.a.size() > 8 || r.b.size() > 8) return;
    if (attribution(r)) return;
    if (quote(r)) return;
    hedges(r);
    if (numbers(r)) return;
    names(r);
  }

  // Does d have words that are a WordNet synonym of `phrase` ("probably" -> "in all
  // likelihood", "tried" -> "proven")? Then a marker that came or went was spun, not added.
  static bool swapped(const Doc& d, const std::string& phrase) {
    for (std::size_t i = 0; i < d.size(); ++i)
      for (std::size_t n = 1; n <= 4 && i + n <= d.size(); ++n) {
        const std::string w = lower_words(d, i, i + n);
        if (w != phrase && detail::wordnet_synonyms(w, phrase)) return true;
      }
    return false;
  }

  void headline() {
    if (e_.child_title.empty()) return;
    const text::Analysis pa = text::analyze(e_.parent_title), ca = text::analyze(e_.child_title);
    const Doc PT(e_.parent_title, pa, lex_), CT(e_.child_title, ca, lex_);
    const bool have_parent = !e_.parent_title.empty();
    const auto set_of = [](const Doc& d, const PhraseList& list) {
      std::set<std::string> s;
      for (const auto& [a, b] : phrases_in(d, list, 0, d.size(), 0, d.size())) s.insert(lower_words(d, a, b));
      return s;
    };
    const text::Span whole_parent{0, static_cast<std::uint32_t>(e_.parent_title.size())};
    const auto body_has = [&](const std::string& phrase) {
      // Does the child's own body use the phrase (as words)?
      const auto& forms = C_.an.forms;
      std::vector<std::string> words;
      for (std::size_t p = 0; p <= phrase.size();) {
        const std::size_t sp = std::min(phrase.find(' ', p), phrase.size());
        words.push_back(phrase.substr(p, sp - p));
        p = sp + 1;
      }
      for (std::size_t i = 0; i + words.size() <= forms.size(); ++i)
        if (std::equal(words.begin(), words.end(), forms.begin() + static_cast<std::ptrdiff_t>(i))) return true;
      return false;
    };
    std::vector<std::string> reasons;
    text::Span where{0, static_cast<std::uint32_t>(e_.child_title.size())};
    bool first_marker = true;
    for (const auto* list : {&lex_.breaking, &lex_.certainty, &lex_.superlatives}) {
      const auto parent_set = set_of(PT, *list);
      for (const auto& [a, b] : phrases_in(CT, *list, 0, CT.size(), 0, CT.size())) {
        const std::string phrase = lower_words(CT, a, b);
        // A marker set as a label ("BREAKING:", "EXCLUSIVE") is no synonym of a word of the parent's
        // headline ("cracks" and "breaking" share a WordNet sense).
        const std::string raw = CT.text_of(a, b);
        const std::size_t end = CT.span_of(a, b).end;
        const bool label = std::none_of(raw.begin(), raw.end(), [](unsigned char c) { return std::islower(c); }) ||
                           (end < e_.child_title.size() && e_.child_title[end] == ':');
        if (have_parent ? parent_set.contains(phrase) || (!label && swapped(PT, phrase)) : body_has(phrase)) continue;
        reasons.push_back(quoted(CT.text_of(a, b), " added"));
        if (first_marker) where = CT.span_of(a, b);
        first_marker = false;
      }
    }
    if (have_parent) {
      const auto child_hedges = set_of(CT, lex_.hedges);
      for (const auto& [a, b] : phrases_in(PT, lex_.hedges, 0, PT.size(), 0, PT.size()))
        if (!child_hedges.contains(lower_words(PT, a, b)) && !swapped(CT, lower_words(PT, a, b))) reasons.push_back(quoted(PT.text_of(a, b), " dropped", "hedge "));
      if (e_.parent_title.find('?') != std::string_view::npos && e_.child_title.find('?') == std::string_view::npos)
        reasons.push_back("question turned into assertion");
    }
    if (reasons.empty()) return;
    std::string detail;
    for (const auto& s : reasons) {
      if (!detail.empty()) detail += "; ";
      detail += s;
    }
    emit(MutationType::headline_escalation, PT, whole_parent, CT, where, detail, true);
  }

  const EdgeTexts& e_;
  const Lexicon& lex_;
  Doc P_, C_;
  const std::vector<Claim>&pclaims_, &cclaims_; // kept in the memo
  std::vector<std::int64_t> pmatch_, cmatch_;
  std::vector<char> phandled_, chandled_;
  std::map<int, std::size_t> quotes_;
  std::map<int, int> child_quote_; // child quote -> key of its entry in quotes_
  std::vector<Run> pending_; // runs found, judged together once all are known
  Side &pside_, &cside_; // synonym_segments' stretches of P_ and C_ (the same Side when P_ and C_ are one text)
  std::vector<Mutation> out_;
};

} // namespace

std::vector<Mutation> detect_mutations(const EdgeTexts& edge, const Lexicon& lexicon) {
  SpinMemo memo;
  return Detector(edge, lexicon, memo).run();
}

std::vector<Mutation> detect_mutations(const EdgeTexts& edge, const Lexicon& lexicon, SpinMemo& memo) { return Detector(edge, lexicon, memo).run(); }

std::shared_ptr<SpinMemo> make_spin_memo() { return std::make_shared<SpinMemo>(); }

const std::vector<Claim>& extract_claims(std::string_view body, const text::Analysis& analysis, const Lexicon& lexicon, SpinMemo& memo) {
  Side& side = memo.sides[{&analysis, &lexicon}];
  if (!side.claims) side.claims = extract_claims(body, analysis, lexicon);
  return *side.claims;
}

std::vector<Mutation> detect_mutations(std::string_view parent_body, std::string_view child_body, std::span<const align::Passage> passages,
                                       std::string_view parent_title, std::string_view child_title, const Lexicon& lexicon) {
  const text::Analysis pa = text::analyze(parent_body), ca = text::analyze(child_body);
  return detect_mutations(EdgeTexts{parent_body, child_body, pa, ca, passages, parent_title, child_title}, lexicon);
}

} // namespace stemma::claims
