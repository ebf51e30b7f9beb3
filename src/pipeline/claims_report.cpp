// JSON views of the claims stage (docs/json.md): attributed claims of an
// article, mutations along an edge, and the per-story summary of which hop
// introduced each change.
#include "claims/claims.h"
#include "pipeline/pipeline.h"

#include <algorithm>
#include <map>
#include <set>

namespace stemma::pipeline {
namespace {

nlohmann::json span_json(std::string_view text, text::Span s) {
  const auto begin = std::min<std::uint32_t>(s.begin, static_cast<std::uint32_t>(text.size()));
  const auto end = std::clamp<std::uint32_t>(s.end, begin, static_cast<std::uint32_t>(text.size()));
  return {{"begin", text::char_offset(text, begin)},
          {"end", text::char_offset(text, end)},
          {"byte_begin", begin},
          {"byte_end", end},
          {"text", std::string(text.substr(begin, end - begin))}};
}

} // namespace

nlohmann::json claims_json(const std::vector<claims::Claim>& list, std::string_view body) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& c : list) {
    nlohmann::json chain = nlohmann::json::array();
    for (const auto& o : c.chain) chain.push_back({{"outlet", o.name}, {"via", o.via}, {"span", span_json(body, o.span)}});
    nlohmann::json hedges = nlohmann::json::array();
    for (const auto& h : c.hedges) hedges.push_back(span_json(body, h.span));
    nlohmann::json j = {{"speaker", c.speaker},
                        {"speaker_kind", claims::to_string(c.kind)},
                        {"speaker_resolved", c.resolved},
                        {"cue", c.cue},
                        {"direct", c.direct},
                        {"claim", span_json(body, c.span)},
                        {"hedges", hedges},
                        {"chain", chain}};
    if (c.speaker_span.end > c.speaker_span.begin) j["speaker_span"] = span_json(body, c.speaker_span);
    if (c.cue_span.end > c.cue_span.begin) j["cue_span"] = span_json(body, c.cue_span);
    out.push_back(std::move(j));
  }
  return out;
}

nlohmann::json mutations_json(const std::vector<claims::Mutation>& list, std::string_view parent_body, std::string_view child_body,
                              std::string_view parent_title, std::string_view child_title) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& m : list) {
    const std::string_view p = m.in_title ? parent_title : parent_body, c = m.in_title ? child_title : child_body;
    out.push_back({{"type", claims::to_string(m.type)},
                   {"in", m.in_title ? "title" : "body"},
                   {"parent", span_json(p, m.parent)},
                   {"child", span_json(c, m.child)},
                   {"detail", m.detail}});
  }
  return out;
}

nlohmann::json edge_mutations_json(const lineage::Edge& e, const store::ArticleRow& parent, const store::ArticleRow& child) {
  return edge_mutations_json(e, parent, child, text::analyze(parent.body), text::analyze(child.body));
}

nlohmann::json edge_mutations_json(const lineage::Edge& e, const store::ArticleRow& parent, const store::ArticleRow& child,
                                   const text::Analysis& parent_analysis, const text::Analysis& child_analysis, claims::SpinMemo* memo) {
  const claims::EdgeTexts texts{parent.body, child.body, parent_analysis, child_analysis, e.passages, parent.title, child.title};
  const auto muts = memo ? claims::detect_mutations(texts, claims::lexicon(child.language), *memo)
                         : claims::detect_mutations(texts, claims::lexicon(child.language));
  return mutations_json(muts, parent.body, child.body, parent.title, child.title);
}

nlohmann::json article_claims_json(const store::ArticleRow& a) { return article_claims_json(a, text::analyze(a.body)); }

nlohmann::json article_claims_json(const store::ArticleRow& a, const text::Analysis& analysis, claims::SpinMemo* memo) {
  const claims::Lexicon& lexicon = claims::lexicon(a.language);
  return memo ? claims_json(claims::extract_claims(a.body, analysis, lexicon, *memo), a.body)
              : claims_json(claims::extract_claims(a.body, analysis, lexicon), a.body);
}

nlohmann::json mutation_summary_json(const nlohmann::json& edges, const std::function<std::string_view(std::uint32_t)>& body_of) {
  // Children of each article, to find the descendants that carry a change on.
  std::multimap<std::uint32_t, std::uint32_t> children;
  for (const auto& e : edges) children.emplace(e.at("parent").get<std::uint32_t>(), e.at("child").get<std::uint32_t>());
  nlohmann::json out = nlohmann::json::array();
  for (const auto& e : edges) {
    if (!e.contains("mutations")) continue;
    const auto child = e.at("child").get<std::uint32_t>();
    for (const auto& m : e.at("mutations")) {
      // The edge where the change first appears is this one (it is relative to the parent's text);
      // descendants whose text still has the child's reading carry it on.
      nlohmann::json carried = nlohmann::json::array();
      const std::string reading = m.at("child").at("text").get<std::string>();
      if (!reading.empty() && m.at("in") == "body") {
        std::set<std::uint32_t> seen{child};
        std::vector<std::uint32_t> stack{child};
        while (!stack.empty()) {
          const std::uint32_t id = stack.back();
          stack.pop_back();
          for (auto [it, end] = children.equal_range(id); it != end; ++it)
            if (seen.insert(it->second).second && body_of(it->second).find(reading) != std::string_view::npos) {
              carried.push_back(it->second);
              stack.push_back(it->second);
            }
        }
      }
      out.push_back({{"type", m.at("type")},
                     {"introduced_by", {{"parent", e.at("parent")}, {"child", child}}},
                     {"child_text", reading},
                     {"parent_text", m.at("parent").at("text")},
                     {"detail", m.at("detail")},
                     {"carried_by", carried}});
    }
  }
  return out;
}

} // namespace stemma::pipeline
