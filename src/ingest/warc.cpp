#include "ingest/warc.h"

#include <fmt/format.h>
#include <zlib.h>

#include <algorithm>
#include <map>

namespace stemma::ingest {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// "Name: value" header lines up to a blank line; names lower-cased.
std::map<std::string, std::string> parse_headers(std::string_view block) {
  std::map<std::string, std::string> h;
  while (!block.empty()) {
    const std::size_t nl = block.find('\n');
    const std::string_view line = trim(block.substr(0, nl));
    block.remove_prefix(nl == std::string_view::npos ? block.size() : nl + 1);
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    h[lower(trim(line.substr(0, colon)))] = std::string(trim(line.substr(colon + 1)));
  }
  return h;
}

// Buffered access to the (decompressed) stream with absolute offsets.
class Cursor {
public:
  explicit Cursor(ByteStream& s) : stream_(s) {}
  // Ensures n bytes are buffered from the current position; false at EOF.
  bool want(std::size_t n) {
    while (buf_.size() - pos_ < n) {
      if (pos_ > (1u << 20)) {
        buf_.erase(0, pos_);
        base_ += pos_;
        pos_ = 0;
      }
      if (stream_.read(buf_, std::max<std::size_t>(n - (buf_.size() - pos_), 1 << 16)) == 0) return false;
    }
    return true;
  }
  // Reads a line (without "\n"); false at EOF.
  bool line(std::string& out, std::size_t max = 1 << 16) {
    for (;;) {
      const std::size_t nl = buf_.find('\n', pos_);
      if (nl != std::string::npos) {
        out.assign(buf_, pos_, nl - pos_);
        pos_ = nl + 1;
        if (!out.empty() && out.back() == '\r') out.pop_back();
        return true;
      }
      if (buf_.size() - pos_ > max) { // absurd line: consume it as is
        out.assign(buf_, pos_, max);
        pos_ += max;
        return true;
      }
      if (!want(buf_.size() - pos_ + 1)) {
        if (pos_ >= buf_.size()) return false;
        out.assign(buf_, pos_, std::string::npos);
        pos_ = buf_.size();
        return true;
      }
    }
  }
  std::string take(std::size_t n) {
    std::string out = buf_.substr(pos_, n);
    pos_ += out.size();
    return out;
  }
  void skip(std::size_t n) {
    while (n > 0) {
      if (pos_ >= buf_.size() && !want(1)) return;
      const std::size_t k = std::min(n, buf_.size() - pos_);
      pos_ += k;
      n -= k;
    }
  }
  std::uint64_t offset() const { return base_ + pos_; }

private:
  ByteStream& stream_;
  std::string buf_;
  std::size_t pos_ = 0;
  std::uint64_t base_ = 0;
};

// Removes HTTP chunked transfer coding; returns false if malformed.
bool dechunk(std::string_view in, std::string& out) {
  out.clear();
  while (!in.empty()) {
    const std::size_t nl = in.find('\n');
    if (nl == std::string_view::npos) return false;
    std::string_view size_line = trim(in.substr(0, nl));
    size_line = size_line.substr(0, size_line.find(';'));
    std::size_t size = 0;
    for (const char c : size_line) {
      const int v = (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : (c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
      if (v < 0 || size > (1u << 28)) return false;
      size = size * 16 + static_cast<std::size_t>(v);
    }
    in.remove_prefix(nl + 1);
    if (size == 0) return true;
    if (size > in.size()) return false;
    out.append(in.substr(0, size));
    in.remove_prefix(size);
    if (in.starts_with("\r\n")) in.remove_prefix(2);
    else if (in.starts_with("\n")) in.remove_prefix(1);
  }
  return true;
}

// Inflates gzip or deflate content coding, with an output limit.
bool inflate_body(std::string_view in, std::string& out, std::size_t limit) {
  z_stream zs{};
  if (inflateInit2(&zs, 15 + 32) != Z_OK) return false; // auto-detect gzip/zlib
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  out.clear();
  int rc = Z_OK;
  while (rc == Z_OK) {
    const std::size_t old = out.size();
    out.resize(old + (1 << 16));
    zs.next_out = reinterpret_cast<Bytef*>(out.data() + old);
    zs.avail_out = 1 << 16;
    rc = inflate(&zs, Z_NO_FLUSH);
    out.resize(old + (1 << 16) - zs.avail_out);
    if (out.size() > limit) rc = Z_MEM_ERROR;
    if (rc == Z_BUF_ERROR && zs.avail_in == 0) break;
  }
  inflateEnd(&zs);
  return rc == Z_STREAM_END || rc == Z_BUF_ERROR;
}

bool is_html_type(std::string_view content_type) {
  const std::string t = lower(content_type);
  return t.find("text/html") != std::string::npos || t.find("application/xhtml") != std::string::npos;
}

} // namespace

void read_warc(ByteStream& stream, const std::string& source, const ReadOptions& options, const RecordSink& sink,
               std::uint64_t& sequence) {
  Cursor in(stream);
  std::map<std::string, std::size_t> skipped;
  std::size_t records = 0, articles = 0;
  std::string line;
  const auto problem = [&](Severity sev, std::uint64_t offset, std::string msg) {
    if (sink.problem) sink.problem({sev, fmt::format("{}@{}", source, offset), std::move(msg)});
  };
  try {
    while (in.line(line)) {
      const std::uint64_t record_offset = in.offset() - line.size() - 1;
      if (line.empty()) continue;
      if (!line.starts_with("WARC/")) {
        // Out of sync (a wrong Content-Length before): skip to the next header.
        problem(Severity::error, record_offset, "expected a WARC record header; skipping to the next record");
        while (in.line(line) && !line.starts_with("WARC/")) {
        }
        if (!line.starts_with("WARC/")) break;
      }
      std::string header_block;
      while (in.line(line) && !line.empty()) header_block += line + "\n";
      const auto headers = parse_headers(header_block);
      ++records;
      const auto len_it = headers.find("content-length");
      std::uint64_t length = 0;
      try {
        length = len_it == headers.end() ? 0 : std::stoull(len_it->second);
      } catch (const std::exception&) {
        problem(Severity::error, record_offset, "unreadable Content-Length; record skipped");
        continue;
      }
      if (len_it == headers.end()) {
        problem(Severity::error, record_offset, "record without Content-Length; skipping to the next record");
        continue;
      }
      if (sink.progress) sink.progress(stream.compressed_offset());
      const std::string type = headers.contains("warc-type") ? lower(headers.at("warc-type")) : "unknown";
      if (type != "response" && type != "resource") {
        in.skip(length);
        ++skipped[type];
        continue;
      }
      if (length > options.max_document_bytes * 2) {
        in.skip(length);
        ++skipped["too large"];
        problem(Severity::warning, record_offset, fmt::format("record of {} bytes exceeds the size limit, skipped", length));
        continue;
      }
      if (!in.want(length)) {
        problem(Severity::error, record_offset,
                fmt::format("truncated record: Content-Length {} but the file ends first", length));
        break;
      }
      std::string block = in.take(length);
      RawRecord rec;
      rec.kind = RawRecord::Kind::html;
      rec.source = fmt::format("{}@{}", source, record_offset);
      if (auto it = headers.find("warc-target-uri"); it != headers.end()) {
        rec.url = it->second;
        if (rec.url.size() >= 2 && rec.url.front() == '<' && rec.url.back() == '>') rec.url = rec.url.substr(1, rec.url.size() - 2);
      }
      if (auto it = headers.find("warc-date"); it != headers.end()) rec.fetched = parse_timestamp(it->second);

      std::string_view payload = block;
      if (type == "response") {
        // An HTTP response: status line, headers, blank line, body.
        std::size_t end = payload.find("\r\n\r\n");
        std::size_t sep = 4;
        if (end == std::string_view::npos) end = payload.find("\n\n"), sep = 2;
        if (!payload.starts_with("HTTP/") || end == std::string_view::npos) {
          ++skipped["not an HTTP response"];
          continue;
        }
        const std::string_view status_line = payload.substr(0, payload.find('\n'));
        const auto http = parse_headers(payload.substr(status_line.size() + 1, end - status_line.size()));
        const std::size_t sp = status_line.find(' ');
        const std::string status = sp == std::string_view::npos ? "" : std::string(status_line.substr(sp + 1, 3));
        payload.remove_prefix(end + sep);
        if (status != "200") {
          ++skipped["HTTP " + (status.empty() ? std::string("?") : status)];
          continue;
        }
        rec.content_type = http.contains("content-type") ? http.at("content-type") : "";
        if (!is_html_type(rec.content_type)) {
          const std::string t = rec.content_type.substr(0, rec.content_type.find(';'));
          ++skipped["not HTML (" + (t.empty() ? std::string("no type") : lower(trim(t))) + ")"];
          continue;
        }
        std::string decoded;
        if (http.contains("transfer-encoding") && lower(http.at("transfer-encoding")).find("chunked") != std::string::npos) {
          if (dechunk(payload, decoded)) {
            payload = decoded;
          } // else: Common Crawl often stores de-chunked bodies with the header kept
        }
        std::string inflated;
        if (http.contains("content-encoding")) {
          const std::string enc = lower(http.at("content-encoding"));
          if (enc.find("gzip") != std::string::npos || enc.find("deflate") != std::string::npos) {
            if (!inflate_body(payload, inflated, options.max_document_bytes)) {
              problem(Severity::error, record_offset, fmt::format("{}: cannot decode {} content", rec.url, enc));
              continue;
            }
            payload = inflated;
          }
        }
        rec.data.assign(payload);
      } else {
        rec.content_type = headers.contains("content-type") ? headers.at("content-type") : "";
        if (!is_html_type(rec.content_type)) {
          ++skipped["not HTML"];
          continue;
        }
        rec.data = std::move(block);
      }
      rec.sequence = sequence++;
      ++articles;
      sink.record(std::move(rec));
    }
  } catch (const std::runtime_error& e) {
    problem(Severity::error, in.offset(), fmt::format("{}; the records before it were read", e.what()));
  }
  if (sink.progress) sink.progress(stream.compressed_offset());
  if (!skipped.empty() && sink.problem) {
    std::string reasons;
    std::size_t total = 0;
    for (const auto& [reason, n] : skipped) {
      reasons += fmt::format("{}{} {}", reasons.empty() ? "" : ", ", n, reason);
      total += n;
    }
    sink.problem({Severity::warning, source,
                  fmt::format("{} WARC records: {} HTML pages read, {} skipped ({})", records, articles, total, reasons)});
  }
}

} // namespace stemma::ingest
