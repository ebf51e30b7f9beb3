// Sources that articles of a story cite but that are not in the corpus
// ("an anonymous senior EU official told Politico"): placeholder nodes, so
// that a chain of copies keeps its top even when the top was never crawled.
#include "lineage/internal.h"
#include "lineage/lineage.h"
#include "text/text.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

namespace stemma::lineage {

namespace detail {

std::set<std::string> cited_as(const ArticleInfo& m) {
  std::set<std::string> keys;
  if (!m.outlet.empty()) {
    const std::string key = outlet_key(m.outlet);
    keys.insert(key);
    const std::size_t space = key.rfind(' ');
    if (space != std::string::npos) keys.insert(key.substr(space + 1)); // "the Gazette"
  }
  const std::string host = host_of(m.url);
  if (!host.empty()) {
    keys.insert(host);
    if (const Outlet* o = outlet_by_host(host)) keys.insert(o->key);
  }
  return keys;
}

std::vector<CitedSource> cited_sources(const ArticleInfo& m, std::string_view body) {
  std::vector<CitedSource> out;
  for (const Citation& c : find_citations(body, m.byline))
    out.push_back({c.key, c.outlet && !c.outlet->domains.empty() ? c.outlet->domains.front() : std::string()});
  for (const std::string& link : m.links) // links to known outlets' pages
    if (const Outlet* o = outlet_by_host(host_of(link))) out.push_back({o->key, o->domains.front()});
  return out;
}

std::vector<Citation> absent_citations(std::string_view body, std::string_view byline, const std::set<std::string>& present) {
  std::vector<Citation> out = find_citations(body, byline);
  std::erase_if(out, [&](const Citation& c) { return c.key.empty() || present.contains(c.key); });
  return out;
}

void add_placeholders(Stemma& stemma, const std::vector<ArticleInfo>& members, const std::set<std::string>& present,
                      const CitationsOf& absent_citations_of) {
  struct Cite {
    std::uint32_t article;
    std::string name, domain, evidence;
  };
  std::map<std::string, std::vector<Cite>> by_key;
  for (const ArticleInfo& m : members) {
    std::set<std::string> seen;
    const auto note = [&](const std::string& key, std::string name, std::string domain, std::string evidence) {
      if (key.empty() || present.contains(key) || !seen.insert(key).second) return;
      by_key[key].push_back({m.id, std::move(name), std::move(domain), std::move(evidence)});
    };
    for (const Citation& c : absent_citations_of(m.id))
      note(c.key, c.outlet ? c.outlet->name : c.name, c.outlet && !c.outlet->domains.empty() ? c.outlet->domains.front() : std::string(), c.evidence);
    for (const std::string& link : m.links) // links to known outlets' pages
      if (const Outlet* o = outlet_by_host(host_of(link))) note(o->key, o->name, o->domains.front(), "links to " + link);
  }
  if (by_key.empty()) return;
  std::unordered_map<std::uint32_t, std::vector<std::uint32_t>> parents;
  for (const Edge& e : stemma.edges) parents[e.child].push_back(e.parent);
  const auto has_citing_ancestor = [&](std::uint32_t id, const std::set<std::uint32_t>& citers) {
    std::set<std::uint32_t> seen{id};
    std::vector<std::uint32_t> todo{id};
    while (!todo.empty()) {
      const std::uint32_t x = todo.back();
      todo.pop_back();
      const auto it = parents.find(x);
      if (it == parents.end()) continue;
      for (const std::uint32_t p : it->second) {
        if (citers.contains(p)) return true;
        if (seen.insert(p).second) todo.push_back(p);
      }
    }
    return false;
  };
  for (const auto& [key, cites] : by_key) {
    std::set<std::uint32_t> citers;
    for (const Cite& c : cites) citers.insert(c.article);
    Placeholder p{key, cites.front().name, cites.front().domain};
    for (const Cite& c : cites)
      if (p.domain.empty() && !c.domain.empty()) p.domain = c.domain;
    stemma.placeholders.push_back(std::move(p));
    for (const Cite& c : cites)
      if (!has_citing_ancestor(c.article, citers)) stemma.placeholder_edges.push_back({key, c.article, c.evidence});
  }
}

} // namespace detail

void add_placeholders(Stemma& stemma, const std::vector<ArticleInfo>& members, const BodyLookup& body_of) {
  // Names under which the story's own outlets may be cited.
  std::set<std::string> present;
  for (const ArticleInfo& m : members) present.merge(detail::cited_as(m));
  std::unordered_map<std::uint32_t, std::vector<Citation>> absent;
  for (const ArticleInfo& m : members) absent.emplace(m.id, detail::absent_citations(body_of(m.id), m.byline, present));
  detail::add_placeholders(stemma, members, present, [&](std::uint32_t id) -> const std::vector<Citation>& { return absent.at(id); });
}

} // namespace stemma::lineage
