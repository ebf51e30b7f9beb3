// Store stage: the embedded SQLite database (WAL, foreign keys, versioned
// migrations) holding articles, pairwise reuse with its passages, stories,
// stemma edges, and the posting lists of the fingerprint index.
// Every write happens inside a transaction the caller commits, so a crash
// loses at most the uncommitted batch.
#pragma once

#include "align/align.h"
#include "index/index.h"
#include "ingest/ingest.h"
#include "lineage/lineage.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace stemma::store {

class StoreError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

// Thin RAII wrappers; column access by index, throwing StoreError on failure.
class Statement {
public:
  Statement(sqlite3* db, const char* sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement& bind(int i, std::int64_t v);
  Statement& bind(int i, double v);
  Statement& bind(int i, std::string_view v);
  Statement& bind_blob(int i, std::string_view v);
  Statement& bind_null(int i);
  bool step(); // true while a row is available
  void reset();
  std::int64_t int64(int col) const;
  double real(int col) const;
  std::string text(int col) const;
  std::string_view blob(int col) const;
  bool is_null(int col) const;

private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

// Whole posting segments decoded into memory, for a long-running reader (the server): a lookup
// is then a binary search per key and segment, with no SQLite query and no block decoding.
// Shared by the read-only connections of one process: a committed segment is immutable and its
// id is never reused, so one connection's copy is every connection's. Bounded by a budget of
// postings; a segment that does not fit is read from SQLite block by block as before. Never
// share one with a connection that writes: its uncommitted segments may roll back and their ids
// be reused (a writer keeps its own, emptied on rollback: Store::keep_index_resident).
class ResidentPostings {
public:
  // One segment's postings, sorted, with a table of where each range of keys starts (keys are
  // hashes, near uniform: a lookup reads a bucket of a few postings instead of binary searching).
  struct Postings {
    explicit Postings(std::vector<index::Posting> sorted);
    std::span<const index::Posting> of(std::uint32_t key) const; // the postings of `key`
    std::size_t size() const { return postings.size(); }
    std::vector<index::Posting> postings;
    std::vector<std::uint32_t> bucket_start; // 2^bits + 1 entries
    int shift = 32;                          // key >> shift is the bucket
  };
  using Segment = std::shared_ptr<const Postings>;
  explicit ResidentPostings(std::size_t max_postings) : max_postings_(max_postings) {}
  // The segment's postings, sorted, loaded with `load` the first time (once: other callers wait);
  // null when it does not fit the budget next to the segments already resident.
  Segment get(std::int64_t segment, std::int64_t postings, const std::string& kind,
              const std::function<std::vector<index::Posting>()>& load);
  // Forgets the segments of `kind` that are not in `live` (merged away by a compaction).
  void retain(const std::string& kind, std::span<const std::int64_t> live);
  // Adds a segment whose sorted postings are at hand (just written); false when it does not fit.
  bool put(std::int64_t segment, const std::string& kind, std::vector<index::Posting> sorted);
  Segment find(std::int64_t segment) const; // null when not resident
  void forget(std::int64_t segment);
  void clear(); // everything (a writer's rollback: segment ids may be reused)
  std::size_t postings() const;

private:
  struct Entry {
    std::string kind;
    Segment postings;
  };
  Segment insert_locked(std::int64_t segment, const std::string& kind, std::vector<index::Posting> sorted); // mutex_ held
  mutable std::mutex mutex_;
  std::unordered_map<std::int64_t, Entry> segments_;
  std::size_t postings_ = 0, max_postings_;
};

// An LSM-style posting index inside SQLite: each flush writes an immutable
// sorted segment of compressed blocks; segments are merged in tiers of four,
// so a lookup touches O(log N) segments.
class PostingTable {
public:
  PostingTable(sqlite3* db, std::string kind);
  ~PostingTable();
  // Read whole segments through `resident` from now on. Shared between read-only connections;
  // a writer's (`own`: this connection's only) also takes the segments it writes and is
  // emptied on a rollback (forget_cache).
  void use_resident(std::shared_ptr<ResidentPostings> resident, bool own = false) {
    resident_ = std::move(resident);
    own_resident_ = own;
  }
  void add(std::vector<index::Posting> postings); // one new segment (sorted here)
  std::vector<index::Posting> lookup(std::span<const std::uint32_t> sorted_keys) const;
  void compact(std::size_t fan_in = 4);
  std::uint64_t postings() const;
  std::uint64_t bytes() const;
  std::size_t segments() const;
  // Segment ids can be reused after a rollback: forget decoded blocks and a writer's own
  // resident segments.
  void forget_cache() const {
    forget_blocks();
    if (own_resident_ && resident_) resident_->clear();
  }
  void finish_statements() const noexcept; // resets the prepared statements (end of a transaction)

private:
  void forget_blocks() const { cache_.clear(), cached_postings_ = 0; }
  void write_segment(std::vector<index::Posting> sorted, int level);
  std::vector<index::Posting> read_segment(std::int64_t segment) const;
  sqlite3* db_;
  std::string kind_;
  std::shared_ptr<ResidentPostings> resident_;
  bool own_resident_ = false;
  // Prepared once per connection (a lookup is a leaf call: nothing up the stack holds them).
  mutable std::unique_ptr<Statement> list_, seek_, scan_;
  // Decoded blocks of immutable segments, keyed by (segment, first key); bounded.
  mutable std::unordered_map<std::uint64_t, std::shared_ptr<const std::vector<index::Posting>>> cache_;
  mutable std::size_t cached_postings_ = 0;
};

struct ArticleRow {
  std::uint32_t id = 0;
  std::string content_hash, external_id, url, outlet, title, published_raw, source, body;
  std::optional<std::int64_t> published_utc;
  bool published_has_time = false, published_has_zone = false;
  std::uint32_t tokens = 0;
  std::uint32_t story_id = 0;
  std::string byline, canonical_url, language;
  std::optional<std::int64_t> fetched_utc, modified_utc;
};

lineage::ArticleInfo info_of(const ArticleRow& row);

struct StoredPair {
  std::uint32_t a = 0, b = 0; // a < b
  align::Alignment alignment; // passages oriented a -> b
};

struct StoryRow {
  std::uint32_t id = 0;
  std::uint32_t size = 0;
  std::uint32_t edges = 0;
  std::uint32_t origin = 0; // earliest root
  std::string title;        // the origin's title
  std::optional<std::int64_t> first_published, last_published;
};

struct StoreStats {
  std::uint64_t articles = 0, pairs = 0, passages = 0, stories = 0, edges = 0;
  std::uint64_t text_bytes = 0;       // article bodies
  std::uint64_t index_bytes = 0;      // posting blocks
  std::uint64_t postings = 0;
  std::uint64_t file_bytes = 0;       // database file size
  std::uint64_t index_disk_bytes = 0; // index tables on disk (SQLite pages), 0 if unknown
};

// Which articles a search wants; empty or unset fields match everything.
struct ArticleFilter {
  std::string text;   // substring of the title or the body (ASCII case-insensitive)
  std::string url;    // prefix of the URL or the canonical URL
  std::string outlet; // the outlet, case-insensitive
  std::optional<std::int64_t> from_utc, to_utc; // published within [from, to]
};

class Store {
public:
  enum class Mode { read_write, read_only };
  // Opens (creating and migrating if needed). Throws StoreError naming the path.
  Store(const std::string& path, Mode mode);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  const std::string& path() const { return path_; }
  int schema_version() const;

  void begin();      // a write transaction
  void begin_read(); // a read snapshot (commit() ends it): consistent, and one lock for many queries
  void commit();
  void rollback() noexcept;

  std::optional<std::uint32_t> find_by_hash(const std::string& content_hash) const;
  std::optional<std::uint32_t> find_by_url(const std::string& url) const;
  std::optional<std::uint32_t> find_by_external_id(const std::string& id) const;
  std::uint32_t insert_article(const ingest::Document& doc, const std::string& content_hash, std::uint32_t tokens);
  std::optional<ArticleRow> article(std::uint32_t id) const;
  std::vector<ArticleRow> story_articles(std::uint32_t story_id) const;
  std::uint32_t article_count() const;
  std::uint32_t story_count(std::uint32_t min_size) const; // cheap: no per-story work
  std::uint32_t edge_count() const;
  std::uint32_t story_of(std::uint32_t article_id) const;
  std::vector<ingest::Link> links(std::uint32_t article_id) const;

  void insert_pair(const StoredPair& pair);
  std::optional<StoredPair> pair(std::uint32_t x, std::uint32_t y) const; // either order; oriented min -> max
  std::vector<StoredPair> pairs_within(std::span<const std::uint32_t> sorted_ids) const;
  std::vector<std::uint32_t> partners(std::uint32_t id) const;

  // Union of two stories; the smaller id survives so story ids stay stable.
  std::uint32_t merge_stories(std::uint32_t x, std::uint32_t y);
  void save_stemma(std::uint32_t story_id, const lineage::Stemma& stemma);
  // Incremental stemma updates (a story grown by one article): its members' ids and publication
  // times in (published, id) order, undated last; one article's number of reuse partners; the
  // story's placeholder sources; and edges added to the saved stemma.
  std::vector<std::pair<std::uint32_t, std::optional<std::int64_t>>> story_member_dates(std::uint32_t story_id) const;
  std::uint32_t partner_count(std::uint32_t article_id) const;
  std::vector<lineage::Placeholder> story_placeholders(std::uint32_t story_id) const;
  void add_edges(std::uint32_t story_id, const std::vector<lineage::Edge>& edges);
  std::vector<StoryRow> stories(std::uint32_t min_size) const;
  // One page of a search, in id order (articles) or in the order of stories() (stories: those
  // of at least min_size articles with an article matching); `total` counts every match.
  std::vector<ArticleRow> find_articles(const ArticleFilter& filter, std::size_t limit, std::size_t offset, std::uint64_t& total) const;
  std::vector<StoryRow> find_stories(const ArticleFilter& filter, std::uint32_t min_size, std::size_t limit, std::size_t offset,
                                     std::uint64_t& total) const;
  std::optional<StoryRow> story(std::uint32_t id) const;
  // Edges of a story with their passages (oriented parent -> child).
  lineage::Stemma stemma(std::uint32_t story_id) const;

  // Reads the index through `resident` (shared by read-only stores of one file; see ResidentPostings).
  void use_resident_index(const std::shared_ptr<ResidentPostings>& resident);
  // A writer's own resident index (up to `max_postings` decoded postings): ingest looks its
  // candidates up in memory instead of seeking and decoding blocks in SQLite per key.
  void keep_index_resident(std::size_t max_postings);

  PostingTable& fingerprints() { return *fingerprints_; }
  PostingTable& bands() { return *bands_; }
  const PostingTable& fingerprints() const { return *fingerprints_; }
  const PostingTable& bands() const { return *bands_; }

  StoreStats stats() const;

private:
  // A prepared statement kept for the life of the store (hot single-row queries;
  // never for a statement that may be in use by a caller up the stack).
  Statement& cached(const char* sql) const;
  void finish_statements() const noexcept;
  void migrate();
  std::optional<StoryRow> story_row(Statement& st) const;
  std::string path_;
  bool read_only_ = false;
  sqlite3* db_ = nullptr;
  std::unique_ptr<PostingTable> fingerprints_, bands_;
  mutable std::unordered_map<std::string, std::unique_ptr<Statement>> statements_;
};

} // namespace stemma::store
