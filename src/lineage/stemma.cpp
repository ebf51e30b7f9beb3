#include "lineage/lineage.h"
#include "lineage/internal.h"
#include "text/text.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <set>
#include <unordered_map>

namespace stemma::lineage {

const char* to_string(Relation r) {
  switch (r) {
  case Relation::verbatim_copy: return "verbatim_copy";
  case Relation::quoted_with_credit: return "quoted_with_credit";
  case Relation::paraphrase_with_credit: return "paraphrase_with_credit";
  case Relation::spin_uncredited: return "spin_uncredited";
  case Relation::aggregation: return "aggregation";
  case Relation::partial_copy: return "partial_copy";
  }
  return "?";
}

const char* to_string(SignalKind k) {
  switch (k) {
  case SignalKind::date: return "date";
  case SignalKind::credit: return "credit";
  case SignalKind::link: return "link";
  case SignalKind::wire_byline: return "wire_byline";
  case SignalKind::containment: return "containment";
  case SignalKind::shared_innovation: return "shared_innovation";
  case SignalKind::arrival: return "arrival";
  }
  return "?";
}

std::optional<SignalKind> signal_kind_from_string(std::string_view s) {
  for (const SignalKind k : {SignalKind::date, SignalKind::credit, SignalKind::link, SignalKind::wire_byline, SignalKind::containment,
                             SignalKind::shared_innovation, SignalKind::arrival})
    if (s == to_string(k)) return k;
  return std::nullopt;
}

std::optional<Relation> relation_from_string(std::string_view s) {
  for (const Relation r : {Relation::verbatim_copy, Relation::quoted_with_credit, Relation::paraphrase_with_credit,
                           Relation::spin_uncredited, Relation::aggregation, Relation::partial_copy})
    if (s == to_string(r)) return r;
  return std::nullopt;
}

namespace {

struct Direction {
  bool a_is_parent = true;
  double confidence = 0.5;
  std::string evidence;                // the strongest signal that agrees, in words
  std::vector<DirectionSignal> signals; // weights relative to the chosen orientation
};

// What two texts say about each other, beyond their dates.
struct PairEvidence {
  Credit b_credits_a, a_credits_b;
  // Lachmann's test against the story's origin: +1 when a's changes to it are
  // all in b and b adds its own (a above b), -1 the reverse, 0 no verdict.
  double innovation = 0; // weighted: 1 for shared changes, less when only one side changed
  std::uint32_t shared_innovations = 0; // variant words both read alike against the origin
  std::uint32_t a_only = 0, b_only = 0;  // variant words one reads and the other does not (then they are compared)
  // The verdict's numbers, put in words only for the edges shown (a story has 100,000s of pairs).
  struct {
    std::uint32_t upper = 0, lower = 0, origin = 0, shared = 0, lower_only = 0;
    bool strong = false;
    bool graded = false;         // no clean verdict: the lower one only has more changes of its own
    std::uint32_t upper_only = 0; // then: the upper one's own
  } innovation_verdict;
  // News agencies supply newspapers: +1 when only a is an agency, -1 when only b is.
  int agency = 0;
};

bool is_agency(const ArticleInfo& a) {
  const Outlet* o = a.outlet.empty() ? nullptr : outlet_by_name(text::normalize(a.outlet));
  return o && o->wire;
}

// What a child would call an article, its text as a credit search reads it, and whether it is a
// news agency: prepared once per article (a story checks every pair).
struct CreditSide {
  const ArticleInfo* info;
  const detail::CreditText* text;
  const detail::CreditNames* names;
  bool agency;
};

// The evidence of two texts about each other that needs no third: credits both ways, news agencies.
void credit_evidence(PairEvidence& ev, const CreditSide& a, const CreditSide& b) {
  ev.b_credits_a = detail::find_credit_prepared(*b.text, *a.info, *a.names, b.info);
  ev.a_credits_b = detail::find_credit_prepared(*a.text, *b.info, *b.names, a.info);
  ev.agency = static_cast<int>(a.agency) - static_cast<int>(b.agency);
}

// Reuse as seen from a candidate parent to a child. The pair's alignment is
// referred to, not copied (a story orients every pair several times); `flipped`
// when its "a" side is the child.
struct Incoming {
  const ArticleInfo* parent;
  const align::Alignment* alignment;
  bool flipped = false;
  Direction direction;
  Credit credit; // how the child credits this parent
  std::uint32_t shared_innovations = 0; // with the child, against the story's origin
  // The shared changes, weighed by the square of the share of the parent's changes the child
  // carries: a copy reads nearly all of its source's changes; two copies spun independently from
  // one text share some synonym choices by chance (one thesaurus) but each lacks most of the
  // other's (measured on the dev traditions against shared * share counted twice: directed edge
  // F1 +0.006 standard dates, +0.004 clean, noisy equal).
  double innovation_weight = 0;
  bool own_credit = false; // the child names this parent itself (see mark_own_credits)
  double rank = 0; // choose_parents' score, computed once before sorting

  double child_coverage() const { return flipped ? alignment->coverage_a : alignment->coverage_b; }
  double parent_coverage() const { return flipped ? alignment->coverage_b : alignment->coverage_a; }
  align::Alignment parent_to_child() const { return flipped ? align::flipped(*alignment) : *alignment; }
  // Token ranges of the child in the passages.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> child_ranges() const {
    std::vector<std::pair<std::uint32_t, std::uint32_t>> r;
    for (const auto& p : alignment->passages)
      flipped ? r.emplace_back(p.a_first_token, p.a_first_token + p.a_token_count) : r.emplace_back(p.b_first_token, p.b_first_token + p.b_token_count);
    return r;
  }
};

double carried(std::uint32_t shared, std::uint32_t parent_only) {
  if (shared == 0) return 0.0;
  const double f = static_cast<double>(shared) / (static_cast<double>(shared) + parent_only);
  return shared * f * f;
}

// Words inside aligned passages that the diff does not keep: the differences
// a copy made (or inherited). Fewer means a closer relative.
std::uint32_t internal_edits(const align::Alignment& al) {
  std::uint32_t e = 0;
  for (const auto& p : al.passages) e += (p.a_token_count - p.kept_tokens) + (p.b_token_count - p.kept_tokens);
  return e;
}

std::string describe_gap(std::int64_t seconds) {
  seconds = std::llabs(seconds);
  if (seconds >= 2 * 86400) return fmt::format("{} days", seconds / 86400);
  if (seconds >= 3600) return fmt::format("{}h{:02}m", seconds / 3600, (seconds % 3600) / 60);
  return fmt::format("{} min", seconds / 60);
}

// Which of two articles that share text is the earlier version? Every piece
// of evidence votes with a weight (positive: a is the parent); dates can be
// missing, a crawl date, or wrong, so a credit line outvotes any date gap and
// the texts' own variants can outvote a small one.
// With `explain` false only the verdict and its confidence are computed, not the
// signals in words (for ranking all of a story's pairs; the chosen edges are explained).
Direction orient(const ArticleInfo& a, const ArticleInfo& b, const align::Alignment& al, const PairEvidence& ev,
                 const LineageParams& params, bool explain = true) {
  std::vector<DirectionSignal> votes;
  double total = 0;
  const auto vote = [&](SignalKind kind, double weight, const auto& describe) {
    total += weight;
    if (explain) votes.push_back({kind, weight, describe()});
  };
  if (a.published_utc && b.published_utc) {
    const std::int64_t tolerance = (a.date_has_time && b.date_has_time) ? params.date_tolerance_seconds : 36 * 3600;
    const std::int64_t delta = *b.published_utc - *a.published_utc;
    const std::int64_t gap = std::llabs(delta);
    if (gap > tolerance) {
      const double w = 0.9 * std::min(1.0, static_cast<double>(gap) / (3.0 * static_cast<double>(tolerance))) + (gap > 2 * 86400 ? 0.4 : 0.0);
      vote(SignalKind::date, delta > 0 ? w : -w, [&] { return fmt::format("published {} earlier", describe_gap(delta)); });
    }
  }
  // An undated copy is no older than its own sources; a crawled page existed by its crawl time.
  const auto bound_vote = [&](const ArticleInfo& x, const ArticleInfo& y, double sign) { // evidence that y is older than x
    if (!x.published_utc && x.not_before_utc && y.published_utc && *y.published_utc < *x.not_before_utc - params.date_tolerance_seconds)
      vote(SignalKind::date, sign * 0.6, [&] {
        return fmt::format("undated #{} copies articles published {} after #{}", x.id, describe_gap(*x.not_before_utc - *y.published_utc), y.id);
      });
    if (!y.published_utc && y.fetched_utc && x.published_utc && *y.fetched_utc < *x.published_utc - params.date_tolerance_seconds)
      vote(SignalKind::date, sign * 0.6, [&] {
        return fmt::format("#{} was crawled {} before #{} was published", y.id, describe_gap(*x.published_utc - *y.fetched_utc), x.id);
      });
  };
  bound_vote(a, b, -1.0);
  bound_vote(b, a, 1.0);
  if (ev.b_credits_a.credited != ev.a_credits_b.credited) {
    const Credit& c = ev.b_credits_a.credited ? ev.b_credits_a : ev.a_credits_b;
    const SignalKind kind = c.kind == "link" ? SignalKind::link : c.kind == "wire_byline" ? SignalKind::wire_byline : SignalKind::credit;
    // A named source was there first: outvotes any date gap with containment (a page's date can be
    // its crawl or update time, days late). Measured on the dev traditions against 1.0 (below a
    // gap of days): directed edge F1 +0.009 standard dates, +0.040 noisy, -0.002 clean; METER
    // parent precision 0.976 -> 0.973.
    vote(kind, ev.b_credits_a.credited ? 2.0 : -2.0, [] { return std::string("the later version names its source"); });
  }
  // Below a clear date gap: alignment noise can fake a variant, a clock rarely lies by days.
  // News agencies supply newspapers: on the same day, agency copy is the likelier source.
  if (ev.agency != 0)
    vote(SignalKind::wire_byline, 0.5 * ev.agency,
         [&] { return fmt::format("{} is a news agency, whose copy newspapers run", ev.agency > 0 ? a.outlet : b.outlet); });
  if (ev.innovation != 0.0)
    vote(SignalKind::shared_innovation, 0.8 * ev.innovation, [&] {
      const auto& v = ev.innovation_verdict;
      if (v.graded)
        return fmt::format("#{} shares {} changes to the origin #{} with #{} and has more of its own ({} words against {})", v.lower, v.shared,
                           v.origin, v.upper, v.lower_only, v.upper_only);
      return v.strong ? fmt::format("#{} carries the {} words #{} changed from the origin #{} and changes {} more", v.lower, v.shared, v.upper,
                                    v.origin, v.lower_only)
                      : fmt::format("#{} changes {} words of the origin #{} that #{} keeps", v.lower, v.lower_only, v.origin, v.upper);
    });
  // The copy is the one more fully contained in the other (weak: copies add prefaces too).
  if (std::fabs(al.coverage_a - al.coverage_b) > 0.05) {
    const double diff = al.coverage_b - al.coverage_a;
    const double child_cov = diff > 0 ? al.coverage_b : al.coverage_a, parent_cov = diff > 0 ? al.coverage_a : al.coverage_b;
    vote(SignalKind::containment, std::copysign(std::min(0.3, std::fabs(diff)), diff), [&] {
      return fmt::format("containment: {:.0f}% of the copy lies in the source, {:.0f}% the other way", 100 * child_cov, 100 * parent_cov);
    });
  }
  Direction d;
  if (std::fabs(total) < 1e-9) {
    const bool a_dated = a.published_utc.has_value(), b_dated = b.published_utc.has_value();
    const bool a_first = a_dated != b_dated ? a_dated : a.id < b.id;
    total = 0;
    vote(SignalKind::arrival, a_first ? 0.01 : -0.01, [] { return std::string("no date or containment evidence; order of arrival"); });
  }
  d.a_is_parent = total > 0;
  d.confidence = 0.5 + 0.5 * std::tanh(1.5 * std::fabs(total));
  if (!d.a_is_parent)
    for (auto& v : votes) v.weight = -v.weight;
  const auto best = std::max_element(votes.begin(), votes.end(), [](const DirectionSignal& x, const DirectionSignal& y) { return x.weight < y.weight; });
  if (best != votes.end()) d.evidence = best->detail;
  d.signals = std::move(votes);
  return d;
}

// Earliest known date first; unknown dates last; then arrival order.
bool earlier(const ArticleInfo& x, const ArticleInfo& y) {
  if (x.published_utc.has_value() != y.published_utc.has_value()) return x.published_utc.has_value();
  if (x.published_utc && *x.published_utc != *y.published_utc) return *x.published_utc < *y.published_utc;
  return x.id < y.id;
}

std::uint32_t uncovered_words(const std::vector<std::pair<std::uint32_t, std::uint32_t>>& ranges, const std::vector<bool>& covered) {
  std::uint32_t n = 0;
  for (const auto& [lo, hi] : ranges)
    for (std::uint32_t i = lo; i < hi && i < covered.size(); ++i) n += !covered[i];
  return n;
}

Edge make_edge(const ArticleInfo& child, const Incoming& in, bool aggregation, const LineageParams& params) {
  Edge e;
  e.parent = in.parent->id;
  e.child = child.id;
  e.passages = in.parent_to_child().passages;
  e.coverage = in.child_coverage();
  e.similarity = align::similarity(*in.alignment);
  double quoted_bytes = 0, bytes = 0;
  for (const auto& p : e.passages) {
    const double len = p.b_end - p.b_begin;
    bytes += len;
    quoted_bytes += std::max(0.0, p.b_quoted - p.a_quoted) * len; // quoted in the child, not in the parent
  }
  const double quote_share = bytes > 0 ? quoted_bytes / bytes : 0;
  const double parent_coverage = in.parent_coverage();
  e.credited = in.credit.credited;
  e.credit_kind = in.credit.kind;
  e.credit_evidence = in.credit.evidence;
  e.direction_evidence = in.direction.evidence;
  e.signals = in.direction.signals;

  double relation_confidence = 0.9;
  const auto near = [&](double v, double threshold, double margin) {
    if (std::fabs(v - threshold) < margin) relation_confidence = 0.6;
  };
  if (aggregation) {
    e.relation = Relation::aggregation;
  } else if (e.similarity >= params.verbatim_similarity && parent_coverage >= params.copy_parent_coverage) {
    e.relation = Relation::verbatim_copy;
    near(e.similarity, params.verbatim_similarity, 0.02);
    near(parent_coverage, params.copy_parent_coverage, 0.05);
  } else if (quote_share >= params.quote_share) {
    e.relation = e.credited ? Relation::quoted_with_credit : Relation::partial_copy;
    near(quote_share, params.quote_share, 0.1);
  } else if (e.credited) {
    e.relation = Relation::paraphrase_with_credit;
  } else if (e.similarity < params.verbatim_similarity) {
    e.relation = Relation::spin_uncredited;
    near(e.similarity, params.verbatim_similarity, 0.02);
  } else {
    e.relation = Relation::partial_copy;
  }
  e.confidence = in.direction.confidence * relation_confidence;
  return e;
}

// Which of a child's credits are its own: a credit line it copied with another candidate's
// text (that candidate credits the same source with the same line) tells where that
// candidate's text came from, not the child's. `credit_of(citer, cited)` is how one article
// credits another.
template <class CreditOf> void mark_own_credits(std::vector<Incoming>& incoming, const CreditOf& credit_of) {
  for (Incoming& in : incoming) {
    in.own_credit = in.credit.credited;
    for (const Incoming& other : incoming) {
      if (!in.own_credit) break;
      if (other.parent != in.parent && detail::same_credit_line(in.credit, credit_of(*other.parent, *in.parent))) in.own_credit = false;
    }
  }
}

// Copies of a source outside the corpus are siblings, not parent and child: when the child
// cites such a source in a line of its own (no candidate has that line), candidates that cite
// it too and that the child neither names nor shares changes with are set aside, and the child
// hangs from the placeholder (add_placeholders). `absent_citations(id)`: an article's citations
// of sources outside the story. Where the story's origin cites that source too (`origin_citations`),
// the origin is itself one of the copies, and the changes measured against it are its own: every
// other copy "shares" them, so they do not keep a candidate as the child's parent.
template <class Citations> void set_aside_siblings(std::vector<Incoming>& incoming, const std::vector<Citation>& child_citations,
                                                     const Citations& absent_citations, const std::vector<Citation>* origin_citations = nullptr) {
  for (const Citation& own : child_citations) {
    const bool copied = std::any_of(incoming.begin(), incoming.end(), [&](const Incoming& in) {
      const std::vector<Citation>& theirs = absent_citations(in.parent->id);
      return std::any_of(theirs.begin(), theirs.end(), [&](const Citation& c) { return detail::same_citation_line(own, c); });
    });
    if (copied) continue;
    const bool origin_is_copy = origin_citations && std::any_of(origin_citations->begin(), origin_citations->end(),
                                                                [&](const Citation& c) { return c.key == own.key; });
    std::erase_if(incoming, [&](const Incoming& in) {
      if (in.own_credit || (in.shared_innovations > 0 && !origin_is_copy)) return false;
      const std::vector<Citation>& theirs = absent_citations(in.parent->id);
      return std::any_of(theirs.begin(), theirs.end(), [&](const Citation& c) { return c.key == own.key; });
    });
  }
}

// The reuse between two articles of a story, if any: the pair's alignment and whether `x` is its "a" side.
using PairOf = std::function<const align::Alignment*(std::uint32_t x, std::uint32_t y, bool& x_is_a)>;

// Of the child words a further candidate would add (not `covered` by the parents chosen so
// far), those that come from text of the candidate that no chosen parent has too: where a chosen
// parent shares the candidate's passage, the child's alignment with that parent only missed it
// (a spin, a requoted sentence), and the candidate adds nothing an aggregation would need.
std::uint32_t fresh_words(const Incoming& candidate, const std::vector<const Incoming*>& chosen, const std::vector<bool>& covered,
                          const PairOf& pair_of) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> theirs; // candidate token ranges a chosen parent has
  if (pair_of)
    for (const Incoming* c : chosen) {
      bool candidate_is_a = false;
      const align::Alignment* al = pair_of(candidate.parent->id, c->parent->id, candidate_is_a);
      if (!al) continue;
      for (const auto& p : al->passages)
        candidate_is_a ? theirs.emplace_back(p.a_first_token, p.a_first_token + p.a_token_count)
                       : theirs.emplace_back(p.b_first_token, p.b_first_token + p.b_token_count);
    }
  double fresh = 0;
  for (const auto& p : candidate.alignment->passages) {
    const std::uint32_t clo = candidate.flipped ? p.a_first_token : p.b_first_token;
    const std::uint32_t chi = clo + (candidate.flipped ? p.a_token_count : p.b_token_count);
    const std::uint32_t plo = candidate.flipped ? p.b_first_token : p.a_first_token;
    const std::uint32_t phi = plo + (candidate.flipped ? p.b_token_count : p.a_token_count);
    const std::uint32_t n = uncovered_words({{clo, chi}}, covered);
    if (n == 0) continue;
    std::uint32_t shared = 0;
    if (phi > plo && !theirs.empty()) {
      std::vector<bool> in(phi - plo, false);
      for (const auto& [lo, hi] : theirs)
        for (std::uint32_t i = std::max(lo, plo); i < std::min(hi, phi); ++i) in[i - plo] = true;
      shared = static_cast<std::uint32_t>(std::count(in.begin(), in.end(), true));
    }
    fresh += n * (1.0 - (phi > plo ? static_cast<double>(shared) / (phi - plo) : 0.0));
  }
  return static_cast<std::uint32_t>(std::lround(fresh));
}

// Picks the nearest parent(s) of one child among its incoming reuse.
std::vector<Edge> choose_parents(const ArticleInfo& child, std::vector<Incoming> incoming, const LineageParams& params,
                                 const PairOf& pair_of = {}) {
  incoming.erase(std::remove_if(incoming.begin(), incoming.end(),
                                [&](const Incoming& in) { return align::kept_words(*in.alignment) < params.min_shared_words; }),
                 incoming.end());
  if (incoming.empty()) return {};
  // Lachmann: changes the child shares with a candidate against the origin put the
  // child below that candidate, even where the two explain the child equally well.
  const auto score = [](const Incoming& in) {
    return static_cast<double>(align::kept_words(*in.alignment)) - static_cast<double>(internal_edits(*in.alignment)) +
           in.innovation_weight;
  };
  // A source the child names itself first ("according to ...", a link to it: the nearest source
  // as the child tells it; measured on the dev traditions: directed edge F1 +0.08 clean, +0.09
  // standard dates). Then the closest relative: explains most of the child with fewest
  // differences; equally close candidates are indistinguishable copies, and the earliest wins.
  for (Incoming& in : incoming) in.rank = score(in);
  std::sort(incoming.begin(), incoming.end(), [&](const Incoming& x, const Incoming& y) {
    if (x.own_credit != y.own_credit) return x.own_credit;
    const double sx = x.rank, sy = y.rank;
    // Scores are whole words: any difference is evidence (a word one copy dropped).
    if (std::fabs(sx - sy) >= 1.0) return sx > sy;
    // Equally close: the one with less text the child lacks (fewer drops to explain; +0.003).
    if (std::fabs(x.parent_coverage() - y.parent_coverage()) >= 0.02) return x.parent_coverage() > y.parent_coverage();
    return earlier(*x.parent, *y.parent);
  });

  std::vector<bool> covered(child.tokens, false);
  const auto cover = [&](const Incoming& in) {
    for (const auto& [lo, hi] : in.child_ranges())
      for (std::uint32_t i = lo; i < hi && i < covered.size(); ++i) covered[i] = true;
  };
  std::vector<const Incoming*> chosen{&incoming.front()};
  cover(incoming.front());
  for (std::size_t i = 1; i < incoming.size(); ++i) {
    const auto enough = [&](std::uint32_t fresh) {
      return fresh >= params.aggregation_new_words && fresh >= params.aggregation_new_share * child.tokens;
    };
    if (enough(uncovered_words(incoming[i].child_ranges(), covered)) && enough(fresh_words(incoming[i], chosen, covered, pair_of))) {
      chosen.push_back(&incoming[i]);
      cover(incoming[i]);
    }
  }
  std::vector<Edge> edges;
  for (const Incoming* in : chosen) edges.push_back(make_edge(child, *in, chosen.size() > 1, params));
  return edges;
}

// Drops the weakest edge of every cycle (mixed evidence can orient pairs circularly).
void break_cycles(std::vector<Edge>& edges) {
  for (;;) {
    std::multimap<std::uint32_t, std::size_t> out; // parent -> edge index
    for (std::size_t i = 0; i < edges.size(); ++i) out.emplace(edges[i].parent, i);
    std::map<std::uint32_t, int> state; // 0 new, 1 on stack, 2 done
    std::vector<std::size_t> stack_edges;
    std::optional<std::vector<std::size_t>> cycle;
    std::function<void(std::uint32_t)> visit = [&](std::uint32_t node) {
      state[node] = 1;
      const auto [lo, hi] = out.equal_range(node);
      for (auto it = lo; it != hi && !cycle; ++it) {
        const Edge& e = edges[it->second];
        stack_edges.push_back(it->second);
        if (state[e.child] == 1) {
          std::vector<std::size_t> c;
          for (auto s = stack_edges.rbegin(); s != stack_edges.rend(); ++s) {
            c.push_back(*s);
            if (edges[*s].parent == e.child) break;
          }
          cycle = c;
        } else if (state[e.child] == 0) {
          visit(e.child);
        }
        stack_edges.pop_back();
      }
      state[node] = 2;
    };
    for (const Edge& e : edges) {
      if (cycle) break;
      if (state[e.parent] == 0) visit(e.parent);
    }
    if (!cycle) return;
    const std::size_t weakest = *std::min_element(cycle->begin(), cycle->end(), [&](std::size_t x, std::size_t y) {
      return edges[x].confidence < edges[y].confidence;
    });
    edges.erase(edges.begin() + static_cast<std::ptrdiff_t>(weakest));
  }
}

} // namespace

namespace {

// The story's origin, the outgroup of Lachmann's test: the earliest dated
// article that shares text with at least half of the others; else, as the
// stemma stands, the root with most descendants.
std::optional<std::uint32_t> origin_of(const std::vector<ArticleInfo>& members, const std::vector<Edge>& edges,
                                       const std::vector<PairReuse>& pairs) {
  std::unordered_map<std::uint32_t, std::uint32_t> partners;
  for (const PairReuse& p : pairs) ++partners[p.a], ++partners[p.b];
  const ArticleInfo* earliest = nullptr;
  for (const ArticleInfo& m : members) {
    if (!m.published_utc || !may_be_origin(partners[m.id], members.size())) continue;
    if (!earliest || *m.published_utc < *earliest->published_utc) earliest = &m;
  }
  if (earliest) return earliest->id;
  std::unordered_map<std::uint32_t, std::vector<std::uint32_t>> children;
  std::set<std::uint32_t> has_parent;
  for (const Edge& e : edges) children[e.parent].push_back(e.child), has_parent.insert(e.child);
  std::optional<std::uint32_t> best;
  std::size_t best_size = 0;
  for (const ArticleInfo& m : members) {
    if (has_parent.contains(m.id) || !children.contains(m.id)) continue;
    std::set<std::uint32_t> seen{m.id};
    std::vector<std::uint32_t> todo{m.id};
    while (!todo.empty()) {
      const std::uint32_t x = todo.back();
      todo.pop_back();
      if (const auto it = children.find(x); it != children.end())
        for (const std::uint32_t c : it->second)
          if (seen.insert(c).second) todo.push_back(c);
    }
    if (seen.size() > best_size) best = m.id, best_size = seen.size();
  }
  return best;
}

std::string token_text(std::string_view body, const text::Analysis& a, std::uint32_t first, std::uint32_t last /* inclusive */) {
  if (first > last || last >= a.tokens.size()) return {};
  return std::string(body.substr(a.tokens[first].begin, a.tokens[last].end - a.tokens[first].begin));
}

// Shared innovations of a parent and its child against the origin, as evidence to show.
std::vector<Innovation> shared_innovations(std::uint32_t origin, std::string_view origin_body, const text::Analysis& origin_analysis,
                                           const detail::Readings& parent, const detail::Readings& child,
                                           std::string_view child_body, const text::Analysis& child_analysis) {
  std::vector<Innovation> out;
  const detail::ReadingComparison cmp = detail::compare_readings(parent, child);
  constexpr std::size_t kMax = 5;
  for (const auto& [lo, hi] : cmp.shared_spans) {
    if (out.size() >= kMax) break;
    Innovation inn;
    inn.ancestor = origin;
    // With a kept word either side for context ("Kessler County's" -> "'s" reads badly alone).
    const std::uint32_t from = lo > 0 && child.at[lo - 1] == detail::Readings::kept ? lo - 1 : lo;
    const std::uint32_t to = hi < child.at.size() && child.at[hi] == detail::Readings::kept ? hi + 1 : hi;
    inn.ancestor_text = token_text(origin_body, origin_analysis, from, to - 1);
    // The child's reading: the witness tokens it reads over the span.
    std::uint32_t first = UINT32_MAX, last = 0;
    for (std::uint32_t i = from; i < to; ++i)
      if (child.witness_at[i] != UINT32_MAX) first = std::min(first, child.witness_at[i]), last = std::max(last, child.witness_at[i]);
    if (first != UINT32_MAX) inn.text = token_text(child_body, child_analysis, first, last);
    out.push_back(std::move(inn));
  }
  for (const std::uint32_t pos : cmp.shared_insertions) {
    if (out.size() >= kMax) break;
    const auto it = child.inserted.find(pos);
    if (it == child.inserted.end() || it->second.words < 2) continue; // one inserted word is too often noise to show
    Innovation inn;
    inn.ancestor = origin;
    inn.text = token_text(child_body, child_analysis, it->second.first, it->second.first + it->second.words - 1);
    out.push_back(std::move(inn));
  }
  return out;
}

// Lachmann's test on one pair (a, b) from their readings against the origin; true when it
// says something (a verdict on who is above, or shared changes).
bool lachmann_evidence(PairEvidence& ev, const detail::ReadingComparison& cmp, std::uint32_t a, std::uint32_t b, std::uint32_t origin,
                       const LineageParams& params) {
  // x is above y when y reads all of x's changes (a few words of alignment noise
  // aside) and adds its own. Strong when they share changes (x's innovations
  // reached y); weak when x has none (then y is only shown not to be x's source).
  const auto ancestor = [&](std::uint32_t upper_only, std::uint32_t lower_only) {
    return upper_only <= std::clamp<std::uint32_t>(lower_only / 50, 1, 3) && lower_only >= params.min_innovation_words;
  };
  bool said = false;
  const bool a_above = ancestor(cmp.x_only, cmp.y_only), b_above = ancestor(cmp.y_only, cmp.x_only);
  if (a_above != b_above) {
    // Strong only when the shared changes are not lost among the lower one's own (a
    // commentary quoting a few lines shares a word or two with anything by chance).
    const std::uint32_t lower_only = a_above ? cmp.y_only : cmp.x_only;
    const bool strong = cmp.shared >= std::max(params.min_innovation_words, lower_only / 50);
    ev.innovation = (a_above ? 1 : -1) * (strong ? 1.0 : 0.3);
    const std::uint32_t upper = a_above ? a : b, lower = a_above ? b : a;
    ev.innovation_verdict = {upper, lower, origin, cmp.shared, a_above ? cmp.y_only : cmp.x_only, strong};
    said = true;
  } else if (cmp.shared >= params.min_innovation_words && cmp.x_only + cmp.y_only >= 10) {
    // No clean verdict, but common changes make them near relatives: a copy carries its
    // source's changes and adds its own, while its source reads the copy's changes only where
    // alignment noise or a re-spun word says so. So the one with more changes of its own is the
    // likelier copy: a weak vote (at most 0.36: below a clear date gap and the news-agency
    // signal), for undated pairs and pairs closer in time than their dates' uncertainty (spins of
    // spins rarely pass the clean test: a few words of their source's changes always look "kept"
    // in the copy). Measured on the dev traditions, standard dates: directed edge F1 +0.028; at
    // 0.48 the same there, but METER lost 0.002 parent precision (newspapers put above PA).
    const double imbalance = (static_cast<double>(cmp.y_only) - cmp.x_only) / (static_cast<double>(cmp.x_only) + cmp.y_only);
    if (std::fabs(imbalance) >= 0.2) {
      ev.innovation = 0.45 * imbalance;
      const bool a_up = imbalance > 0;
      ev.innovation_verdict = {a_up ? a : b, a_up ? b : a, origin, cmp.shared, a_up ? cmp.y_only : cmp.x_only, false};
      ev.innovation_verdict.upper_only = a_up ? cmp.x_only : cmp.y_only;
      ev.innovation_verdict.graded = true;
      said = true;
    }
  }
  if (cmp.shared >= params.min_innovation_words) ev.shared_innovations = cmp.shared, said = true;
  ev.a_only = cmp.x_only, ev.b_only = cmp.y_only;
  return said;
}

// The evidence shown on an edge below the origin: the changes child and parent share against it.
void show_shared_innovations(Edge& e, std::uint32_t origin, std::string_view origin_body, const text::Analysis& origin_analysis,
                             const detail::Readings& parent, const detail::Readings& child, std::string_view child_body,
                             const text::Analysis& child_analysis) {
  e.shared_innovations = shared_innovations(origin, origin_body, origin_analysis, parent, child, child_body, child_analysis);
  const bool signalled = std::any_of(e.signals.begin(), e.signals.end(), [](const DirectionSignal& s) { return s.kind == SignalKind::shared_innovation; });
  if (!e.shared_innovations.empty() && !signalled)
    e.signals.push_back({SignalKind::shared_innovation, 0.0, fmt::format("shares {} changes to the origin #{} with #{}", e.shared_innovations.size(), origin, e.parent)});
}

} // namespace

Stemma build_stemma(const std::vector<ArticleInfo>& members_in, const std::vector<PairReuse>& pairs, const BodyLookup& body_of,
                    const LineageParams& params, const AnalysisLookup& known_analysis) {
  std::vector<ArticleInfo> members = members_in;
  std::unordered_map<std::uint32_t, ArticleInfo*> info;
  for (auto& m : members) info.emplace(m.id, &m);

  // Credit is a property of the texts: normalise each once, and check it once per pair and direction.
  std::unordered_map<std::uint32_t, std::string> normalized;
  std::unordered_map<std::uint32_t, bool> agency;
  std::unordered_map<std::uint32_t, detail::CreditText> texts;
  std::unordered_map<std::uint32_t, detail::CreditNames> names;
  for (const auto& m : members) normalized.emplace(m.id, text::normalize(body_of(m.id))), agency.emplace(m.id, is_agency(m));
  for (const auto& m : members) texts.emplace(m.id, detail::credit_text(normalized.at(m.id), &m)), names.emplace(m.id, detail::credit_names(m));
  std::vector<PairEvidence> evidence(pairs.size());
  std::map<std::pair<std::uint32_t, std::uint32_t>, std::size_t> pair_index;
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    const PairReuse& pr = pairs[i];
    const auto ia = info.find(pr.a), ib = info.find(pr.b);
    if (ia == info.end() || ib == info.end()) continue;
    pair_index.emplace(std::minmax(pr.a, pr.b), i);
    credit_evidence(evidence[i], {ia->second, &texts.at(pr.a), &names.at(pr.a), agency.at(pr.a)},
                    {ib->second, &texts.at(pr.b), &names.at(pr.b), agency.at(pr.b)});
  }

  const auto credit_of = [&](const ArticleInfo& citer, const ArticleInfo& cited) {
    return detail::find_credit_prepared(texts.at(citer.id), cited, names.at(cited.id), &citer);
  };
  // Citations of sources outside the story (the names its own outlets go by excepted).
  std::set<std::string> present;
  for (const ArticleInfo& m : members) present.merge(detail::cited_as(m));
  std::unordered_map<std::uint32_t, std::vector<Citation>> absent_citations;
  for (const ArticleInfo& m : members) absent_citations.emplace(m.id, detail::absent_citations(body_of(m.id), m.byline, present));
  const auto absent_citations_of = [&](std::uint32_t id) -> const std::vector<Citation>& { return absent_citations.at(id); };

  const PairOf pair_of = [&](std::uint32_t x, std::uint32_t y, bool& x_is_a) -> const align::Alignment* {
    const auto it = pair_index.find(std::minmax(x, y));
    if (it == pair_index.end()) return nullptr;
    x_is_a = pairs[it->second].a == x;
    return &pairs[it->second].alignment;
  };
  // Orients every pair and picks each article's nearest parent(s). Undated
  // articles get a lower bound from their parents, and the pairs are oriented
  // again, until the bounds settle (a few rounds at most).
  std::optional<std::uint32_t> lachmann_origin; // set once the origin's readings are compared
  const auto build_edges = [&]() {
    std::vector<Edge> edges;
    for (int round = 0; round < 4; ++round) {
      std::unordered_map<std::uint32_t, std::vector<Incoming>> incoming;
      for (std::size_t i = 0; i < pairs.size(); ++i) {
        const PairReuse& pr = pairs[i];
        const auto ia = info.find(pr.a), ib = info.find(pr.b);
        if (ia == info.end() || ib == info.end()) continue;
        const ArticleInfo& a = *ia->second;
        const ArticleInfo& b = *ib->second;
        Direction d = orient(a, b, pr.alignment, evidence[i], params, /*explain=*/false);
        const PairEvidence& ev = evidence[i];
        if (d.a_is_parent)
          incoming[b.id].push_back({&a, &pr.alignment, false, std::move(d), ev.b_credits_a, ev.shared_innovations, carried(ev.shared_innovations, ev.a_only)});
        else
          incoming[a.id].push_back({&b, &pr.alignment, true, std::move(d), ev.a_credits_b, ev.shared_innovations, carried(ev.shared_innovations, ev.b_only)});
      }
      edges.clear();
      for (const ArticleInfo& m : members) {
        const auto it = incoming.find(m.id);
        if (it == incoming.end()) continue;
        mark_own_credits(it->second, credit_of);
        set_aside_siblings(it->second, absent_citations.at(m.id), absent_citations_of,
                           lachmann_origin && *lachmann_origin != m.id ? &absent_citations.at(*lachmann_origin) : nullptr);
        for (Edge& e : choose_parents(m, std::move(it->second), params, pair_of)) edges.push_back(std::move(e));
      }
      break_cycles(edges);
      // The chosen edges' direction in words: the same verdict, explained.
      for (Edge& e : edges) {
        const std::size_t i = pair_index.at(std::minmax(e.parent, e.child));
        Direction d = orient(*info.at(pairs[i].a), *info.at(pairs[i].b), pairs[i].alignment, evidence[i], params);
        e.direction_evidence = std::move(d.evidence);
        e.signals = std::move(d.signals);
      }
      bool changed = false;
      for (const Edge& e : edges) {
        ArticleInfo& child = *info.at(e.child);
        const ArticleInfo& parent = *info.at(e.parent);
        if (child.published_utc) continue;
        const std::optional<std::int64_t> bound = parent.published_utc ? parent.published_utc : parent.not_before_utc;
        if (bound && (!child.not_before_utc || *bound > *child.not_before_utc)) {
          child.not_before_utc = bound;
          changed = true;
        }
      }
      if (!changed) break;
    }
    return edges;
  };
  std::vector<Edge> edges = build_edges();

  // Lachmann's method: the copies' own variants against the origin (a reading
  // costs an analysis and a diff per article that shares text with the origin).
  std::unordered_map<std::uint32_t, text::Analysis> analyses;
  std::unordered_map<std::uint32_t, detail::Readings> readings;
  const std::optional<std::uint32_t> origin = origin_of(members, edges, pairs);
  const auto analysis_of = [&](std::uint32_t id) -> const text::Analysis& {
    if (known_analysis)
      if (const text::Analysis* known = known_analysis(id)) return *known;
    auto it = analyses.find(id);
    if (it == analyses.end()) it = analyses.emplace(id, text::analyze(body_of(id))).first;
    return it->second;
  };
  const auto readings_for = [&](std::uint32_t id) -> const detail::Readings* {
    if (!origin || id == *origin) return nullptr;
    if (const auto it = readings.find(id); it != readings.end()) return &it->second;
    const auto pi = pair_index.find(std::minmax(*origin, id));
    if (pi == pair_index.end()) return nullptr;
    const PairReuse& pr = pairs[pi->second];
    const align::Alignment al = pr.a == *origin ? pr.alignment : align::flipped(pr.alignment);
    return &readings.emplace(id, detail::readings_of(analysis_of(*origin), analysis_of(id), al)).first->second;
  };
  if (origin) {
    lachmann_origin = origin;
    bool any = false;
    for (std::size_t i = 0; i < pairs.size(); ++i) {
      const PairReuse& pr = pairs[i];
      if (pr.a == *origin || pr.b == *origin) continue;
      const detail::Readings* ra = readings_for(pr.a);
      const detail::Readings* rb = ra ? readings_for(pr.b) : nullptr;
      if (!ra || !rb) continue;
      if (lachmann_evidence(evidence[i], detail::compare_readings(*ra, *rb), pr.a, pr.b, *origin, params)) any = true;
    }
    if (any) edges = build_edges();
  }
  // Evidence to show: the changes a child shares with its parent against the origin.
  if (origin) {
    for (Edge& e : edges) {
      if (e.parent == *origin) continue;
      const detail::Readings* rp = readings_for(e.parent);
      const detail::Readings* rc = rp ? readings_for(e.child) : nullptr;
      if (!rp || !rc) continue;
      show_shared_innovations(e, *origin, body_of(*origin), analysis_of(*origin), *rp, *rc, body_of(e.child), analysis_of(e.child));
    }
  }

  Stemma s;
  for (const auto& m : members) s.members.push_back(m.id);
  std::sort(s.members.begin(), s.members.end());
  s.edges = std::move(edges);
  std::set<std::uint32_t> children;
  for (const Edge& e : s.edges) children.insert(e.child);
  for (const std::uint32_t id : s.members)
    if (!children.contains(id)) s.roots.push_back(id);
  detail::add_placeholders(s, members, present, absent_citations_of); // the citations found above
  return s;
}

bool may_be_origin(std::size_t partners, std::size_t story_members) { return 2 * partners + 1 >= story_members; }

std::optional<std::vector<Edge>> extend_stemma(const StoryGrowth& g, const LineageParams& params) {
  const ArticleInfo& child = g.child.info;
  if (!child.published_utc || g.partners.empty() || !g.child.analysis) return std::nullopt;
  // Placeholders: a new article's outlet could be one of them. Its citations (checked once its
  // parents are known) leave them as they are when they name outlets of the story, or a
  // placeholder its parent cites too: it is a leaf, so nobody's citing ancestor.
  std::set<std::string> present = detail::cited_as(child);
  for (const Placeholder& p : g.placeholders)
    if (present.contains(p.key)) return std::nullopt;
  for (const auto& p : g.partners) present.merge(detail::cited_as(p.member.info));
  std::vector<detail::CitedSource> cited;
  for (detail::CitedSource& c : detail::cited_sources(child, g.child.body))
    if (!c.key.empty() && !present.contains(c.key)) cited.push_back(std::move(c));
  // In build_stemma's order: pairs by their earlier article (parents are sorted by a
  // comparator whose ties depend on the order they come in).
  std::vector<const StoryGrowth::Partner*> partners;
  for (const auto& p : g.partners) {
    if (!p.member.info.published_utc || !p.member.analysis || !p.to_child || p.member.info.id >= child.id) return std::nullopt;
    partners.push_back(&p);
  }
  std::sort(partners.begin(), partners.end(), [](const auto* x, const auto* y) { return x->member.info.id < y->member.info.id; });
  // Its citations of sources outside the story (placeholders: a key no member goes by), and the
  // partners' citations of the same, for set_aside_siblings.
  const std::vector<Citation> child_citations = detail::absent_citations(g.child.body, child.byline, present);
  std::unordered_map<std::uint32_t, std::vector<Citation>> partner_citations;
  for (const auto& p : g.partners) {
    std::vector<Citation>& theirs = partner_citations[p.member.info.id];
    if (child_citations.empty()) continue;
    for (Citation& c : find_citations(p.member.body, p.member.info.byline))
      if (std::any_of(child_citations.begin(), child_citations.end(), [&](const Citation& own) { return own.key == c.key; }))
        theirs.push_back(std::move(c));
  }
  const StoryGrowth::Partner* origin = nullptr;
  for (const auto* p : partners)
    if (p->member.info.id == g.origin) origin = p;
  std::optional<detail::Readings> child_readings;
  if (origin) child_readings = detail::readings_of(*origin->member.analysis, *g.child.analysis, *origin->to_child);

  const std::string normalized_child = text::normalize(g.child.body);
  const detail::CreditText child_text = detail::credit_text(normalized_child, &child);
  const detail::CreditNames child_names = detail::credit_names(child);
  const bool child_is_agency = is_agency(child);
  std::vector<PairEvidence> evidence(partners.size());
  std::vector<std::optional<detail::Readings>> readings(partners.size());
  std::vector<std::string> normalized_partners(partners.size());
  std::vector<detail::CreditText> partner_texts(partners.size());
  std::vector<detail::CreditNames> partner_names(partners.size());
  std::unordered_map<std::uint32_t, std::size_t> partner_of;
  std::vector<Incoming> incoming;
  for (std::size_t i = 0; i < partners.size(); ++i) {
    const StoryGrowth::Partner& p = *partners[i];
    const ArticleInfo& a = p.member.info;
    PairEvidence& ev = evidence[i];
    normalized_partners[i] = text::normalize(p.member.body);
    partner_texts[i] = detail::credit_text(normalized_partners[i], &a);
    partner_names[i] = detail::credit_names(a);
    partner_of.emplace(a.id, i);
    credit_evidence(ev, {&a, &partner_texts[i], &partner_names[i], is_agency(a)}, {&child, &child_text, &child_names, child_is_agency});
    if (child_readings && a.id != g.origin && p.from_origin) {
      readings[i] = detail::readings_of(*origin->member.analysis, *p.member.analysis, *p.from_origin);
      lachmann_evidence(ev, detail::compare_readings(*readings[i], *child_readings), a.id, child.id, g.origin, params);
    }
    Direction d = orient(a, child, *p.to_child, ev, params, /*explain=*/false);
    if (!d.a_is_parent) return std::nullopt; // the new article looks like a source: the stemma may change
    incoming.push_back({&a, p.to_child, false, std::move(d), ev.b_credits_a, ev.shared_innovations, carried(ev.shared_innovations, ev.a_only)});
  }
  mark_own_credits(incoming, [&](const ArticleInfo& citer, const ArticleInfo& cited) {
    const std::size_t x = partner_of.at(citer.id), y = partner_of.at(cited.id);
    return detail::find_credit_prepared(partner_texts[x], cited, partner_names[y], &citer);
  });
  const auto origin_cites = partner_citations.find(g.origin);
  set_aside_siblings(incoming, child_citations, [&](std::uint32_t id) -> const std::vector<Citation>& { return partner_citations.at(id); },
                     child_readings && origin_cites != partner_citations.end() ? &origin_cites->second : nullptr);
  bool consulted = false;
  const PairOf pair_of = [&](std::uint32_t x, std::uint32_t y, bool& x_is_a) -> const align::Alignment* {
    consulted = true;
    return g.pair_between ? g.pair_between(x, y, x_is_a) : nullptr;
  };
  std::vector<Edge> edges = choose_parents(child, std::move(incoming), params, pair_of);
  if (consulted && !g.pair_between) return std::nullopt;
  const auto partner_index = [&](std::uint32_t id) {
    return static_cast<std::size_t>(std::find_if(partners.begin(), partners.end(), [&](const auto* p) { return p->member.info.id == id; }) -
                                    partners.begin());
  };
  std::set<std::string> cited_by_parents;
  if (!cited.empty())
    for (const Edge& e : edges)
      for (const detail::CitedSource& c : detail::cited_sources(partners[partner_index(e.parent)]->member.info, partners[partner_index(e.parent)]->member.body))
        cited_by_parents.insert(c.key);
  for (const detail::CitedSource& c : cited) {
    const auto p = std::find_if(g.placeholders.begin(), g.placeholders.end(), [&](const Placeholder& x) { return x.key == c.key; });
    if (p == g.placeholders.end() || (p->domain.empty() && !c.domain.empty()) || !cited_by_parents.contains(c.key)) return std::nullopt;
  }
  for (Edge& e : edges) {
    const std::size_t i = partner_index(e.parent);
    Direction d = orient(partners[i]->member.info, child, *partners[i]->to_child, evidence[i], params);
    e.direction_evidence = std::move(d.evidence);
    e.signals = std::move(d.signals);
    if (e.parent != g.origin && child_readings && readings[i])
      show_shared_innovations(e, g.origin, origin->member.body, *origin->member.analysis, *readings[i], *child_readings, g.child.body,
                              *g.child.analysis);
  }
  return edges;
}

std::vector<Edge> nearest_sources(const ArticleInfo& child, std::string_view child_body,
                                  const std::vector<std::pair<ArticleInfo, align::Alignment>>& reuse, const BodyLookup& source_body,
                                  const LineageParams& params) {
  const std::string normalized_child = text::normalize(child_body);
  const bool child_is_agency = is_agency(child);
  std::vector<Incoming> incoming;
  for (const auto& [source, alignment] : reuse) {
    PairEvidence ev;
    ev.b_credits_a = find_credit_normalized(normalized_child, source, &child);
    if (!child.published_utc) { // undated: what the store already holds came first
      Direction d;
      d.confidence = 0.5;
      d.evidence = "the source was stored before this undated article";
      d.signals.push_back({SignalKind::arrival, 0.01, d.evidence});
      incoming.push_back({&source, &alignment, false, std::move(d), std::move(ev.b_credits_a)});
      continue;
    }
    ev.agency = static_cast<int>(is_agency(source)) - static_cast<int>(child_is_agency);
    Direction d = orient(source, child, alignment, ev, params);
    if (!d.a_is_parent) continue; // the stored article is the later version: a copy, not a source
    incoming.push_back({&source, &alignment, false, std::move(d), std::move(ev.b_credits_a)});
  }
  if (std::any_of(incoming.begin(), incoming.end(), [](const Incoming& in) { return in.credit.credited; })) {
    std::unordered_map<std::uint32_t, std::string> normalized;
    for (const Incoming& in : incoming) normalized.emplace(in.parent->id, text::normalize(source_body(in.parent->id)));
    mark_own_credits(incoming, [&](const ArticleInfo& citer, const ArticleInfo& cited) {
      return find_credit_normalized(normalized.at(citer.id), cited, &citer);
    });
  }
  // As in a story: sources outside the corpus (here: outside the child and its sources).
  std::set<std::string> present = detail::cited_as(child);
  for (const Incoming& in : incoming) present.merge(detail::cited_as(*in.parent));
  const std::vector<Citation> child_citations = detail::absent_citations(child_body, child.byline, present);
  if (!child_citations.empty()) {
    std::unordered_map<std::uint32_t, std::vector<Citation>> theirs;
    for (const Incoming& in : incoming) theirs.emplace(in.parent->id, detail::absent_citations(source_body(in.parent->id), in.parent->byline, present));
    set_aside_siblings(incoming, child_citations, [&](std::uint32_t id) -> const std::vector<Citation>& { return theirs.at(id); });
  }
  return choose_parents(child, std::move(incoming), params);
}

} // namespace stemma::lineage
