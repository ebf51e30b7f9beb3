#include "store/store.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>

namespace stemma::store {
namespace {
constexpr std::size_t kBlockPostings = 128; // ~0.5 KB compressed: a lookup decodes little
}

ResidentPostings::Postings::Postings(std::vector<index::Posting> sorted) : postings(std::move(sorted)) {
  int bits = 0; // about eight postings (a cache line) a bucket: half a byte of table a posting
  while (bits < 28 && (std::size_t{8} << bits) < postings.size()) ++bits;
  shift = 32 - bits;
  bucket_start.assign((std::size_t{1} << bits) + 1, 0);
  std::size_t i = 0;
  for (std::size_t b = 0; b < bucket_start.size(); ++b) {
    // The first posting whose key is in bucket b or later.
    while (i < postings.size() && (static_cast<std::uint64_t>(postings[i].key) >> shift) < b) ++i;
    bucket_start[b] = static_cast<std::uint32_t>(i);
  }
}

std::span<const index::Posting> ResidentPostings::Postings::of(std::uint32_t key) const {
  const std::size_t b = static_cast<std::uint64_t>(key) >> shift;
  const auto* first = postings.data() + bucket_start[b];
  const auto* last = postings.data() + bucket_start[b + 1];
  const auto* lo = std::lower_bound(first, last, index::Posting{key, 0});
  const auto* hi = lo;
  while (hi != last && hi->key == key) ++hi;
  return {lo, hi};
}

ResidentPostings::Segment ResidentPostings::get(std::int64_t segment, std::int64_t postings, const std::string& kind,
                                                const std::function<std::vector<index::Posting>()>& load) {
  const std::lock_guard lock(mutex_);
  if (const auto it = segments_.find(segment); it != segments_.end()) return it->second.postings;
  const auto size = static_cast<std::size_t>(std::max<std::int64_t>(postings, 0));
  if (postings_ + size > max_postings_) return nullptr;
  // Loaded under the lock: a segment is read once, and only the first lookups of a process wait.
  return insert_locked(segment, kind, load());
}

ResidentPostings::Segment ResidentPostings::insert_locked(std::int64_t segment, const std::string& kind,
                                                          std::vector<index::Posting> sorted) {
  auto loaded = std::make_shared<const Postings>(std::move(sorted));
  postings_ += loaded->size();
  segments_.emplace(segment, Entry{kind, loaded});
  return loaded;
}

void ResidentPostings::retain(const std::string& kind, std::span<const std::int64_t> live) {
  const std::lock_guard lock(mutex_);
  for (auto it = segments_.begin(); it != segments_.end();) {
    if (it->second.kind == kind && std::find(live.begin(), live.end(), it->first) == live.end()) {
      postings_ -= it->second.postings->size();
      it = segments_.erase(it);
    } else {
      ++it;
    }
  }
}

bool ResidentPostings::put(std::int64_t segment, const std::string& kind, std::vector<index::Posting> sorted) {
  const std::lock_guard lock(mutex_);
  if (segments_.contains(segment)) return true;
  if (postings_ + sorted.size() > max_postings_) return false;
  insert_locked(segment, kind, std::move(sorted));
  return true;
}

ResidentPostings::Segment ResidentPostings::find(std::int64_t segment) const {
  const std::lock_guard lock(mutex_);
  const auto it = segments_.find(segment);
  return it == segments_.end() ? nullptr : it->second.postings;
}

void ResidentPostings::forget(std::int64_t segment) {
  const std::lock_guard lock(mutex_);
  if (const auto it = segments_.find(segment); it != segments_.end()) {
    postings_ -= it->second.postings->size();
    segments_.erase(it);
  }
}

void ResidentPostings::clear() {
  const std::lock_guard lock(mutex_);
  segments_.clear();
  postings_ = 0;
}

std::size_t ResidentPostings::postings() const {
  const std::lock_guard lock(mutex_);
  return postings_;
}

PostingTable::PostingTable(sqlite3* db, std::string kind) : db_(db), kind_(std::move(kind)) {}
PostingTable::~PostingTable() = default;

void PostingTable::finish_statements() const noexcept {
  for (const auto* st : {&list_, &seek_, &scan_})
    if (*st) (*st)->reset();
}

std::vector<index::Posting> PostingTable::read_segment(std::int64_t segment) const {
  std::vector<index::Posting> out;
  Statement blocks(db_, "SELECT data FROM posting_blocks WHERE segment = ? ORDER BY first_key");
  blocks.bind(1, segment);
  while (blocks.step()) {
    try {
      const std::vector<index::Posting> b = index::decode_block(blocks.blob(0));
      out.insert(out.end(), b.begin(), b.end());
    } catch (const std::runtime_error& e) {
      throw StoreError(fmt::format("index segment {} is damaged: {}", segment, e.what()));
    }
  }
  out.shrink_to_fit();
  return out;
}

void PostingTable::write_segment(std::vector<index::Posting> sorted, int level) {
  if (sorted.empty()) return;
  // A fresh id, never used before: other readers may hold decoded blocks of old segments.
  Statement next(db_, "UPDATE counters SET value = value + 1 WHERE name = 'posting_segment' RETURNING value");
  if (!next.step()) throw StoreError("posting segment counter missing");
  const std::int64_t segment = next.int64(0);
  next.step();
  Statement seg(db_, "INSERT INTO posting_segments(id, kind, level, postings, bytes) VALUES(?,?,?,?,0)");
  seg.bind(1, segment).bind(2, std::string_view(kind_)).bind(3, std::int64_t{level}).bind(4, static_cast<std::int64_t>(sorted.size()));
  seg.step();
  Statement block(db_, "INSERT INTO posting_blocks(segment, first_key, last_key, data) VALUES(?,?,?,?)");
  std::int64_t bytes = 0;
  std::size_t i = 0;
  while (i < sorted.size()) {
    // A block never splits one key's postings, so first_key is unique per segment.
    std::size_t j = std::min(sorted.size(), i + kBlockPostings);
    while (j < sorted.size() && sorted[j].key == sorted[j - 1].key) ++j;
    const std::string data = index::encode_block(std::span(sorted).subspan(i, j - i));
    block.reset();
    block.bind(1, segment).bind(2, std::int64_t{sorted[i].key}).bind(3, std::int64_t{sorted[j - 1].key}).bind_blob(4, data);
    block.step();
    bytes += static_cast<std::int64_t>(data.size());
    i = j;
  }
  Statement size(db_, "UPDATE posting_segments SET bytes = ? WHERE id = ?");
  size.bind(1, bytes).bind(2, segment);
  size.step();
  // The writer's own resident copy: the next lookups need not read the segment back.
  if (own_resident_ && resident_) resident_->put(segment, kind_, std::move(sorted));
}

void PostingTable::add(std::vector<index::Posting> postings) {
  std::sort(postings.begin(), postings.end());
  postings.erase(std::unique(postings.begin(), postings.end()), postings.end());
  write_segment(std::move(postings), 0);
}

std::vector<index::Posting> PostingTable::lookup(std::span<const std::uint32_t> sorted_keys) const {
  constexpr std::size_t kMaxCachedPostings = 8u << 20; // ~64 MB of decoded postings
  std::vector<index::Posting> out;
  if (sorted_keys.empty()) return out;
  struct Segment {
    std::int64_t id;
    std::int64_t postings;
  };
  const auto prepared = [&](std::unique_ptr<Statement>& slot, const char* sql) -> Statement& {
    if (!slot) slot = std::make_unique<Statement>(db_, sql);
    slot->reset();
    return *slot;
  };
  std::vector<Segment> segments;
  {
    Statement& st = prepared(list_, "SELECT id, postings FROM posting_segments WHERE kind = ?");
    st.bind(1, std::string_view(kind_));
    while (st.step()) segments.push_back({st.int64(0), st.int64(1)});
    st.reset();
  }
  if (resident_) {
    std::vector<std::int64_t> live;
    for (const Segment& segment : segments) live.push_back(segment.id);
    resident_->retain(kind_, live);
  }
  // Decoded blocks come from the cache when possible; segments are immutable.
  const auto decoded = [&](std::int64_t segment, std::int64_t first_key, std::string_view data) {
    const std::uint64_t cache_key = (static_cast<std::uint64_t>(segment) << 32) | static_cast<std::uint32_t>(first_key);
    if (const auto it = cache_.find(cache_key); it != cache_.end()) return it->second;
    std::shared_ptr<const std::vector<index::Posting>> block;
    try {
      block = std::make_shared<const std::vector<index::Posting>>(index::decode_block(data));
    } catch (const std::runtime_error& e) {
      throw StoreError(fmt::format("index segment {} is damaged: {}", segment, e.what()));
    }
    if (cached_postings_ + block->size() > kMaxCachedPostings) forget_blocks(); // full: start over
    cache_.emplace(cache_key, block);
    cached_postings_ += block->size();
    return block;
  };
  const auto emit = [&](const std::vector<index::Posting>& block, std::uint32_t key) {
    auto lo = std::lower_bound(block.begin(), block.end(), index::Posting{key, 0});
    for (; lo != block.end() && lo->key == key; ++lo) out.push_back(*lo);
  };
  Statement& seek = prepared(seek_, "SELECT first_key, last_key, data FROM posting_blocks WHERE segment = ? AND first_key <= ? "
                                    "ORDER BY first_key DESC LIMIT 1");
  Statement& scan = prepared(scan_, "SELECT first_key, last_key, data FROM posting_blocks WHERE segment = ? ORDER BY first_key");
  for (const Segment& segment : segments) {
    if (resident_) {
      if (const auto all = resident_->get(segment.id, segment.postings, kind_, [&] { return read_segment(segment.id); })) {
        for (const std::uint32_t key : sorted_keys) {
          const auto hits = all->of(key);
          out.insert(out.end(), hits.begin(), hits.end());
        }
        continue;
      }
    }
    const auto blocks = static_cast<std::size_t>(segment.postings / kBlockPostings + 1);
    if (sorted_keys.size() * 4 >= blocks) {
      // Many keys for this segment (a batch of new articles): one ordered pass
      // over its blocks beats a seek per key.
      scan.reset();
      scan.bind(1, segment.id);
      std::size_t k = 0;
      while (k < sorted_keys.size() && scan.step()) {
        const std::int64_t first = scan.int64(0), last = scan.int64(1);
        while (k < sorted_keys.size() && sorted_keys[k] < first) ++k;
        if (k == sorted_keys.size() || sorted_keys[k] > last) continue;
        const auto block = decoded(segment.id, first, scan.blob(2));
        for (; k < sorted_keys.size() && sorted_keys[k] <= last; ++k) emit(*block, sorted_keys[k]);
      }
      continue;
    }
    std::shared_ptr<const std::vector<index::Posting>> block;
    std::int64_t block_first = -1, block_last = -1;
    for (const std::uint32_t key : sorted_keys) {
      if (!(key >= block_first && key <= block_last)) {
        seek.reset();
        seek.bind(1, segment.id).bind(2, std::int64_t{key});
        if (!seek.step()) continue;
        if (seek.int64(1) < key) continue; // falls between blocks
        block_first = seek.int64(0);
        block_last = seek.int64(1);
        block = decoded(segment.id, block_first, seek.blob(2));
      }
      emit(*block, key);
    }
  }
  // A statement left on a row would keep the read snapshot open past the transaction.
  seek.reset();
  scan.reset();
  return out;
}

void PostingTable::compact(std::size_t fan_in) {
  for (int level = 0; level < 32; ++level) {
    std::vector<std::int64_t> segments;
    {
      Statement st(db_, "SELECT id FROM posting_segments WHERE kind = ? AND level = ? ORDER BY id");
      st.bind(1, std::string_view(kind_)).bind(2, std::int64_t{level});
      while (st.step()) segments.push_back(st.int64(0));
    }
    if (segments.size() < fan_in) continue;
    std::vector<index::Posting> merged;
    Statement blocks(db_, "SELECT data FROM posting_blocks WHERE segment = ? ORDER BY first_key");
    Statement drop(db_, "DELETE FROM posting_blocks WHERE segment = ?");
    Statement drop_segment(db_, "DELETE FROM posting_segments WHERE id = ?");
    for (const std::int64_t segment : segments) {
      if (const auto all = own_resident_ && resident_ ? resident_->find(segment) : nullptr) {
        merged.insert(merged.end(), all->postings.begin(), all->postings.end());
        resident_->forget(segment);
      } else {
        blocks.reset();
        blocks.bind(1, segment);
        while (blocks.step()) {
          const std::vector<index::Posting> b = index::decode_block(blocks.blob(0));
          merged.insert(merged.end(), b.begin(), b.end());
        }
      }
      drop.reset();
      drop.bind(1, segment);
      drop.step();
      drop_segment.reset();
      drop_segment.bind(1, segment);
      drop_segment.step();
    }
    std::sort(merged.begin(), merged.end());
    merged.erase(std::unique(merged.begin(), merged.end()), merged.end());
    write_segment(std::move(merged), level + 1);
  }
}

std::uint64_t PostingTable::postings() const {
  Statement st(db_, "SELECT coalesce(sum(postings), 0) FROM posting_segments WHERE kind = ?");
  st.bind(1, std::string_view(kind_));
  st.step();
  return static_cast<std::uint64_t>(st.int64(0));
}

std::uint64_t PostingTable::bytes() const {
  Statement st(db_, "SELECT coalesce(sum(bytes), 0) FROM posting_segments WHERE kind = ?");
  st.bind(1, std::string_view(kind_));
  st.step();
  return static_cast<std::uint64_t>(st.int64(0));
}

std::size_t PostingTable::segments() const {
  Statement st(db_, "SELECT count(*) FROM posting_segments WHERE kind = ?");
  st.bind(1, std::string_view(kind_));
  st.step();
  return static_cast<std::size_t>(st.int64(0));
}

} // namespace stemma::store
