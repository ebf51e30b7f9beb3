#include "store/store.h"

#include <nlohmann/json.hpp>

#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <filesystem>

namespace stemma::store {

// ---- Statement ---------------------------------------------------------------

Statement::Statement(sqlite3* db, const char* sql) : db_(db) {
  if (sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) != SQLITE_OK)
    throw StoreError(fmt::format("{} (in: {:.60})", sqlite3_errmsg(db), sql));
}
Statement::~Statement() { sqlite3_finalize(stmt_); }

namespace {
void check_bind(sqlite3* db, int rc) {
  if (rc != SQLITE_OK) throw StoreError(sqlite3_errmsg(db));
}
} // namespace

Statement& Statement::bind(int i, std::int64_t v) { check_bind(db_, sqlite3_bind_int64(stmt_, i, v)); return *this; }
Statement& Statement::bind(int i, double v) { check_bind(db_, sqlite3_bind_double(stmt_, i, v)); return *this; }
Statement& Statement::bind(int i, std::string_view v) {
  check_bind(db_, sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT));
  return *this;
}
Statement& Statement::bind_blob(int i, std::string_view v) {
  check_bind(db_, sqlite3_bind_blob(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT));
  return *this;
}
Statement& Statement::bind_null(int i) { check_bind(db_, sqlite3_bind_null(stmt_, i)); return *this; }

bool Statement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  throw StoreError(sqlite3_errmsg(db_));
}
void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}
std::int64_t Statement::int64(int col) const { return sqlite3_column_int64(stmt_, col); }
double Statement::real(int col) const { return sqlite3_column_double(stmt_, col); }
std::string Statement::text(int col) const {
  const auto* p = sqlite3_column_text(stmt_, col);
  return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col))) : std::string();
}
std::string_view Statement::blob(int col) const {
  const void* p = sqlite3_column_blob(stmt_, col);
  return p ? std::string_view(static_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col))) : std::string_view();
}
bool Statement::is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

// ---- Store -------------------------------------------------------------------

namespace {

void exec(sqlite3* db, const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    throw StoreError(msg);
  }
}

// Schema migrations, applied in order; user_version records how many ran.
// Never edit a released step: add a new one.
const char* const kMigrations[] = {
    R"sql(
CREATE TABLE articles(
  id INTEGER PRIMARY KEY,
  content_hash TEXT NOT NULL UNIQUE,
  external_id TEXT NOT NULL DEFAULT '',
  url TEXT NOT NULL DEFAULT '',
  outlet TEXT NOT NULL DEFAULT '',
  title TEXT NOT NULL DEFAULT '',
  published_raw TEXT NOT NULL DEFAULT '',
  published_utc INTEGER,
  published_has_time INTEGER NOT NULL DEFAULT 0,
  published_has_zone INTEGER NOT NULL DEFAULT 0,
  source TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL,
  tokens INTEGER NOT NULL,
  story_id INTEGER NOT NULL,
  ingested_at INTEGER NOT NULL
);
CREATE INDEX articles_url ON articles(url) WHERE url <> '';
CREATE INDEX articles_external_id ON articles(external_id) WHERE external_id <> '';
CREATE INDEX articles_story ON articles(story_id);
CREATE TABLE pairs(
  a INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  b INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  coverage_a REAL NOT NULL, coverage_b REAL NOT NULL,
  tokens_a INTEGER NOT NULL, tokens_b INTEGER NOT NULL,
  PRIMARY KEY(a, b), CHECK(a < b)
) WITHOUT ROWID;
CREATE INDEX pairs_b ON pairs(b);
CREATE TABLE passages(
  a INTEGER NOT NULL, b INTEGER NOT NULL, seq INTEGER NOT NULL,
  a_begin INTEGER NOT NULL, a_end INTEGER NOT NULL, b_begin INTEGER NOT NULL, b_end INTEGER NOT NULL,
  a_first_token INTEGER NOT NULL, a_token_count INTEGER NOT NULL,
  b_first_token INTEGER NOT NULL, b_token_count INTEGER NOT NULL,
  kept_tokens INTEGER NOT NULL, similarity REAL NOT NULL, kind TEXT NOT NULL,
  a_quoted REAL NOT NULL, b_quoted REAL NOT NULL,
  PRIMARY KEY(a, b, seq),
  FOREIGN KEY(a, b) REFERENCES pairs(a, b) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE TABLE edges(
  story_id INTEGER NOT NULL,
  parent INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  child INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  relation TEXT NOT NULL, credited INTEGER NOT NULL,
  coverage REAL NOT NULL, similarity REAL NOT NULL, confidence REAL NOT NULL,
  direction_evidence TEXT NOT NULL, credit_evidence TEXT NOT NULL,
  PRIMARY KEY(parent, child)
) WITHOUT ROWID;
CREATE INDEX edges_story ON edges(story_id);
CREATE INDEX edges_child ON edges(child);
CREATE TABLE posting_segments(
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  level INTEGER NOT NULL,
  postings INTEGER NOT NULL,
  bytes INTEGER NOT NULL
);
CREATE INDEX posting_segments_kind ON posting_segments(kind, level);
CREATE TABLE posting_blocks(
  segment INTEGER NOT NULL REFERENCES posting_segments(id) ON DELETE CASCADE,
  first_key INTEGER NOT NULL,
  last_key INTEGER NOT NULL,
  data BLOB NOT NULL,
  PRIMARY KEY(segment, first_key)
) WITHOUT ROWID;
)sql",
    // v2: metadata extracted from web pages.
    R"sql(
ALTER TABLE articles ADD COLUMN byline TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN canonical_url TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN language TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN fetched_utc INTEGER;
ALTER TABLE articles ADD COLUMN modified_utc INTEGER;
CREATE TABLE links(
  article INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  url TEXT NOT NULL,
  anchor TEXT NOT NULL,
  begin_byte INTEGER NOT NULL,
  end_byte INTEGER NOT NULL,
  PRIMARY KEY(article, seq)
) WITHOUT ROWID;
CREATE INDEX links_url ON links(url);
CREATE INDEX articles_canonical ON articles(canonical_url) WHERE canonical_url <> '';
)sql",
    // v3: posting segment ids are never reused (readers cache decoded blocks by id).
    R"sql(
CREATE TABLE counters(name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
INSERT INTO counters VALUES('posting_segment', (SELECT coalesce(max(id), 0) FROM posting_segments));
)sql",
    // v4: the evidence of each edge (direction signals, shared innovations, credit kind) and the
    // placeholder sources of each story, as JSON.
    R"sql(
ALTER TABLE edges ADD COLUMN details TEXT NOT NULL DEFAULT '{}';
CREATE TABLE story_placeholders(story_id INTEGER PRIMARY KEY, details TEXT NOT NULL);
)sql",
};

// Edge evidence and placeholders as compact JSON (arrays, not objects: they are many).
std::string edge_details(const lineage::Edge& e) {
  nlohmann::json j;
  j["k"] = e.credit_kind;
  nlohmann::json signals = nlohmann::json::array();
  for (const auto& s : e.signals) signals.push_back({lineage::to_string(s.kind), s.weight, s.detail});
  j["s"] = std::move(signals);
  nlohmann::json inn = nlohmann::json::array();
  for (const auto& i : e.shared_innovations) inn.push_back({i.ancestor, i.ancestor_text, i.text});
  j["i"] = std::move(inn);
  return j.dump();
}

void read_edge_details(std::string_view text, lineage::Edge& e) try {
  const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_object()) return; // older rows or damage: the evidence is optional
  e.credit_kind = j.value("k", std::string());
  for (const auto& s : j.value("s", nlohmann::json::array())) {
    if (!s.is_array() || s.size() != 3) continue;
    lineage::DirectionSignal sig;
    sig.kind = lineage::signal_kind_from_string(s[0].get<std::string>()).value_or(lineage::SignalKind::arrival);
    sig.weight = s[1].get<double>();
    sig.detail = s[2].get<std::string>();
    e.signals.push_back(std::move(sig));
  }
  for (const auto& i : j.value("i", nlohmann::json::array()))
    if (i.is_array() && i.size() == 3) e.shared_innovations.push_back({i[0].get<std::uint32_t>(), i[1].get<std::string>(), i[2].get<std::string>()});
} catch (const nlohmann::json::exception&) {
  // A damaged evidence column loses the evidence, not the edge.
}

std::int64_t now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

ArticleRow read_article(const Statement& st) {
  ArticleRow r;
  r.id = static_cast<std::uint32_t>(st.int64(0));
  r.content_hash = st.text(1);
  r.external_id = st.text(2);
  r.url = st.text(3);
  r.outlet = st.text(4);
  r.title = st.text(5);
  r.published_raw = st.text(6);
  if (!st.is_null(7)) r.published_utc = st.int64(7);
  r.published_has_time = st.int64(8) != 0;
  r.published_has_zone = st.int64(9) != 0;
  r.source = st.text(10);
  r.body = st.text(11);
  r.tokens = static_cast<std::uint32_t>(st.int64(12));
  r.story_id = static_cast<std::uint32_t>(st.int64(13));
  r.byline = st.text(14);
  r.canonical_url = st.text(15);
  r.language = st.text(16);
  if (!st.is_null(17)) r.fetched_utc = st.int64(17);
  if (!st.is_null(18)) r.modified_utc = st.int64(18);
  return r;
}

constexpr const char* kArticleColumns =
    "id, content_hash, external_id, url, outlet, title, published_raw, published_utc, published_has_time, "
    "published_has_zone, source, body, tokens, story_id, byline, canonical_url, language, fetched_utc, modified_utc";

} // namespace

lineage::ArticleInfo info_of(const ArticleRow& row) {
  lineage::ArticleInfo info;
  info.id = row.id;
  info.published_utc = row.published_utc;
  info.date_has_time = row.published_has_time;
  info.outlet = row.outlet;
  info.url = row.url;
  info.title = row.title;
  info.byline = row.byline;
  info.fetched_utc = row.fetched_utc;
  info.tokens = row.tokens;
  return info;
}

Store::Store(const std::string& path, Mode mode) : path_(path), read_only_(mode == Mode::read_only) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const bool exists = fs::exists(path, ec);
  if (mode == Mode::read_only && !exists) throw StoreError(fmt::format("{}: no such database (run 'stemma ingest' first)", path));
  if (exists && fs::is_directory(path, ec)) throw StoreError(fmt::format("{}: is a folder, not a database file", path));
  const int flags = mode == Mode::read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  if (sqlite3_open_v2(path.c_str(), &db_, flags | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
    const std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    throw StoreError(fmt::format("{}: cannot open database: {}", path, msg));
  }
  try {
    if (mode == Mode::read_write && sqlite3_db_readonly(db_, "main") == 1)
      throw StoreError("the database file is read-only");
    sqlite3_busy_timeout(db_, 10000);
    // Reading the schema fails here for a file that is not a database.
    exec(db_, "PRAGMA foreign_keys = ON");
    if (mode == Mode::read_write) {
      exec(db_, "PRAGMA journal_mode = WAL");
      exec(db_, "PRAGMA synchronous = NORMAL"); // WAL + NORMAL: durable up to the last checkpointed commit, never corrupt
      migrate();
    } else {
      const int version = schema_version();
      if (version == 0) throw StoreError("not a stemma database (no schema)");
      if (version > static_cast<int>(std::size(kMigrations)))
        throw StoreError(fmt::format("database schema v{} is newer than this stemma (v{})", version, std::size(kMigrations)));
    }
    exec(db_, "PRAGMA cache_size = -65536");
    fingerprints_ = std::make_unique<PostingTable>(db_, "fingerprint");
    bands_ = std::make_unique<PostingTable>(db_, "band");
  } catch (const StoreError& e) {
    statements_.clear();
    sqlite3_close(db_);
    db_ = nullptr;
    throw StoreError(fmt::format("{}: {}", path, e.what()));
  }
}

Store::~Store() {
  statements_.clear();
  fingerprints_.reset();
  bands_.reset();
  if (db_) sqlite3_close(db_);
}

void Store::use_resident_index(const std::shared_ptr<ResidentPostings>& resident) {
  if (!read_only_) throw StoreError("resident index segments are for read-only connections");
  fingerprints_->use_resident(resident);
  bands_->use_resident(resident);
}

void Store::keep_index_resident(std::size_t max_postings) {
  if (read_only_) throw StoreError("a private resident index is for the writing connection");
  const auto resident = std::make_shared<ResidentPostings>(max_postings);
  fingerprints_->use_resident(resident, true);
  bands_->use_resident(resident, true);
}

int Store::schema_version() const {
  Statement st(db_, "PRAGMA user_version");
  st.step();
  return static_cast<int>(st.int64(0));
}

void Store::migrate() {
  const int current = schema_version();
  const int target = static_cast<int>(std::size(kMigrations));
  if (current > target) throw StoreError(fmt::format("database schema v{} is newer than this stemma (v{})", current, target));
  if (current == 0) {
    // A non-empty file without our schema is someone else's database.
    Statement st(db_, "SELECT count(*) FROM sqlite_master");
    st.step();
    if (st.int64(0) != 0) throw StoreError("not a stemma database (it has other tables)");
  }
  for (int v = current; v < target; ++v) {
    exec(db_, "BEGIN IMMEDIATE");
    try {
      exec(db_, kMigrations[v]);
      exec(db_, fmt::format("PRAGMA user_version = {}", v + 1).c_str());
      exec(db_, "COMMIT");
    } catch (...) {
      sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
      throw;
    }
  }
}

void Store::begin() { exec(db_, "BEGIN IMMEDIATE"); }
void Store::begin_read() { exec(db_, "BEGIN"); }
void Store::commit() {
  finish_statements();
  exec(db_, "COMMIT");
}
void Store::rollback() noexcept {
  finish_statements();
  sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  fingerprints_->forget_cache();
  bands_->forget_cache();
}

// A cached statement left on a row keeps its read snapshot open past the transaction's end: a
// long-lived connection (the server's) would never see later commits.
void Store::finish_statements() const noexcept {
  for (auto& [sql, st] : statements_) st->reset();
  if (fingerprints_) fingerprints_->finish_statements();
  if (bands_) bands_->finish_statements();
}

Statement& Store::cached(const char* sql) const {
  auto& slot = statements_[sql];
  if (!slot) slot = std::make_unique<Statement>(db_, sql);
  slot->reset();
  return *slot;
}

std::optional<std::uint32_t> Store::find_by_hash(const std::string& hash) const {
  Statement& st = cached("SELECT id FROM articles WHERE content_hash = ?");
  st.bind(1, hash);
  if (st.step()) return static_cast<std::uint32_t>(st.int64(0));
  return std::nullopt;
}

std::optional<std::uint32_t> Store::find_by_url(const std::string& url) const {
  Statement st(db_, "SELECT id FROM articles WHERE url = ? AND url <> '' ORDER BY id LIMIT 1");
  st.bind(1, url);
  if (st.step()) return static_cast<std::uint32_t>(st.int64(0));
  return std::nullopt;
}

std::optional<std::uint32_t> Store::find_by_external_id(const std::string& id) const {
  Statement st(db_, "SELECT id FROM articles WHERE external_id = ? AND external_id <> '' ORDER BY id LIMIT 1");
  st.bind(1, id);
  if (st.step()) return static_cast<std::uint32_t>(st.int64(0));
  return std::nullopt;
}

std::uint32_t Store::insert_article(const ingest::Document& doc, const std::string& content_hash, std::uint32_t tokens) {
  Statement& st = cached(
      "INSERT INTO articles(content_hash, external_id, url, outlet, title, published_raw, published_utc, "
      "published_has_time, published_has_zone, source, body, tokens, story_id, ingested_at, "
      "byline, canonical_url, language, fetched_utc, modified_utc) "
      "VALUES(?,?,?,?,?,?,?,?,?,?,?,?,0,?,?,?,?,?,?)");
  st.bind(1, content_hash).bind(2, doc.external_id).bind(3, doc.url).bind(4, doc.outlet).bind(5, doc.title);
  st.bind(6, doc.published_raw);
  if (doc.published) st.bind(7, doc.published->utc_seconds);
  else st.bind_null(7);
  st.bind(8, std::int64_t{doc.published && doc.published->has_time});
  st.bind(9, std::int64_t{doc.published && doc.published->has_zone});
  st.bind(10, doc.source).bind(11, doc.body).bind(12, std::int64_t{tokens}).bind(13, now_seconds());
  st.bind(14, doc.byline).bind(15, doc.canonical_url).bind(16, doc.language);
  if (doc.fetched) st.bind(17, doc.fetched->utc_seconds);
  else st.bind_null(17);
  if (doc.modified) st.bind(18, doc.modified->utc_seconds);
  else st.bind_null(18);
  st.step();
  const auto id = static_cast<std::uint32_t>(sqlite3_last_insert_rowid(db_));
  if (!doc.links.empty()) {
    Statement link(db_, "INSERT INTO links(article, seq, url, anchor, begin_byte, end_byte) VALUES(?,?,?,?,?,?)");
    std::int64_t seq = 0;
    for (const auto& l : doc.links) {
      link.reset();
      link.bind(1, std::int64_t{id}).bind(2, seq++).bind(3, l.url).bind(4, l.anchor);
      link.bind(5, std::int64_t{l.begin}).bind(6, std::int64_t{l.end});
      link.step();
    }
  }
  Statement& story = cached("UPDATE articles SET story_id = id WHERE id = ?");
  story.bind(1, std::int64_t{id});
  story.step();
  return id;
}

std::optional<ArticleRow> Store::article(std::uint32_t id) const {
  static const std::string sql = fmt::format("SELECT {} FROM articles WHERE id = ?", kArticleColumns);
  Statement& st = cached(sql.c_str());
  st.bind(1, std::int64_t{id});
  if (st.step()) return read_article(st);
  return std::nullopt;
}

std::vector<ArticleRow> Store::story_articles(std::uint32_t story_id) const {
  Statement st(db_, fmt::format("SELECT {} FROM articles WHERE story_id = ? ORDER BY id", kArticleColumns).c_str());
  st.bind(1, std::int64_t{story_id});
  std::vector<ArticleRow> out;
  while (st.step()) out.push_back(read_article(st));
  return out;
}

std::uint32_t Store::story_count(std::uint32_t min_size) const {
  Statement st(db_, "SELECT count(*) FROM (SELECT 1 FROM articles GROUP BY story_id HAVING count(*) >= ?)");
  st.bind(1, std::int64_t{min_size});
  st.step();
  return static_cast<std::uint32_t>(st.int64(0));
}

std::uint32_t Store::edge_count() const {
  Statement st(db_, "SELECT count(*) FROM edges");
  st.step();
  return static_cast<std::uint32_t>(st.int64(0));
}

std::uint32_t Store::article_count() const {
  Statement st(db_, "SELECT count(*) FROM articles");
  st.step();
  return static_cast<std::uint32_t>(st.int64(0));
}

std::vector<ingest::Link> Store::links(std::uint32_t id) const {
  Statement st(db_, "SELECT url, anchor, begin_byte, end_byte FROM links WHERE article = ? ORDER BY seq");
  st.bind(1, std::int64_t{id});
  std::vector<ingest::Link> out;
  while (st.step())
    out.push_back({st.text(0), st.text(1), static_cast<std::uint32_t>(st.int64(2)), static_cast<std::uint32_t>(st.int64(3))});
  return out;
}

std::uint32_t Store::story_of(std::uint32_t id) const {
  Statement& st = cached("SELECT story_id FROM articles WHERE id = ?");
  st.bind(1, std::int64_t{id});
  if (!st.step()) throw StoreError(fmt::format("no article #{}", id));
  return static_cast<std::uint32_t>(st.int64(0));
}

void Store::insert_pair(const StoredPair& p) {
  if (p.a >= p.b) throw StoreError("insert_pair: ids must be ordered a < b");
  Statement pair(db_, "INSERT OR REPLACE INTO pairs(a, b, coverage_a, coverage_b, tokens_a, tokens_b) VALUES(?,?,?,?,?,?)");
  pair.bind(1, std::int64_t{p.a}).bind(2, std::int64_t{p.b}).bind(3, p.alignment.coverage_a).bind(4, p.alignment.coverage_b);
  pair.bind(5, std::int64_t{p.alignment.tokens_a}).bind(6, std::int64_t{p.alignment.tokens_b});
  pair.step();
  Statement del(db_, "DELETE FROM passages WHERE a = ? AND b = ?");
  del.bind(1, std::int64_t{p.a}).bind(2, std::int64_t{p.b});
  del.step();
  Statement ins(db_, "INSERT INTO passages VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  std::int64_t seq = 0;
  for (const align::Passage& x : p.alignment.passages) {
    ins.reset();
    ins.bind(1, std::int64_t{p.a}).bind(2, std::int64_t{p.b}).bind(3, seq++);
    ins.bind(4, std::int64_t{x.a_begin}).bind(5, std::int64_t{x.a_end}).bind(6, std::int64_t{x.b_begin}).bind(7, std::int64_t{x.b_end});
    ins.bind(8, std::int64_t{x.a_first_token}).bind(9, std::int64_t{x.a_token_count});
    ins.bind(10, std::int64_t{x.b_first_token}).bind(11, std::int64_t{x.b_token_count});
    ins.bind(12, std::int64_t{x.kept_tokens}).bind(13, x.similarity).bind(14, std::string_view(align::to_string(x.kind)));
    ins.bind(15, x.a_quoted).bind(16, x.b_quoted);
    ins.step();
  }
}

namespace {
constexpr const char* kPassageColumns =
    "a_begin, a_end, b_begin, b_end, a_first_token, a_token_count, b_first_token, b_token_count, kept_tokens, similarity, kind, a_quoted, b_quoted";

align::Passage read_passage(const Statement& st, int first) {
  align::Passage x;
  x.a_begin = static_cast<std::uint32_t>(st.int64(first + 0));
  x.a_end = static_cast<std::uint32_t>(st.int64(first + 1));
  x.b_begin = static_cast<std::uint32_t>(st.int64(first + 2));
  x.b_end = static_cast<std::uint32_t>(st.int64(first + 3));
  x.a_first_token = static_cast<std::uint32_t>(st.int64(first + 4));
  x.a_token_count = static_cast<std::uint32_t>(st.int64(first + 5));
  x.b_first_token = static_cast<std::uint32_t>(st.int64(first + 6));
  x.b_token_count = static_cast<std::uint32_t>(st.int64(first + 7));
  x.kept_tokens = static_cast<std::uint32_t>(st.int64(first + 8));
  x.similarity = st.real(first + 9);
  x.kind = align::reuse_kind_from(st.text(first + 10));
  x.a_quoted = st.real(first + 11);
  x.b_quoted = st.real(first + 12);
  return x;
}

void load_passages(sqlite3* db, StoredPair& p) {
  Statement st(db, (std::string("SELECT ") + kPassageColumns + " FROM passages WHERE a = ? AND b = ? ORDER BY seq").c_str());
  st.bind(1, std::int64_t{p.a}).bind(2, std::int64_t{p.b});
  while (st.step()) p.alignment.passages.push_back(read_passage(st, 0));
}

StoredPair read_pair(const Statement& st) {
  StoredPair p;
  p.a = static_cast<std::uint32_t>(st.int64(0));
  p.b = static_cast<std::uint32_t>(st.int64(1));
  p.alignment.coverage_a = st.real(2);
  p.alignment.coverage_b = st.real(3);
  p.alignment.tokens_a = static_cast<std::uint32_t>(st.int64(4));
  p.alignment.tokens_b = static_cast<std::uint32_t>(st.int64(5));
  return p;
}
} // namespace

std::optional<StoredPair> Store::pair(std::uint32_t x, std::uint32_t y) const {
  Statement st(db_, "SELECT a, b, coverage_a, coverage_b, tokens_a, tokens_b FROM pairs WHERE a = ? AND b = ?");
  st.bind(1, std::int64_t{std::min(x, y)}).bind(2, std::int64_t{std::max(x, y)});
  if (!st.step()) return std::nullopt;
  StoredPair p = read_pair(st);
  load_passages(db_, p);
  return p;
}

std::vector<StoredPair> Store::pairs_within(std::span<const std::uint32_t> sorted_ids) const {
  // Two statements per article, not one per pair: a 1,000-article story has 100,000+ pairs.
  std::vector<StoredPair> out;
  Statement st(db_, "SELECT a, b, coverage_a, coverage_b, tokens_a, tokens_b FROM pairs WHERE a = ? ORDER BY b");
  Statement ps(db_, (std::string("SELECT b, ") + kPassageColumns + " FROM passages WHERE a = ? ORDER BY b, seq").c_str());
  for (const std::uint32_t id : sorted_ids) {
    const std::size_t first = out.size();
    st.reset();
    st.bind(1, std::int64_t{id});
    while (st.step()) {
      StoredPair p = read_pair(st);
      if (std::binary_search(sorted_ids.begin(), sorted_ids.end(), p.b)) out.push_back(std::move(p));
    }
    if (out.size() == first) continue;
    ps.reset();
    ps.bind(1, std::int64_t{id});
    std::size_t k = first; // pairs and passages both ordered by b
    while (ps.step()) {
      const auto b = static_cast<std::uint32_t>(ps.int64(0));
      while (k < out.size() && out[k].b < b) ++k;
      if (k == out.size()) break;
      if (out[k].b == b) out[k].alignment.passages.push_back(read_passage(ps, 1));
    }
  }
  return out;
}

std::vector<std::uint32_t> Store::partners(std::uint32_t id) const {
  Statement st(db_, "SELECT b FROM pairs WHERE a = ?1 UNION SELECT a FROM pairs WHERE b = ?1");
  st.bind(1, std::int64_t{id});
  std::vector<std::uint32_t> out;
  while (st.step()) out.push_back(static_cast<std::uint32_t>(st.int64(0)));
  return out;
}

std::uint32_t Store::merge_stories(std::uint32_t x, std::uint32_t y) {
  if (x == y) return x;
  const std::uint32_t keep = std::min(x, y), drop = std::max(x, y);
  Statement st(db_, "UPDATE articles SET story_id = ? WHERE story_id = ?");
  st.bind(1, std::int64_t{keep}).bind(2, std::int64_t{drop});
  st.step();
  Statement edges(db_, "UPDATE edges SET story_id = ? WHERE story_id = ?");
  edges.bind(1, std::int64_t{keep}).bind(2, std::int64_t{drop});
  edges.step();
  return keep;
}

void Store::add_edges(std::uint32_t story_id, const std::vector<lineage::Edge>& edges) {
  Statement ins(db_, "INSERT OR REPLACE INTO edges VALUES(?,?,?,?,?,?,?,?,?,?,?)");
  for (const lineage::Edge& e : edges) {
    ins.reset();
    ins.bind(1, std::int64_t{story_id}).bind(2, std::int64_t{e.parent}).bind(3, std::int64_t{e.child});
    ins.bind(4, std::string_view(lineage::to_string(e.relation))).bind(5, std::int64_t{e.credited});
    ins.bind(6, e.coverage).bind(7, e.similarity).bind(8, e.confidence).bind(9, e.direction_evidence).bind(10, e.credit_evidence);
    ins.bind(11, edge_details(e));
    ins.step();
  }
}

std::vector<std::pair<std::uint32_t, std::optional<std::int64_t>>> Store::story_member_dates(std::uint32_t story_id) const {
  Statement st(db_, "SELECT id, published_utc FROM articles WHERE story_id = ? ORDER BY published_utc IS NULL, published_utc, id");
  st.bind(1, std::int64_t{story_id});
  std::vector<std::pair<std::uint32_t, std::optional<std::int64_t>>> out;
  while (st.step()) out.emplace_back(static_cast<std::uint32_t>(st.int64(0)), st.is_null(1) ? std::nullopt : std::optional(st.int64(1)));
  return out;
}

std::uint32_t Store::partner_count(std::uint32_t article_id) const {
  Statement& st = cached("SELECT (SELECT count(*) FROM pairs WHERE a = ?1) + (SELECT count(*) FROM pairs WHERE b = ?1)");
  st.reset();
  st.bind(1, std::int64_t{article_id});
  st.step();
  const auto n = static_cast<std::uint32_t>(st.int64(0));
  st.reset();
  return n;
}

std::vector<lineage::Placeholder> Store::story_placeholders(std::uint32_t story_id) const {
  Statement ph(db_, "SELECT details FROM story_placeholders WHERE story_id = ?");
  ph.bind(1, std::int64_t{story_id});
  std::vector<lineage::Placeholder> out;
  if (!ph.step()) return out;
  const nlohmann::json j = nlohmann::json::parse(ph.text(0), nullptr, false);
  if (!j.is_object()) return out;
  for (const auto& p : j.value("p", nlohmann::json::array()))
    if (p.is_array() && p.size() == 3 && p[0].is_string() && p[1].is_string() && p[2].is_string())
      out.push_back({p[0].get<std::string>(), p[1].get<std::string>(), p[2].get<std::string>()});
  return out;
}

void Store::save_stemma(std::uint32_t story_id, const lineage::Stemma& s) {
  Statement del(db_, "DELETE FROM edges WHERE story_id = ?");
  del.bind(1, std::int64_t{story_id});
  del.step();
  add_edges(story_id, s.edges);
  Statement del_ph(db_, "DELETE FROM story_placeholders WHERE story_id = ?");
  del_ph.bind(1, std::int64_t{story_id});
  del_ph.step();
  if (!s.placeholders.empty()) {
    nlohmann::json j = {{"p", nlohmann::json::array()}, {"e", nlohmann::json::array()}};
    for (const auto& p : s.placeholders) j["p"].push_back({p.key, p.name, p.domain});
    for (const auto& e : s.placeholder_edges) j["e"].push_back({e.placeholder, e.child, e.evidence});
    Statement ph(db_, "INSERT INTO story_placeholders VALUES(?, ?)");
    ph.bind(1, std::int64_t{story_id}).bind(2, j.dump());
    ph.step();
  }
}

std::optional<StoryRow> Store::story_row(Statement& st) const {
  StoryRow r;
  r.id = static_cast<std::uint32_t>(st.int64(0));
  r.size = static_cast<std::uint32_t>(st.int64(1));
  if (!st.is_null(2)) r.first_published = st.int64(2);
  if (!st.is_null(3)) r.last_published = st.int64(3);
  Statement edges(db_, "SELECT count(*) FROM edges WHERE story_id = ?");
  edges.bind(1, std::int64_t{r.id});
  edges.step();
  r.edges = static_cast<std::uint32_t>(edges.int64(0));
  // The origin: the earliest article that is nobody's child.
  Statement origin(db_,
                   "SELECT id, title FROM articles a WHERE story_id = ?1 AND NOT EXISTS "
                   "(SELECT 1 FROM edges e WHERE e.child = a.id) "
                   "ORDER BY (SELECT count(*) FROM edges e WHERE e.parent = a.id) = 0, published_utc IS NULL, published_utc, id LIMIT 1");
  origin.bind(1, std::int64_t{r.id});
  if (origin.step()) {
    r.origin = static_cast<std::uint32_t>(origin.int64(0));
    r.title = origin.text(1);
  }
  return r;
}

std::vector<StoryRow> Store::stories(std::uint32_t min_size) const {
  Statement st(db_, "SELECT story_id, count(*), min(published_utc), max(published_utc) FROM articles "
                    "GROUP BY story_id HAVING count(*) >= ? ORDER BY count(*) DESC, story_id");
  st.bind(1, std::int64_t{min_size});
  std::vector<StoryRow> out;
  while (st.step()) out.push_back(*story_row(st));
  return out;
}

namespace {

// LIKE pattern matching `s` literally (a backslash escapes the wildcards).
std::string like_literal(std::string_view s) {
  std::string out;
  for (const char c : s) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

// The WHERE clause of a filter over `articles`, with its parameters in order.
struct FilterSql {
  std::string where = "1";
  std::vector<std::string> texts;
  std::vector<std::int64_t> times;
};

FilterSql filter_sql(const ArticleFilter& f) {
  FilterSql q;
  // Text parameters are bound first (?1.. in order), then the times.
  if (!f.text.empty()) {
    q.texts.push_back(fmt::format("%{}%", like_literal(f.text)));
    const auto n = q.texts.size();
    q.where += fmt::format(" AND (title LIKE ?{0} ESCAPE '\\' OR body LIKE ?{0} ESCAPE '\\')", n);
  }
  if (!f.url.empty()) {
    q.texts.push_back(fmt::format("{}%", like_literal(f.url)));
    const auto n = q.texts.size();
    q.where += fmt::format(" AND (url LIKE ?{0} ESCAPE '\\' OR canonical_url LIKE ?{0} ESCAPE '\\')", n);
  }
  if (!f.outlet.empty()) {
    q.texts.push_back(f.outlet);
    q.where += fmt::format(" AND outlet = ?{} COLLATE NOCASE", q.texts.size());
  }
  return q;
}

void bind_filter(Statement& st, const FilterSql& q, const ArticleFilter& f) {
  int i = 1;
  for (const auto& t : q.texts) st.bind(i++, std::string_view(t));
  if (f.from_utc) st.bind(i++, *f.from_utc);
  if (f.to_utc) st.bind(i++, *f.to_utc);
}

std::string time_sql(const ArticleFilter& f, std::size_t first) {
  std::string s;
  if (f.from_utc) s += fmt::format(" AND published_utc >= ?{}", first++);
  if (f.to_utc) s += fmt::format(" AND published_utc <= ?{}", first++);
  return s;
}

} // namespace

std::vector<ArticleRow> Store::find_articles(const ArticleFilter& filter, std::size_t limit, std::size_t offset,
                                             std::uint64_t& total) const {
  const FilterSql q = filter_sql(filter);
  const std::string where = q.where + time_sql(filter, q.texts.size() + 1);
  {
    Statement st(db_, fmt::format("SELECT count(*) FROM articles WHERE {}", where).c_str());
    bind_filter(st, q, filter);
    st.step();
    total = static_cast<std::uint64_t>(st.int64(0));
  }
  Statement st(db_, fmt::format("SELECT {} FROM articles WHERE {} ORDER BY id LIMIT {} OFFSET {}", kArticleColumns, where,
                                limit, offset).c_str());
  bind_filter(st, q, filter);
  std::vector<ArticleRow> out;
  while (st.step()) out.push_back(read_article(st));
  return out;
}

std::vector<StoryRow> Store::find_stories(const ArticleFilter& filter, std::uint32_t min_size, std::size_t limit,
                                          std::size_t offset, std::uint64_t& total) const {
  const FilterSql q = filter_sql(filter);
  const std::size_t min_param = q.texts.size() + (filter.from_utc ? 1 : 0) + (filter.to_utc ? 1 : 0) + 1;
  const bool filtered = q.texts.size() || filter.from_utc || filter.to_utc;
  const std::string matching =
      filtered ? fmt::format(" WHERE story_id IN (SELECT story_id FROM articles WHERE {}{})", q.where, time_sql(filter, q.texts.size() + 1))
               : std::string();
  const std::string sizes = fmt::format("SELECT story_id, count(*) AS n FROM articles{} GROUP BY story_id HAVING count(*) >= ?{}",
                                        matching, min_param);
  const auto bind_all = [&](Statement& st) {
    bind_filter(st, q, filter);
    st.bind(static_cast<int>(min_param), std::int64_t{min_size});
  };
  {
    Statement st(db_, fmt::format("SELECT count(*) FROM ({})", sizes).c_str());
    bind_all(st);
    st.step();
    total = static_cast<std::uint64_t>(st.int64(0));
  }
  Statement st(db_, fmt::format("{} ORDER BY n DESC, story_id LIMIT {} OFFSET {}", sizes, limit, offset).c_str());
  bind_all(st);
  std::vector<std::uint32_t> ids;
  while (st.step()) ids.push_back(static_cast<std::uint32_t>(st.int64(0)));
  std::vector<StoryRow> out;
  for (const std::uint32_t id : ids)
    if (auto row = story(id)) out.push_back(std::move(*row));
  return out;
}

std::optional<StoryRow> Store::story(std::uint32_t id) const {
  Statement st(db_, "SELECT story_id, count(*), min(published_utc), max(published_utc) FROM articles WHERE story_id = ? GROUP BY story_id");
  st.bind(1, std::int64_t{id});
  if (!st.step()) return std::nullopt;
  return story_row(st);
}

lineage::Stemma Store::stemma(std::uint32_t story_id) const {
  lineage::Stemma s;
  {
    Statement st(db_, "SELECT id FROM articles WHERE story_id = ? ORDER BY id");
    st.bind(1, std::int64_t{story_id});
    while (st.step()) s.members.push_back(static_cast<std::uint32_t>(st.int64(0)));
  }
  Statement st(db_, "SELECT parent, child, relation, credited, coverage, similarity, confidence, direction_evidence, credit_evidence, details "
                    "FROM edges WHERE story_id = ? ORDER BY parent, child");
  st.bind(1, std::int64_t{story_id});
  while (st.step()) {
    lineage::Edge e;
    e.parent = static_cast<std::uint32_t>(st.int64(0));
    e.child = static_cast<std::uint32_t>(st.int64(1));
    e.relation = lineage::relation_from_string(st.text(2)).value_or(lineage::Relation::partial_copy);
    e.credited = st.int64(3) != 0;
    e.coverage = st.real(4);
    e.similarity = st.real(5);
    e.confidence = st.real(6);
    e.direction_evidence = st.text(7);
    e.credit_evidence = st.text(8);
    read_edge_details(st.text(9), e);
    if (auto p = pair(e.parent, e.child)) // stored oriented min -> max: turn to parent -> child
      e.passages = (e.parent < e.child ? p->alignment : align::flipped(p->alignment)).passages;
    s.edges.push_back(std::move(e));
  }
  {
    Statement ph(db_, "SELECT details FROM story_placeholders WHERE story_id = ?");
    ph.bind(1, std::int64_t{story_id});
    if (ph.step()) try {
      const nlohmann::json j = nlohmann::json::parse(ph.text(0), nullptr, false);
      if (j.is_object()) {
        for (const auto& p : j.value("p", nlohmann::json::array()))
          if (p.is_array() && p.size() == 3) s.placeholders.push_back({p[0].get<std::string>(), p[1].get<std::string>(), p[2].get<std::string>()});
        for (const auto& e : j.value("e", nlohmann::json::array()))
          if (e.is_array() && e.size() == 3) s.placeholder_edges.push_back({e[0].get<std::string>(), e[1].get<std::uint32_t>(), e[2].get<std::string>()});
      }
    } catch (const nlohmann::json::exception&) {
      s.placeholders.clear(), s.placeholder_edges.clear(); // damaged: no placeholders rather than half of them
    }
  }
  for (const std::uint32_t id : s.members) {
    const bool child = std::any_of(s.edges.begin(), s.edges.end(), [&](const lineage::Edge& e) { return e.child == id; });
    if (!child) s.roots.push_back(id);
  }
  return s;
}

StoreStats Store::stats() const {
  StoreStats s;
  const auto count = [&](const char* sql) {
    Statement st(db_, sql);
    st.step();
    return static_cast<std::uint64_t>(st.int64(0));
  };
  s.articles = count("SELECT count(*) FROM articles");
  s.pairs = count("SELECT count(*) FROM pairs");
  s.passages = count("SELECT count(*) FROM passages");
  s.stories = count("SELECT count(DISTINCT story_id) FROM articles");
  s.edges = count("SELECT count(*) FROM edges");
  s.text_bytes = count("SELECT coalesce(sum(length(CAST(body AS BLOB))), 0) FROM articles");
  s.index_bytes = fingerprints_->bytes() + bands_->bytes();
  s.postings = fingerprints_->postings() + bands_->postings();
  s.file_bytes = count("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()");
  // On-disk size of the index tables, when SQLite has the dbstat table.
  try {
    s.index_disk_bytes = count("SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name IN ('posting_blocks', 'posting_segments', "
                               "'posting_segments_kind')");
  } catch (const StoreError&) {
    s.index_disk_bytes = 0;
  }
  return s;
}

} // namespace stemma::store
