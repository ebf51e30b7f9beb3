#include "ingest/ingest.h"
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

bool has_extension(const fs::path& p, std::initializer_list<const char*> exts) {
  const std::string e = lower_ascii(p.extension().string());
  return std::any_of(exts.begin(), exts.end(), [&](const char* x) { return e == x; });
}

bool is_jsonl_path(const fs::path& p) { return has_extension(p, {".jsonl", ".ndjson"}); }
bool is_text_path(const fs::path& p) { return has_extension(p, {".txt", ".text", ".md"}); }

bool read_whole(std::istream& in, std::uint64_t limit, std::string& out) {
  out.clear();
  char buf[1 << 16];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    out.append(buf, static_cast<std::size_t>(in.gcount()));
    if (out.size() > limit) return false;
  }
  return true;
}

// Reads JSON lines one at a time so a large file never sits in memory whole.
void read_jsonl_stream(std::istream& in, const std::string& source, const ReadOptions& options, const Sink& sink) {
  std::string line;
  std::size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.size() > options.max_document_bytes) {
      report(sink, Severity::error, fmt::format("{}:{}", source, number),
             fmt::format("record of {} bytes exceeds the {} byte limit, skipped", line.size(), options.max_document_bytes));
      continue;
    }
    parse_jsonl(line, fmt::format("{}:{}", source, number), sink);
  }
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
    Document doc;
    doc.source = where;
    doc.external_id = field("id");
    doc.url = field("url");
    doc.title = std::string(trim(field("title")));
    doc.outlet = field("outlet");
    set_published(doc, field("published"), sink);
    doc.body = std::string(trim(normalize_newlines(text_it->get<std::string>())));
    if (doc.body.empty()) {
      report(sink, Severity::error, where, "field 'text' is empty, record skipped");
      continue;
    }
    sink.document(std::move(doc));
  }
}

bool read_path(const std::string& path, const ReadOptions& options, const Sink& sink) {
  if (path == "-") {
    std::string data;
    if (!read_whole(std::cin, std::max<std::uint64_t>(options.max_document_bytes, 1ull << 30), data)) {
      report(sink, Severity::error, "-", "standard input larger than 1 GiB, refused");
      return false;
    }
    const std::string_view body = trim(strip_bom(data));
    if (!body.empty() && body.front() == '{') {
      parse_jsonl(data, "-", sink);
    } else if (data.size() > options.max_document_bytes) {
      report(sink, Severity::error, "-", fmt::format("article of {} bytes exceeds the {} byte limit", data.size(), options.max_document_bytes));
    } else {
      parse_plain_text(data, "-", sink);
    }
    return true;
  }

  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (ec || !fs::exists(status)) {
    report(sink, Severity::error, path, "no such file or folder");
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
      if (is_jsonl_path(p) || is_text_path(p)) files.push_back(p);
      else ++skipped;
    }
    if (ec) report(sink, Severity::error, path, fmt::format("could not list folder: {}", ec.message()));
    std::sort(files.begin(), files.end());
    if (skipped > 0)
      report(sink, Severity::warning, path, fmt::format("{} file(s) with other extensions skipped (reads .txt .text .md .jsonl .ndjson)", skipped));
    for (const fs::path& p : files) read_path(p.string(), options, sink);
    return true;
  }

  std::ifstream in(path, std::ios::binary);
  if (!in) {
    report(sink, Severity::error, path, fmt::format("cannot open: {}", std::strerror(errno)));
    return false;
  }
  if (is_jsonl_path(path)) {
    read_jsonl_stream(in, path, options, sink);
    return true;
  }
  const std::uintmax_t size = fs::file_size(path, ec);
  if (!ec && size > options.max_document_bytes) {
    report(sink, Severity::error, path,
           fmt::format("file of {:.1f} MB exceeds the {:.1f} MB per-article limit, skipped", size / 1048576.0,
                       options.max_document_bytes / 1048576.0));
    return true;
  }
  std::string data;
  if (!read_whole(in, options.max_document_bytes, data)) {
    report(sink, Severity::error, path, "file grew past the per-article limit while reading, skipped");
    return true;
  }
  if (in.bad()) {
    report(sink, Severity::error, path, "read error");
    return true;
  }
  parse_plain_text(data, path, sink);
  return true;
}

} // namespace stemma::ingest
