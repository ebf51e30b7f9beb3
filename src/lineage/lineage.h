// Lineage stage: from pairwise reuse to the stemma of a story.
// Stories are connected components of the reuse graph; each reuse pair is
// oriented by weighted signals (dates and their uncertainty, credit lines and
// links resolved through the outlet alias table, news agencies, containment,
// and Lachmann's shared innovations against the story's origin); each article
// keeps its nearest parent (several only for real aggregation); each edge gets
// a relation, a credit flag, a confidence and its evidence; cited sources that
// are not in the corpus become placeholder nodes.
#pragma once

#include "align/align.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stemma::lineage {

struct ArticleInfo {
  std::uint32_t id = 0;
  std::optional<std::int64_t> published_utc; // seconds
  // For an undated article: no earlier than its sources, as inferred while
  // building the stemma (a copy cannot predate what it copies).
  std::optional<std::int64_t> not_before_utc;
  bool date_has_time = false;
  std::optional<std::int64_t> fetched_utc; // crawl time: the page existed by then
  std::string outlet;
  std::string url;
  std::string title;
  std::string byline;
  std::vector<std::string> links; // outbound link URLs in the body
  std::uint32_t tokens = 0;
};

// Reuse between two articles: passages are oriented a -> b as stored.
struct PairReuse {
  std::uint32_t a = 0, b = 0;
  align::Alignment alignment;
};

enum class Relation { verbatim_copy, quoted_with_credit, paraphrase_with_credit, spin_uncredited, aggregation, partial_copy };
const char* to_string(Relation r);
std::optional<Relation> relation_from_string(std::string_view s);

// The outlet alias table shipped with stemma (lineage/outlets.cpp).
struct Outlet {
  std::string key;  // canonical name, normalised, without a leading "the"
  std::string name; // display name
  std::vector<std::string> aliases, domains;
  bool wire = false; // a news agency whose copy others run under its byline
};
const Outlet* outlet_by_name(std::string_view normalized_name);
const Outlet* outlet_by_host(std::string_view host); // "edition.cnn.com" finds CNN
const std::vector<Outlet>& known_outlets();
// The key an outlet name is known by: the alias table's key, else the normalised name without "the".
std::string outlet_key(std::string_view name);
std::string host_of(std::string_view url); // lower case, without "www."

// An explicit attribution in an article: "according to NBC News", "told
// Politico", "as The Washington Examiner reports", "(via X)", wire bylines.
struct Citation {
  std::string name;     // as written
  std::string key;      // the outlet's key when known, else the normalised name
  std::string kind;     // according_to, told, reported, via, first_reported, originally_appeared, wire_byline
  std::string evidence; // the sentence
  const Outlet* outlet = nullptr;
  std::uint32_t begin = 0, end = 0; // byte span of the name in the body
};
std::vector<Citation> find_citations(std::string_view body, std::string_view byline = {});

struct Credit {
  bool credited = false;
  std::string kind;     // "name", "link" or "wire_byline"
  std::string evidence; // the sentence that names the source (or the link)
};

// Does child_body credit the parent (outlet name, short name, domain or URL)?
Credit find_credit(std::string_view child_body, const ArticleInfo& parent);
// The same on text already passed through text::normalize (to normalise once per
// article); with the child's metadata, links to the parent and wire bylines count too.
Credit find_credit_normalized(std::string_view normalized_child_body, const ArticleInfo& parent, const ArticleInfo* child = nullptr);

// One piece of evidence about which of two articles is the earlier version.
// `weight` > 0 supports the edge's orientation (parent before child), < 0
// contradicts it; |weight| is how much it counts (0..1).
enum class SignalKind { date, credit, link, wire_byline, containment, shared_innovation, arrival };
const char* to_string(SignalKind k);
std::optional<SignalKind> signal_kind_from_string(std::string_view s);
struct DirectionSignal {
  SignalKind kind = SignalKind::arrival;
  double weight = 0;
  std::string detail;
};

// A reading the parent introduced (relative to its own parent, `ancestor`)
// that the child carries too: a copying error, a stripped name, a swapped
// word, an added sentence. Shared innovations place the child below the parent.
struct Innovation {
  std::uint32_t ancestor = 0;
  std::string ancestor_text; // the ancestor's reading ("" when the parent inserted text)
  std::string text;          // the reading parent and child share ("" when the parent dropped text)
};

struct Edge {
  std::uint32_t parent = 0, child = 0;
  Relation relation = Relation::partial_copy;
  bool credited = false;
  double coverage = 0;   // share of the child's words found in the parent
  double similarity = 0; // word-weighted similarity of the shared passages
  double confidence = 0; // 0..1, of direction and relation together
  std::string direction_evidence; // the deciding signal, in words
  std::string credit_evidence;
  std::string credit_kind; // "name", "link", "wire_byline" or "" (uncredited)
  std::vector<DirectionSignal> signals;
  std::vector<Innovation> shared_innovations;
  std::vector<align::Passage> passages; // a = parent, b = child
};

// A source the story's articles cite (or evidently use) that is not in the
// corpus, e.g. "told Politico": a node of its own so chains stay unbroken.
struct Placeholder {
  std::string key;    // stable: the outlet's canonical name, lower-case
  std::string name;   // display name ("Politico")
  std::string domain; // "politico.com" when known
};
struct PlaceholderEdge {
  std::string placeholder; // Placeholder::key
  std::uint32_t child = 0;
  std::string evidence;    // the attribution sentence
};

struct Stemma {
  std::vector<std::uint32_t> members; // sorted ids
  std::vector<std::uint32_t> roots;   // members with no parent
  std::vector<Edge> edges;
  std::vector<Placeholder> placeholders;
  std::vector<PlaceholderEdge> placeholder_edges;
};

struct LineageParams {
  std::uint32_t min_shared_words = 12;   // less reuse than this is no edge
  double verbatim_similarity = 0.92;     // passages this similar are copies, not rewrites
  double copy_parent_coverage = 0.6;     // a copy reproduces at least this share of its parent
  double quote_share = 0.5;              // reuse mostly inside the child's quotation marks
  double aggregation_new_share = 0.1;    // a second parent must add this share of the child...
  std::uint32_t aggregation_new_words = 25; // ... and at least this many words
  std::int64_t date_tolerance_seconds = 3600;
  std::uint32_t min_innovation_words = 3;  // own variant words that make a copy a descendant
};

using BodyLookup = std::function<std::string_view(std::uint32_t id)>;
// Analyses (text::analyze of the body) the caller already has, or nullptr: ingest has those
// of the new articles and their candidates, and building them again is most of a small story's cost.
using AnalysisLookup = std::function<const text::Analysis*(std::uint32_t id)>;

// Builds the stemma of one story from its members and their reuse pairs.
Stemma build_stemma(const std::vector<ArticleInfo>& members, const std::vector<PairReuse>& pairs, const BodyLookup& body_of,
                    const LineageParams& params = {}, const AnalysisLookup& known_analysis = {});

// A story grown by one article: the new article and the earlier articles it reuses (each with
// the pair's alignment, from that article to the new one), and the story's origin as
// build_stemma would choose it, with its alignment to each partner (absent where they share none).
struct StoryGrowth {
  struct Member {
    ArticleInfo info;
    std::string_view body;
    const text::Analysis* analysis = nullptr;
  };
  Member child;
  struct Partner {
    Member member;
    const align::Alignment* to_child = nullptr;    // partner -> child
    const align::Alignment* from_origin = nullptr; // origin -> partner (nullptr: none, or it is the origin)
  };
  std::vector<Partner> partners;
  std::uint32_t origin = 0;
  std::vector<Placeholder> placeholders; // the story's, as saved
  // The reuse between two partners (nullptr: none), and whether `x` is its "a" side: consulted
  // only when a second parent is considered. Without it, such a child declines (rebuild).
  std::function<const align::Alignment*(std::uint32_t x, std::uint32_t y, bool& x_is_a)> pair_between;
};
// The rule by which build_stemma picks a story's origin (the outgroup of Lachmann's test): the
// earliest dated article that shares text with at least half of the others.
bool may_be_origin(std::size_t partners, std::size_t story_members);

// The new article's edges exactly as build_stemma over the grown story would choose them, when
// the rest of the stemma cannot change: the article is dated and later than every article it
// reuses by all the evidence, they are dated too, and it cites no source nor is one of the
// story's placeholders. nullopt otherwise (then rebuild the story).
std::optional<std::vector<Edge>> extend_stemma(const StoryGrowth& growth, const LineageParams& params = {});

// Sources of one article (e.g. a new one, not stored): the nearest parent(s)
// among the given reuse pairs, each with its relation. `child` must be the
// `b` side of every pair given; `source_body` gives the sources' texts by id (to tell the
// child's own credit lines from ones it copied with a source's text).
std::vector<Edge> nearest_sources(const ArticleInfo& child, std::string_view child_body,
                                  const std::vector<std::pair<ArticleInfo, align::Alignment>>& reuse, const BodyLookup& source_body,
                                  const LineageParams& params = {});

// Sources the story's articles cite that are not in it ("told Politico"):
// placeholder nodes above the topmost article of each chain that cites them.
void add_placeholders(Stemma& stemma, const std::vector<ArticleInfo>& members, const BodyLookup& body_of);

// Connected components of the reuse graph (union-find), each sorted.
std::vector<std::vector<std::uint32_t>> connected_components(const std::vector<std::uint32_t>& ids,
                                                             const std::vector<std::pair<std::uint32_t, std::uint32_t>>& links);

} // namespace stemma::lineage
