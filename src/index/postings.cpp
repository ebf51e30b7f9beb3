#include "index/index.h"

#include <stdexcept>

namespace stemma::index {
namespace {

void put_varint(std::string& out, std::uint32_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

std::uint32_t get_varint(std::string_view in, std::size_t& pos) {
  std::uint32_t v = 0;
  for (int shift = 0; shift <= 28; shift += 7) {
    if (pos >= in.size()) throw std::runtime_error("corrupt posting block: truncated varint");
    const auto b = static_cast<std::uint8_t>(in[pos++]);
    v |= static_cast<std::uint32_t>(b & 0x7F) << shift;
    if ((b & 0x80) == 0) return v;
  }
  throw std::runtime_error("corrupt posting block: varint too long");
}

} // namespace

// Layout: count, then per posting the key delta; when the key repeats, the doc
// delta, otherwise the doc id itself.
std::string encode_block(std::span<const Posting> sorted) {
  std::string out;
  out.reserve(sorted.size() * 4 + 5);
  put_varint(out, static_cast<std::uint32_t>(sorted.size()));
  std::uint32_t prev_key = 0, prev_doc = 0;
  bool first = true;
  for (const Posting& p : sorted) {
    if (!first && (p.key < prev_key || (p.key == prev_key && p.doc < prev_doc)))
      throw std::invalid_argument("encode_block: postings not sorted");
    const std::uint32_t dk = first ? p.key : p.key - prev_key;
    put_varint(out, dk);
    put_varint(out, (!first && dk == 0) ? p.doc - prev_doc : p.doc);
    prev_key = p.key;
    prev_doc = p.doc;
    first = false;
  }
  return out;
}

std::vector<Posting> decode_block(std::string_view block) {
  std::size_t pos = 0;
  const std::uint32_t n = get_varint(block, pos);
  if (n > block.size()) throw std::runtime_error("corrupt posting block: count larger than block");
  std::vector<Posting> out;
  out.reserve(n);
  std::uint32_t key = 0, doc = 0;
  for (std::uint32_t i = 0; i < n; ++i) {
    const std::uint32_t dk = get_varint(block, pos);
    const std::uint32_t d = get_varint(block, pos);
    key = i == 0 ? dk : key + dk;
    doc = (i > 0 && dk == 0) ? doc + d : d;
    out.push_back({key, doc});
  }
  if (pos != block.size()) throw std::runtime_error("corrupt posting block: trailing bytes");
  return out;
}

} // namespace stemma::index
