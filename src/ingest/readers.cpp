#include "extract/extract.h"
#include "ingest/gzip_stream.h"
#include "ingest/ingest.h"
#include "ingest/warc.h"
#include "text/text.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>

namespace stemma::ingest {
namespace fs = std::filesystem;
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) s.remove_suffix(1);
  return s;
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

void report(const Sink& sink, Severity severity, std::string source, std::string message) {
  if (sink.problem) sink.problem({severity, std::move(source), std::move(message)});
}

// Text is binary junk when it has NUL bytes or mostly undecodable bytes;
// occasional bad bytes in real text are repaired instead.
bool looks_binary(std::string_view data, const text::Utf8Repair& repaired) {
  if (data.find('\0') != std::string_view::npos) return true;
  std::size_t controls = 0;
  for (const char c : data) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 && u != '\n' && u != '\r' && u != '\t' && u != '\f') ++controls;
  }
  const double n = static_cast<double>(std::max<std::size_t>(data.size(), 1));
  return (repaired.bad_offsets.size() + controls) / n > 0.15;
}

std::string describe_bad_utf8(const std::vector<std::size_t>& offsets, std::size_t base) {
  std::string msg = fmt::format("invalid UTF-8 at byte {}", offsets.front() + base);
  if (offsets.size() > 1) msg += fmt::format(" (and {} more)", offsets.size() - 1);
  return msg + ", replaced with U+FFFD";
}

std::string normalize_newlines(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\r') {
      out.push_back('\n');
      if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

void set_published(Document& doc, std::string_view value, const Sink& sink) {
  doc.published_raw = std::string(trim(value));
  if (doc.published_raw.empty()) return;
  doc.published = parse_timestamp(doc.published_raw);
  if (!doc.published)
    report(sink, Severity::warning, doc.source, fmt::format("unreadable date '{}', treated as unknown", doc.published_raw));
}

std::string_view strip_bom(std::string_view s) {
  if (s.size() >= 3 && s.substr(0, 3) == "\xEF\xBB\xBF") s.remove_prefix(3);
  return s;
}


// The name without a trailing ".gz", lower-cased.
std::string base_name(const fs::path& p) {
  std::string name = lower_ascii(p.filename().string());
  if (name.ends_with(".gz")) name.resize(name.size() - 3);
  return name;
}
bool ends_with_any(const std::string& name, std::initializer_list<const char*> exts) {
  return std::any_of(exts.begin(), exts.end(), [&](const char* x) { return name.ends_with(x); });
}
bool is_jsonl_path(const fs::path& p) { return ends_with_any(base_name(p), {".jsonl", ".ndjson"}); }
bool is_text_path(const fs::path& p) { return ends_with_any(base_name(p), {".txt", ".text", ".md"}); }
bool is_html_path(const fs::path& p) { return ends_with_any(base_name(p), {".html", ".htm", ".xhtml", ".shtml"}); }
bool is_warc_path(const fs::path& p) { return ends_with_any(base_name(p), {".warc", ".arc.warc"}); }

// Reads a whole (possibly gzip-compressed) stream, refusing more than `limit` bytes.
bool read_whole(ByteStream& in, std::uint64_t limit, std::string& out) {
  out.clear();
  while (in.read(out, 1 << 16) > 0)
    if (out.size() > limit) return false;
  return true;
}

// JSON lines one at a time, so a large file never sits in memory whole.
void read_jsonl_stream(ByteStream& in, const std::string& source, const ReadOptions& options, const RecordSink& sink,
                       std::uint64_t& sequence) {
  std::string buf, line;
  std::size_t pos = 0, number = 0;
  bool eof = false;
  while (!eof || pos < buf.size()) {
    std::size_t nl = buf.find('\n', pos);
    while (nl == std::string::npos && !eof) {
      if (pos > 0) buf.erase(0, pos), pos = 0;
      if (buf.size() > options.max_document_bytes) break; // an oversized line: reported below
      if (in.read(buf, 1 << 16) == 0) eof = true;
      nl = buf.find('\n', pos);
    }
    const std::size_t end = nl == std::string::npos ? buf.size() : nl;
    ++number;
    const std::string where = fmt::format("{}:{}", source, number);
    if (end - pos > options.max_document_bytes) {
      if (sink.problem)
        sink.problem({Severity::error, where, fmt::format("record larger than the {} byte limit, skipped", options.max_document_bytes)});
      // Skip the rest of this line.
      while (nl == std::string::npos && !eof) {
        buf.clear(), pos = 0;
        if (in.read(buf, 1 << 16) == 0) eof = true;
        nl = buf.find('\n');
      }
      pos = nl == std::string::npos ? buf.size() : nl + 1;
      continue;
    }
    line.assign(buf, pos, end - pos);
    pos = nl == std::string::npos ? buf.size() : nl + 1;
    if (trim(line).empty()) continue;
    if (sink.progress) sink.progress(in.compressed_offset());
    RawRecord rec;
    rec.kind = RawRecord::Kind::json_line;
    rec.sequence = sequence++;
    rec.source = where;
    rec.data = std::move(line);
    sink.record(std::move(rec));
  }
}

// A whole file or stdin as one record, sniffing the kind when not known.
void read_single(ByteStream& in, const std::string& source, std::optional<RawRecord::Kind> kind, const ReadOptions& options,
                 const RecordSink& sink, std::uint64_t& sequence) {
  RawRecord rec;
  if (!read_whole(in, options.max_document_bytes, rec.data)) {
    if (sink.problem)
      sink.problem({Severity::error, source, fmt::format("article larger than the {:.1f} MB limit, skipped", options.max_document_bytes / 1048576.0)});
    return;
  }
  if (sink.progress) sink.progress(in.compressed_offset());
  if (!kind) {
    const std::string_view head = trim(std::string_view(rec.data).substr(0, 512));
    kind = (!head.empty() && head.front() == '<') ? RawRecord::Kind::html : RawRecord::Kind::plain_text;
  }
  rec.kind = *kind;
  rec.source = source;
  rec.sequence = sequence++;
  sink.record(std::move(rec));
}

// Progress is reported as bytes of all inputs so far: earlier files plus the
// position in this one.

bool read_stream(ByteStream& in, const std::string& source, std::optional<RawRecord::Kind> kind, bool warc, bool jsonl,
                 const ReadOptions& options, const RecordSink& outer, std::uint64_t& sequence, std::uint64_t& bytes_before) {
  RecordSink sink = outer;
  const std::uint64_t base = bytes_before;
  if (outer.progress) sink.progress = [&outer, base](std::uint64_t offset) { outer.progress(base + offset); };
  try {
    if (warc) read_warc(in, source, options, sink, sequence);
    else if (jsonl) read_jsonl_stream(in, source, options, sink, sequence);
    else read_single(in, source, kind, options, sink, sequence);
  } catch (const std::runtime_error& e) {
    if (sink.problem) sink.problem({Severity::error, source, fmt::format("{}; the records before it were read", e.what())});
  }
  bytes_before += in.compressed_offset();
  if (outer.progress) outer.progress(bytes_before);
  return true;
}

bool read_records_impl(const std::string& path, const ReadOptions& options, const RecordSink& sink, std::uint64_t& sequence,
                       std::uint64_t& bytes_before) {
  const auto report_error = [&](const std::string& where, std::string msg) {
    if (sink.problem) sink.problem({Severity::error, where, std::move(msg)});
  };
  if (path == "-") {
    ByteStream in(stdin);
    // Sniff the (decompressed) start of stdin.
    std::string head;
    std::optional<RawRecord::Kind> kind;
    bool warc = false, jsonl = false;
    try {
      in.read(head, 64);
    } catch (const std::runtime_error& e) {
      report_error("-", e.what());
      return false;
    }
    const std::string_view h = trim(head);
    if (h.starts_with("WARC/")) warc = true;
    else if (h.starts_with("{")) jsonl = true;
    // Put the sniffed bytes back in front of the rest.
    std::string rest = head;
    try {
      while (in.read(rest, 1 << 16) > 0)
        if (rest.size() > (1ull << 31)) {
          report_error("-", "standard input larger than 2 GiB, refused");
          return false;
        }
    } catch (const std::runtime_error& e) {
      report_error("-", fmt::format("{}; nothing read", e.what()));
      return false;
    }
    // Re-read the buffered input through a temporary file-free path.
    std::FILE* mem = fmemopen(rest.data(), rest.size(), "rb");
    if (!mem) {
      report_error("-", "cannot buffer standard input");
      return false;
    }
    ByteStream again(mem);
    const bool ok = read_stream(again, "-", kind, warc, jsonl, options, sink, sequence, bytes_before);
    std::fclose(mem);
    return ok;
  }

  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (ec || !fs::exists(status)) {
    report_error(path, "no such file or folder");
    return false;
  }
  if (fs::is_directory(status)) {
    std::vector<fs::path> files;
    std::size_t skipped = 0;
    for (auto it = fs::recursive_directory_iterator(path, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      const fs::path& p = it->path();
      if (p.filename().string().starts_with(".")) {
        if (it->is_directory()) it.disable_recursion_pending();
        continue;
      }
      if (!it->is_regular_file()) continue;
      if (is_jsonl_path(p) || is_text_path(p) || is_html_path(p) || is_warc_path(p)) files.push_back(p);
      else ++skipped;
    }
    if (ec) report_error(path, fmt::format("could not list folder: {}", ec.message()));
    std::sort(files.begin(), files.end());
    if (skipped > 0 && sink.problem)
      sink.problem({Severity::warning, path,
                    fmt::format("{} file(s) with other extensions skipped (reads .txt .md .jsonl .html .warc, optionally .gz)", skipped)});
    for (const fs::path& p : files) read_records_impl(p.string(), options, sink, sequence, bytes_before);
    return true;
  }
  const bool warc = is_warc_path(path), jsonl = is_jsonl_path(path);
  std::optional<RawRecord::Kind> kind;
  if (is_html_path(path)) kind = RawRecord::Kind::html;
  else if (is_text_path(path)) kind = RawRecord::Kind::plain_text;
  if (!warc && !jsonl) {
    // Refuse an oversized plain file before reading it (compressed files are checked while reading).
    const std::uintmax_t size = fs::file_size(path, ec);
    if (!ec && size > options.max_document_bytes && !lower_ascii(path).ends_with(".gz")) {
      report_error(path, fmt::format("file of {:.1f} MB exceeds the {:.1f} MB per-article limit, skipped", size / 1048576.0,
                                     options.max_document_bytes / 1048576.0));
      bytes_before += size;
      if (sink.progress) sink.progress(bytes_before);
      return true;
    }
  }
  std::unique_ptr<ByteStream> in;
  try {
    in = std::make_unique<ByteStream>(path);
  } catch (const std::runtime_error& e) {
    report_error(path, fmt::format("cannot open: {}", e.what()));
    return false;
  }
  return read_stream(*in, path, kind, warc, jsonl, options, sink, sequence, bytes_before);
}

} // namespace

void parse_plain_text(std::string_view raw, const std::string& source, const Sink& sink) {
  const std::size_t bom_bytes = raw.size() - strip_bom(raw).size();
  raw = strip_bom(raw);
  if (trim(raw).empty()) {
    report(sink, Severity::error, source, "empty file, nothing to ingest");
    return;
  }
  text::Utf8Repair repaired = text::repair_utf8(raw);
  if (looks_binary(raw, repaired)) {
    report(sink, Severity::error, source, "binary data, not a text article (NUL bytes or mostly invalid UTF-8), skipped");
    return;
  }
  if (!repaired.bad_offsets.empty())
    report(sink, Severity::warning, source, describe_bad_utf8(repaired.bad_offsets, bom_bytes));
  const std::string data = normalize_newlines(repaired.text);

  Document doc;
  doc.source = source;
  std::string_view rest = data;
  // Optional front-matter: "---" line, "key: value" lines, "---" line.
  if (rest.substr(0, 4) == "---\n") {
    const std::size_t close = rest.find("\n---", 3);
    if (close != std::string_view::npos && (close + 4 == rest.size() || rest[close + 4] == '\n')) {
      std::string_view block = rest.substr(4, close - 3);
      rest.remove_prefix(std::min(rest.size(), close + 5));
      while (!block.empty()) {
        const std::size_t nl = block.find('\n');
        const std::string_view line = block.substr(0, nl);
        block.remove_prefix(nl == std::string_view::npos ? block.size() : nl + 1);
        const std::size_t colon = line.find(':');
        if (colon == std::string_view::npos) continue;
        const std::string key = lower_ascii(trim(line.substr(0, colon)));
        std::string_view value = trim(line.substr(colon + 1));
        if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front())
          value = value.substr(1, value.size() - 2);
        if (key == "url" || key == "canonical" || key == "link") doc.url = value;
        else if (key == "outlet" || key == "site" || key == "source" || key == "publisher") doc.outlet = value;
        else if (key == "published" || key == "date") set_published(doc, value, sink);
        else if (key == "title" || key == "headline") doc.title = value;
        else if (key == "id") doc.external_id = value;
      }
    }
  }
  rest = trim(rest);
  if (doc.title.empty()) {
    const std::size_t nl = rest.find('\n');
    doc.title = std::string(trim(rest.substr(0, nl)));
    rest = nl == std::string_view::npos ? std::string_view{} : trim(rest.substr(nl + 1));
  }
  doc.body = std::string(rest);
  if (doc.body.empty()) {
    report(sink, Severity::error, source, "no article text after the title line, skipped");
    return;
  }
  sink.document(std::move(doc));
}

void parse_jsonl(std::string_view data, const std::string& source, const Sink& sink) {
  std::size_t line_no = 0;
  const bool single = data.find('\n') == std::string_view::npos || trim(data).find('\n') == std::string_view::npos;
  while (!data.empty()) {
    const std::size_t nl = data.find('\n');
    const std::string_view line = trim(data.substr(0, nl));
    data.remove_prefix(nl == std::string_view::npos ? data.size() : nl + 1);
    ++line_no;
    if (line.empty()) continue;
    const std::string where = single ? source : fmt::format("{}:{}", source, line_no);
    text::Utf8Repair repaired = text::repair_utf8(line);
    if (!repaired.bad_offsets.empty()) report(sink, Severity::warning, where, describe_bad_utf8(repaired.bad_offsets, 0));
    nlohmann::json record;
    try {
      record = nlohmann::json::parse(repaired.text);
    } catch (const nlohmann::json::parse_error& e) {
      report(sink, Severity::error, where, fmt::format("not valid JSON (byte {}), record skipped", e.byte));
      continue;
    }
    if (!record.is_object()) {
      report(sink, Severity::error, where, "JSON value is not an object, record skipped");
      continue;
    }
    const auto field = [&](const char* name) -> std::string {
      const auto it = record.find(name);
      if (it == record.end() || it->is_null()) return {};
      if (it->is_string()) return it->get<std::string>();
      if (it->is_number()) return it->dump();
      report(sink, Severity::warning, where, fmt::format("field '{}' is not a string, ignored", name));
      return {};
    };
    const auto text_it = record.find("text");
    if (text_it == record.end() || !text_it->is_string()) {
      report(sink, Severity::error, where,
             text_it == record.end() ? "missing field 'text', record skipped" : "field 'text' is not a string, record skipped");
      continue;
    }
    parse_text_record({text_it->get<std::string>(), field("title"), field("url"), field("outlet"), field("published"), field("id")},
                      where, sink);
  }
}

void parse_text_record(const TextRecord& record, const std::string& source, const Sink& sink) {
  Document doc;
  doc.source = source;
  doc.external_id = record.id;
  doc.url = record.url;
  doc.title = std::string(trim(record.title));
  doc.outlet = record.outlet;
  set_published(doc, record.published, sink);
  doc.body = std::string(trim(normalize_newlines(record.text)));
  if (doc.body.empty()) {
    report(sink, Severity::error, source, "field 'text' is empty, record skipped");
    return;
  }
  sink.document(std::move(doc));
}

bool read_records(const std::string& path, const ReadOptions& options, const RecordSink& sink) {
  std::uint64_t sequence = 0, bytes = 0;
  return read_records_impl(path, options, sink, sequence, bytes);
}

bool read_records(const std::vector<std::string>& paths, const ReadOptions& options, const RecordSink& sink) {
  std::uint64_t sequence = 0, bytes = 0;
  bool all = true;
  for (const std::string& p : paths) all = read_records_impl(p, options, sink, sequence, bytes) && all;
  return all;
}

void parse_html(std::string_view data, const std::string& source, const std::string& url, const std::string& content_type,
                const std::optional<Timestamp>& fetched, const ReadOptions& options, const Sink& sink) {
  extract::Options eo;
  eo.url = url;
  eo.content_type = content_type;
  eo.max_bytes = options.max_document_bytes;
  extract::Article a;
  try {
    a = extract::extract_article(data, eo);
  } catch (const extract::ExtractError& e) {
    report(sink, Severity::error, source, fmt::format("{}{}", url.empty() ? "" : url + ": ", e.what()));
    return;
  }
  Document doc;
  doc.source = source;
  doc.url = !url.empty() ? url : a.canonical_url;
  doc.canonical_url = a.canonical_url;
  doc.outlet = a.site_name;
  doc.title = a.title;
  doc.byline = a.byline;
  doc.language = a.language;
  doc.fetched = fetched;
  const auto to_ts = [](const extract::Date& d) { return Timestamp{d.utc_seconds, d.has_time, d.has_zone}; };
  if (a.published) {
    doc.published = to_ts(*a.published);
    doc.published_raw = format_utc(a.published->utc_seconds);
  }
  if (a.modified) doc.modified = to_ts(*a.modified);
  doc.body = std::move(a.body);
  for (auto& l : a.links) doc.links.push_back({std::move(l.url), std::move(l.anchor), l.begin, l.end});
  if (trim(doc.body).empty()) {
    report(sink, Severity::error, source, "no article text found");
    return;
  }
  sink.document(std::move(doc));
}

void convert(RawRecord&& rec, const ReadOptions& options, const Sink& sink) {
  switch (rec.kind) {
  case RawRecord::Kind::plain_text: parse_plain_text(rec.data, rec.source, sink); break;
  case RawRecord::Kind::json_line: parse_jsonl(rec.data, rec.source, sink); break;
  case RawRecord::Kind::html: parse_html(rec.data, rec.source, rec.url, rec.content_type, rec.fetched, options, sink); break;
  }
}

bool read_path(const std::string& path, const ReadOptions& options, const Sink& sink) {
  RecordSink rs;
  rs.record = [&](RawRecord&& r) { convert(std::move(r), options, sink); };
  rs.problem = sink.problem;
  return read_records(path, options, rs);
}

std::uint64_t input_size(const std::string& path) {
  std::error_code ec;
  if (path == "-") return 0;
  if (fs::is_directory(path, ec)) {
    std::uint64_t total = 0;
    for (auto it = fs::recursive_directory_iterator(path, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
      if (it->is_regular_file(ec)) total += it->file_size(ec);
    return total;
  }
  const auto size = fs::file_size(path, ec);
  return ec ? 0 : size;
}

} // namespace stemma::ingest
