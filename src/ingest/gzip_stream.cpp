#include "ingest/gzip_stream.h"

#include <zlib.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace stemma::ingest {

struct ByteStream::Inflater {
  z_stream zs{};
  bool active = false;
  ~Inflater() {
    if (active) inflateEnd(&zs);
  }
};

ByteStream::ByteStream(const std::string& path) {
  file_ = std::fopen(path.c_str(), "rb");
  if (!file_) throw std::runtime_error(std::strerror(errno));
  owned_ = true;
  init();
}

ByteStream::ByteStream(std::FILE* borrowed) : file_(borrowed) { init(); }

ByteStream::~ByteStream() {
  if (owned_ && file_) std::fclose(file_);
}

std::size_t ByteStream::fill_raw() {
  if (raw_pos_ > 0) {
    raw_.erase(0, raw_pos_);
    raw_pos_ = 0;
  }
  if (eof_) return 0;
  const std::size_t old = raw_.size();
  raw_.resize(old + (1 << 16));
  const std::size_t n = std::fread(raw_.data() + old, 1, 1 << 16, file_);
  raw_.resize(old + n);
  if (n == 0) eof_ = true;
  return n;
}

void ByteStream::init() {
  while (raw_.size() < 2 && fill_raw() > 0) {
  }
  gzip_ = raw_.size() >= 2 && static_cast<unsigned char>(raw_[0]) == 0x1F && static_cast<unsigned char>(raw_[1]) == 0x8B;
  if (gzip_) {
    z_ = std::make_unique<Inflater>();
    if (inflateInit2(&z_->zs, 15 + 16) != Z_OK) throw std::runtime_error("zlib initialisation failed");
    z_->active = true;
  }
}

std::size_t ByteStream::read(std::string& out, std::size_t max) {
  if (!gzip_) {
    if (raw_pos_ >= raw_.size() && fill_raw() == 0) return 0;
    const std::size_t n = std::min(max, raw_.size() - raw_pos_);
    out.append(raw_, raw_pos_, n);
    raw_pos_ += n;
    raw_offset_ += n;
    return n;
  }
  const std::size_t start = out.size();
  out.resize(start + max);
  std::size_t produced = 0;
  while (produced == 0) {
    if (raw_pos_ >= raw_.size() && fill_raw() == 0) {
      // End of file: fine between members, truncated inside one.
      if (!member_done_) throw std::runtime_error("truncated gzip data (file ends inside a compressed member)");
      break;
    }
    if (member_done_) {
      // Another member follows (multi-member gzip, as WARC.gz uses): start over.
      if (inflateReset(&z_->zs) != Z_OK) throw std::runtime_error("zlib reset failed");
      member_done_ = false;
    }
    z_->zs.next_in = reinterpret_cast<Bytef*>(raw_.data() + raw_pos_);
    z_->zs.avail_in = static_cast<uInt>(raw_.size() - raw_pos_);
    z_->zs.next_out = reinterpret_cast<Bytef*>(out.data() + start + produced);
    z_->zs.avail_out = static_cast<uInt>(max - produced);
    const int rc = inflate(&z_->zs, Z_NO_FLUSH);
    const std::size_t consumed = (raw_.size() - raw_pos_) - z_->zs.avail_in;
    raw_pos_ += consumed;
    raw_offset_ += consumed;
    produced = max - z_->zs.avail_out;
    if (rc == Z_STREAM_END) {
      member_done_ = true;
    } else if (rc == Z_BUF_ERROR && consumed == 0 && produced == 0) {
      if (fill_raw() == 0) throw std::runtime_error("truncated gzip data (file ends inside a compressed member)");
    } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
      throw std::runtime_error(std::string("corrupt gzip data: ") + (z_->zs.msg ? z_->zs.msg : "inflate failed"));
    }
  }
  out.resize(start + produced);
  return produced;
}

} // namespace stemma::ingest
