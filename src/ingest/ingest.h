// Ingest stage: turns files, folders, JSONL and stdin into Documents.
// Bad input never throws out of a reader: each problem is reported to the
// sink with the file (and line/record) it came from, and reading goes on.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stemma::ingest {

struct Timestamp {
  std::int64_t utc_seconds = 0; // seconds since 1970-01-01T00:00:00Z
  bool has_time = false;        // false for a bare date (midnight assumed)
  bool has_zone = false;        // false when the source gave no UTC offset (UTC assumed)
};

// ISO 8601 / RFC 3339 subset used by news metadata: "2026-03-14",
// "2026-03-14T08:30", "...:00Z", "...+01:00", "...-0500", fractional seconds.
std::optional<Timestamp> parse_timestamp(std::string_view s);
std::string format_utc(std::int64_t utc_seconds); // "2026-03-14T13:30:00Z"

struct Document {
  std::string source;        // where it came from: "path", "path:line", "-"
  std::string external_id;   // id given by the input, if any
  std::string url;
  std::string outlet;
  std::string title;
  std::string published_raw; // as written in the input
  std::optional<Timestamp> published;
  std::string body;          // valid UTF-8

  // Identity of the record for "already ingested?" checks: same metadata
  // and same text. Two outlets publishing an identical body stay distinct.
  std::string content_hash() const;
};

enum class Severity { warning, error };

struct Problem {
  Severity severity;
  std::string source;  // file, with ":line" or "@offset" when known
  std::string message;
};

struct ReadOptions {
  std::uint64_t max_document_bytes = 16u << 20; // larger inputs are refused, not truncated
};

struct Sink {
  std::function<void(Document&&)> document;
  std::function<void(Problem&&)> problem;
};

// Reads a path: a file (.jsonl/.ndjson as JSON lines, anything else as a
// plain-text article), a folder (recursively, in sorted order), or "-" for
// stdin (JSON lines if it starts with '{', else one plain-text article).
// Returns false if the path itself could not be read at all.
bool read_path(const std::string& path, const ReadOptions& options, const Sink& sink);

// Parsers for in-memory input; `source` names it in messages.
void parse_plain_text(std::string_view data, const std::string& source, const Sink& sink);
void parse_jsonl(std::string_view data, const std::string& source, const Sink& sink);

} // namespace stemma::ingest
