#include "lineage/lineage.h"
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

std::optional<Relation> relation_from_string(std::string_view s) {
  for (const Relation r : {Relation::verbatim_copy, Relation::quoted_with_credit, Relation::paraphrase_with_credit,
                           Relation::spin_uncredited, Relation::aggregation, Relation::partial_copy})
    if (s == to_string(r)) return r;
  return std::nullopt;
}

namespace {

// Reuse as seen from a candidate parent to a child (a = parent, b = child).
struct Incoming {
  const ArticleInfo* parent;
  align::Alignment alignment;
  double direction_confidence;
  std::string direction_evidence;
};

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

struct Direction {
  bool a_is_parent = true;
  double confidence = 0.5;
  std::string evidence;
};

// Which of two articles that share text is the earlier version?
Direction orient(const ArticleInfo& a, const ArticleInfo& b, const align::Alignment& al, const Credit& b_credits_a,
                 const Credit& a_credits_b, const LineageParams& params) {
  Direction d;
  if (a.published_utc && b.published_utc) {
    const std::int64_t tolerance = (a.date_has_time && b.date_has_time) ? params.date_tolerance_seconds : 36 * 3600;
    const std::int64_t delta = *b.published_utc - *a.published_utc;
    if (std::llabs(delta) > tolerance) {
      d.a_is_parent = delta > 0;
      d.confidence = 0.9;
      d.evidence = fmt::format("published {} earlier", describe_gap(delta));
      return d;
    }
  }
  // An undated copy is no older than its own sources.
  if (!a.published_utc && a.not_before_utc && b.published_utc && *b.published_utc < *a.not_before_utc - params.date_tolerance_seconds) {
    d.a_is_parent = false;
    d.confidence = 0.75;
    d.evidence = fmt::format("undated #{} copies articles published {} after this one", a.id, describe_gap(*a.not_before_utc - *b.published_utc));
    return d;
  }
  if (!b.published_utc && b.not_before_utc && a.published_utc && *a.published_utc < *b.not_before_utc - params.date_tolerance_seconds) {
    d.a_is_parent = true;
    d.confidence = 0.75;
    d.evidence = fmt::format("undated #{} copies articles published {} after this one", b.id, describe_gap(*b.not_before_utc - *a.published_utc));
    return d;
  }
  if (b_credits_a.credited != a_credits_b.credited) {
    d.a_is_parent = b_credits_a.credited;
    d.confidence = 0.8;
    d.evidence = "the later version names its source";
    return d;
  }
  // The copy is the one more fully contained in the other.
  if (std::fabs(al.coverage_a - al.coverage_b) > 0.05) {
    d.a_is_parent = al.coverage_b > al.coverage_a;
    d.confidence = 0.65;
    const double child_cov = d.a_is_parent ? al.coverage_b : al.coverage_a, parent_cov = d.a_is_parent ? al.coverage_a : al.coverage_b;
    d.evidence = fmt::format("containment: {:.0f}% of the copy lies in the source, {:.0f}% the other way", 100 * child_cov, 100 * parent_cov);
    return d;
  }
  const bool a_dated = a.published_utc.has_value(), b_dated = b.published_utc.has_value();
  d.a_is_parent = a_dated != b_dated ? a_dated : a.id < b.id;
  d.confidence = 0.5;
  d.evidence = "no date or containment evidence; order of arrival";
  return d;
}

// Earliest known date first; unknown dates last; then arrival order.
bool earlier(const ArticleInfo& x, const ArticleInfo& y) {
  if (x.published_utc.has_value() != y.published_utc.has_value()) return x.published_utc.has_value();
  if (x.published_utc && *x.published_utc != *y.published_utc) return *x.published_utc < *y.published_utc;
  return x.id < y.id;
}

std::vector<std::pair<std::uint32_t, std::uint32_t>> child_ranges(const align::Alignment& al) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> r;
  for (const auto& p : al.passages) r.emplace_back(p.b_first_token, p.b_first_token + p.b_token_count);
  return r;
}

std::uint32_t uncovered_words(const std::vector<std::pair<std::uint32_t, std::uint32_t>>& ranges, const std::vector<bool>& covered) {
  std::uint32_t n = 0;
  for (const auto& [lo, hi] : ranges)
    for (std::uint32_t i = lo; i < hi && i < covered.size(); ++i) n += !covered[i];
  return n;
}

Edge make_edge(const ArticleInfo& child, std::string_view normalized_child_body, const Incoming& in, bool aggregation,
               const LineageParams& params) {
  Edge e;
  e.parent = in.parent->id;
  e.child = child.id;
  e.passages = in.alignment.passages;
  e.coverage = in.alignment.coverage_b;
  e.similarity = align::similarity(in.alignment);
  double quoted_bytes = 0, bytes = 0;
  for (const auto& p : e.passages) {
    const double len = p.b_end - p.b_begin;
    bytes += len;
    quoted_bytes += std::max(0.0, p.b_quoted - p.a_quoted) * len; // quoted in the child, not in the parent
  }
  const double quote_share = bytes > 0 ? quoted_bytes / bytes : 0;
  const double parent_coverage = in.alignment.coverage_a;
  const Credit credit = find_credit_normalized(normalized_child_body, *in.parent);
  e.credited = credit.credited;
  e.credit_evidence = credit.evidence;
  e.direction_evidence = in.direction_evidence;

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
  e.confidence = in.direction_confidence * relation_confidence;
  return e;
}

// Picks the nearest parent(s) of one child among its incoming reuse.
std::vector<Edge> choose_parents(const ArticleInfo& child, std::string_view normalized_child_body, std::vector<Incoming> incoming,
                                 const LineageParams& params) {
  incoming.erase(std::remove_if(incoming.begin(), incoming.end(),
                                [&](const Incoming& in) { return align::kept_words(in.alignment) < params.min_shared_words; }),
                 incoming.end());
  if (incoming.empty()) return {};
  const auto score = [](const Incoming& in) {
    return static_cast<double>(align::kept_words(in.alignment)) - static_cast<double>(internal_edits(in.alignment));
  };
  // Closest relative first: explains most of the child with fewest differences;
  // equally close candidates are indistinguishable copies, and the earliest wins.
  std::sort(incoming.begin(), incoming.end(), [&](const Incoming& x, const Incoming& y) {
    const double sx = score(x), sy = score(y);
    // Scores are whole words: any difference is evidence (a word one copy dropped).
    if (std::fabs(sx - sy) >= 1.0) return sx > sy;
    return earlier(*x.parent, *y.parent);
  });

  std::vector<bool> covered(child.tokens, false);
  const auto cover = [&](const Incoming& in) {
    for (const auto& [lo, hi] : child_ranges(in.alignment))
      for (std::uint32_t i = lo; i < hi && i < covered.size(); ++i) covered[i] = true;
  };
  std::vector<const Incoming*> chosen{&incoming.front()};
  cover(incoming.front());
  for (std::size_t i = 1; i < incoming.size(); ++i) {
    const std::uint32_t fresh = uncovered_words(child_ranges(incoming[i].alignment), covered);
    if (fresh >= params.aggregation_new_words && fresh >= params.aggregation_new_share * child.tokens) {
      chosen.push_back(&incoming[i]);
      cover(incoming[i]);
    }
  }
  std::vector<Edge> edges;
  for (const Incoming* in : chosen) edges.push_back(make_edge(child, normalized_child_body, *in, chosen.size() > 1, params));
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

Stemma build_stemma(const std::vector<ArticleInfo>& members_in, const std::vector<PairReuse>& pairs, const BodyLookup& body_of,
                    const LineageParams& params) {
  std::vector<ArticleInfo> members = members_in;
  std::unordered_map<std::uint32_t, ArticleInfo*> info;
  for (auto& m : members) info.emplace(m.id, &m);

  // Credit is a property of the texts: normalise each once, and check it once per pair and direction.
  std::unordered_map<std::uint32_t, std::string> normalized;
  for (const auto& m : members) normalized.emplace(m.id, text::normalize(body_of(m.id)));
  struct PairCredit {
    Credit b_credits_a, a_credits_b;
  };
  std::vector<PairCredit> credits;
  credits.reserve(pairs.size());
  for (const PairReuse& pr : pairs) {
    const auto ia = info.find(pr.a), ib = info.find(pr.b);
    if (ia == info.end() || ib == info.end()) {
      credits.push_back({});
      continue;
    }
    credits.push_back({find_credit_normalized(normalized.at(pr.b), *ia->second), find_credit_normalized(normalized.at(pr.a), *ib->second)});
  }

  // Undated articles get a lower bound from their parents, and the pairs are
  // oriented again, until the bounds settle (a few rounds at most).
  std::vector<Edge> edges;
  for (int round = 0; round < 4; ++round) {
    std::unordered_map<std::uint32_t, std::vector<Incoming>> incoming;
    for (std::size_t i = 0; i < pairs.size(); ++i) {
      const PairReuse& pr = pairs[i];
      const auto ia = info.find(pr.a), ib = info.find(pr.b);
      if (ia == info.end() || ib == info.end()) continue;
      const ArticleInfo& a = *ia->second;
      const ArticleInfo& b = *ib->second;
      const Direction d = orient(a, b, pr.alignment, credits[i].b_credits_a, credits[i].a_credits_b, params);
      if (d.a_is_parent) incoming[b.id].push_back({&a, pr.alignment, d.confidence, d.evidence});
      else incoming[a.id].push_back({&b, align::flipped(pr.alignment), d.confidence, d.evidence});
    }
    edges.clear();
    for (const ArticleInfo& m : members) {
      const auto it = incoming.find(m.id);
      if (it == incoming.end()) continue;
      for (Edge& e : choose_parents(m, normalized.at(m.id), std::move(it->second), params)) edges.push_back(std::move(e));
    }
    break_cycles(edges);
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

  Stemma s;
  for (const auto& m : members) s.members.push_back(m.id);
  std::sort(s.members.begin(), s.members.end());
  s.edges = std::move(edges);
  std::set<std::uint32_t> children;
  for (const Edge& e : s.edges) children.insert(e.child);
  for (const std::uint32_t id : s.members)
    if (!children.contains(id)) s.roots.push_back(id);
  return s;
}

std::vector<Edge> nearest_sources(const ArticleInfo& child, std::string_view child_body,
                                  const std::vector<std::pair<ArticleInfo, align::Alignment>>& reuse,
                                  const LineageParams& params) {
  const std::string normalized_child = text::normalize(child_body);
  std::vector<Incoming> incoming;
  for (const auto& [source, alignment] : reuse) {
    if (!child.published_utc) { // undated: what the store already holds came first
      incoming.push_back({&source, alignment, 0.5, "the source was stored before this undated article"});
      continue;
    }
    const Credit child_credits = find_credit_normalized(normalized_child, source);
    const Direction d = orient(source, child, alignment, child_credits, Credit{}, params);
    if (!d.a_is_parent) continue; // the stored article is the later version: a copy, not a source
    incoming.push_back({&source, alignment, d.confidence, d.evidence});
  }
  return choose_parents(child, normalized_child, std::move(incoming), params);
}

} // namespace stemma::lineage
