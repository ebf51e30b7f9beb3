// JSON views shared by the CLI (--json) and the HTTP API, so both print the same objects.
#include "pipeline/export.h"
#include "pipeline/pipeline.h"

#include <stdexcept>

namespace stemma::pipeline {

nlohmann::json pair_passages_json(const align::Alignment& al, std::string_view a_body, const text::Analysis& ta,
                                  std::string_view b_body, const text::Analysis& tb, bool with_edits, std::size_t max_snippet) {
  nlohmann::json passages = nlohmann::json::array();
  for (const auto& p : al.passages) {
    nlohmann::json pj = pair_passage_json(p, a_body, b_body, max_snippet);
    if (with_edits) pj["edits"] = edits_json(ta, tb, p);
    passages.push_back(std::move(pj));
  }
  return passages;
}

nlohmann::json compare_json(const store::ArticleRow& a, const store::ArticleRow& b) {
  const text::Analysis ta = text::analyze(a.body), tb = text::analyze(b.body);
  const align::Alignment al = align::align({a.body, ta}, {b.body, tb});
  return {{"a", article_json(a)},
          {"b", article_json(b)},
          {"coverage_a", al.coverage_a},
          {"coverage_b", al.coverage_b},
          {"passages", pair_passages_json(al, a.body, ta, b.body, tb, true, 0)}};
}

nlohmann::json story_summary_json(const store::StoryRow& s) {
  const auto date = [](const std::optional<std::int64_t>& t) { return t ? nlohmann::json(ingest::format_utc(*t)) : nlohmann::json(nullptr); };
  return {{"id", s.id},       {"size", s.size},   {"edges", s.edges}, {"origin", s.origin}, {"title", s.title},
          {"first_published", date(s.first_published)}, {"last_published", date(s.last_published)}};
}

nlohmann::json stats_json(const store::Store& store) {
  const auto s = store.stats();
  const double per = s.articles ? 1.0 / static_cast<double>(s.articles) : 0;
  return {{"articles", s.articles},
          {"pairs", s.pairs},
          {"passages", s.passages},
          {"stories", s.stories},
          {"edges", s.edges},
          {"text_bytes", s.text_bytes},
          {"index_bytes", s.index_bytes},
          {"postings", s.postings},
          {"file_bytes", s.file_bytes},
          {"index_disk_bytes", s.index_disk_bytes},
          {"index_bytes_per_article", s.index_bytes * per},
          {"fingerprint_segments", store.fingerprints().segments()}};
}

std::string story_export(const store::Store& store, const store::StoryRow& story, const lineage::Stemma& stemma, StoryFormat format,
                         SharedAnalyses* shared) {
  switch (format) {
  case StoryFormat::json: return story_json(store, story, stemma, shared).dump(2) + "\n";
  case StoryFormat::csv: return story_csv(story, stemma, story_rows(store, stemma));
  case StoryFormat::csv_nodes: return story_csv_nodes(story, stemma, story_rows(store, stemma));
  case StoryFormat::graphml: return story_graphml(story, stemma, story_rows(store, stemma));
  case StoryFormat::dot: return story_dot(story, stemma, story_rows(store, stemma));
  case StoryFormat::text: break;
  }
  throw std::invalid_argument("the text tree is drawn by the CLI");
}

std::string_view story_format_mime(StoryFormat format) {
  switch (format) {
  case StoryFormat::json: return "application/json; charset=utf-8";
  case StoryFormat::csv:
  case StoryFormat::csv_nodes: return "text/csv; charset=utf-8; header=present";
  case StoryFormat::graphml: return "application/graphml+xml; charset=utf-8";
  case StoryFormat::dot: return "text/vnd.graphviz; charset=utf-8";
  case StoryFormat::text: break;
  }
  return "text/plain; charset=utf-8";
}

std::string_view story_format_extension(StoryFormat format) {
  switch (format) {
  case StoryFormat::json: return "json";
  case StoryFormat::csv: return "csv";
  case StoryFormat::csv_nodes: return "nodes.csv";
  case StoryFormat::graphml: return "graphml";
  case StoryFormat::dot: return "dot";
  case StoryFormat::text: break;
  }
  return "txt";
}

} // namespace stemma::pipeline
