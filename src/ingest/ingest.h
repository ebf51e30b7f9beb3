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

struct Link {
  std::string url;
  std::string anchor;
  std::uint32_t begin = 0, end = 0; // byte offsets of the anchor text in Document::body
};

struct Document {
  std::string source;        // where it came from: "path", "path:line", "path@offset" (WARC record), "-"
  std::string external_id;   // id given by the input, if any
  std::string url;
  std::string outlet;
  std::string title;
  std::string published_raw; // as written in the input
  std::optional<Timestamp> published;
  std::string body;          // valid UTF-8
  // From web pages (empty for plain text):
  std::string byline;
  std::string canonical_url;
  std::string language;                // ISO 639-1
  std::optional<Timestamp> fetched;    // crawl time (WARC-Date): an upper bound, not a publication date
  std::optional<Timestamp> modified;
  std::vector<Link> links;             // outbound links in the body

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

// One unit of input before conversion: cheap to produce (I/O, decompression,
// WARC framing); converting it to a Document is the CPU-heavy part and is
// thread-safe, so callers can spread it over cores.
struct RawRecord {
  enum class Kind { plain_text, json_line, html };
  Kind kind = Kind::plain_text;
  std::uint64_t sequence = 0;          // order of arrival, from 0
  std::string source;                  // as in Document::source
  std::string data;                    // the bytes
  std::string url;                     // known URL (WARC-Target-URI), if any
  std::string content_type;            // HTTP Content-Type, if any
  std::optional<Timestamp> fetched;    // WARC-Date, if any
};

struct RecordSink {
  std::function<void(RawRecord&&)> record;
  std::function<void(Problem&&)> problem;
  std::function<void(std::uint64_t bytes)> progress; // input bytes consumed so far (optional)
};

// Reads a path into raw records: a file (.jsonl/.ndjson JSON lines; .html/.htm
// (optionally .gz) pages; .warc/.warc.gz WARC files; anything else plain text),
// a folder (recursively, sorted, reading those extensions and .txt/.md), or "-"
// for stdin (sniffed: gzip, WARC, JSON lines, HTML or plain text).
// Returns false if the path itself could not be read at all.
bool read_records(const std::string& path, const ReadOptions& options, const RecordSink& sink);
// Several paths in order, with one sequence and one progress count; false if any path was unreadable.
bool read_records(const std::vector<std::string>& paths, const ReadOptions& options, const RecordSink& sink);

// Converts one raw record into zero or one Document (problems go to the sink).
void convert(RawRecord&& record, const ReadOptions& options, const Sink& sink);

// read_records + convert, in this thread.
bool read_path(const std::string& path, const ReadOptions& options, const Sink& sink);

// Total size in bytes of the files a path names (for progress estimates).
std::uint64_t input_size(const std::string& path);

// Parsers for in-memory input; `source` names it in messages.
void parse_plain_text(std::string_view data, const std::string& source, const Sink& sink);
void parse_jsonl(std::string_view data, const std::string& source, const Sink& sink);
// One record's fields as parse_jsonl reads them from a JSON line ("text", "title", "url", "outlet",
// "published", "id"), for callers that hold them already (the server's parsed request).
struct TextRecord {
  std::string text, title, url, outlet, published, id;
};
void parse_text_record(const TextRecord& record, const std::string& source, const Sink& sink);
void parse_html(std::string_view data, const std::string& source, const std::string& url, const std::string& content_type,
                const std::optional<Timestamp>& fetched, const ReadOptions& options, const Sink& sink);


} // namespace stemma::ingest
