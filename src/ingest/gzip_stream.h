// Streaming decompression of gzip files, member by member (WARC.gz files are
// one gzip member per record). Internal to the ingest stage.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>

namespace stemma::ingest {

// Reads a file, transparently inflating it when it starts with the gzip magic.
class ByteStream {
public:
  // Throws std::runtime_error if the file cannot be opened.
  explicit ByteStream(const std::string& path);
  explicit ByteStream(std::FILE* borrowed); // e.g. stdin; not closed
  ~ByteStream();
  ByteStream(const ByteStream&) = delete;
  ByteStream& operator=(const ByteStream&) = delete;

  // Appends up to `max` bytes to out; returns the number appended, 0 at the end.
  // Throws std::runtime_error on corrupt or truncated gzip data.
  std::size_t read(std::string& out, std::size_t max);
  bool gzip() const { return gzip_; }
  std::uint64_t compressed_offset() const { return raw_offset_; } // bytes consumed from the file

private:
  void init();
  std::size_t fill_raw();
  std::FILE* file_ = nullptr;
  bool owned_ = false;
  bool gzip_ = false;
  bool eof_ = false;
  bool member_done_ = false;
  std::uint64_t raw_offset_ = 0;
  std::string raw_;
  std::size_t raw_pos_ = 0;
  struct Inflater;
  std::unique_ptr<Inflater> z_;
};

} // namespace stemma::ingest
