// Exports of one story's stemma for other tools: CSV (edges or nodes),
// GraphML (Gephi, yEd, NetworkX) and Graphviz DOT. Formats in docs/exports.md.
// Article text is hostile: every exporter repairs invalid UTF-8, replaces
// control characters and escapes for its own syntax.
#pragma once

#include "lineage/lineage.h"
#include "store/store.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace stemma::pipeline {

class SharedAnalyses; // pipeline.h

using ArticleRows = std::unordered_map<std::uint32_t, store::ArticleRow>;

// The stored rows of a stemma's members (bodies included: CSV counts no text, DOT and GraphML need none,
// but the rows are what the store gives).
ArticleRows story_rows(const store::Store& store, const lineage::Stemma& stemma);

enum class StoryFormat { text, json, csv, csv_nodes, graphml, dot };
std::optional<StoryFormat> story_format_from_string(std::string_view s); // "text", "json", "csv", "csv-nodes", "graphml", "dot"

// The bytes of `stemma story ID --format F` for every format but text (the terminal tree is the CLI's);
// json ends with a newline as the CLI prints it. Throws std::invalid_argument for text.
std::string story_export(const store::Store& store, const store::StoryRow& story, const lineage::Stemma& stemma, StoryFormat format,
                         SharedAnalyses* shared = nullptr);
// The MIME type of a format's bytes (with charset), and the file extension a download gets.
std::string_view story_format_mime(StoryFormat format);
std::string_view story_format_extension(StoryFormat format);

// One row per edge (placeholder edges included), with a header; RFC 4180 (CRLF, quoted fields), UTF-8.
std::string story_csv(const store::StoryRow& story, const lineage::Stemma& stemma, const ArticleRows& rows);
// One row per node (articles, then placeholder sources), with a header.
std::string story_csv_nodes(const store::StoryRow& story, const lineage::Stemma& stemma, const ArticleRows& rows);
// A directed GraphML 1.0 graph with typed <key> declarations.
std::string story_graphml(const store::StoryRow& story, const lineage::Stemma& stemma, const ArticleRows& rows);
// A Graphviz digraph, top to bottom, with a legend.
std::string story_dot(const store::StoryRow& story, const lineage::Stemma& stemma, const ArticleRows& rows);

// The escaping, exposed for tests.
// Valid UTF-8 with no control characters but tab, LF and CR (others become U+FFFD), and
// no U+FFFE/U+FFFF: text that XML 1.0, Graphviz and spreadsheets all accept.
std::string clean_text(std::string_view s);
std::string csv_field(std::string_view s);  // quoted when it holds , " CR or LF
std::string xml_escape(std::string_view s); // for element content and attribute values
std::string dot_string(std::string_view s); // a quoted DOT string, with its quotes; newlines become spaces

} // namespace stemma::pipeline
