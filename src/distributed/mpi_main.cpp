// stemma-mpi: ingest, indexing and all-pairs reuse detection over OpenMPI ranks,
// into one store that holds exactly what `stemma ingest` of the same inputs gives.
//
//   mpirun -np P stemma-mpi --db OUT.db FILE... [--threads T] [--staging DIR]
//
// Phases (docs/scale.md has the why):
//  1. shard: input file f is read and prepared (analysis + sketch) by rank f % P;
//  2. dedupe: content hashes go to rank hash % P, which keeps the first in input order;
//  3. number: kept documents per file are summed across ranks, so ids are the ones a
//     single-process ingest gives (input order, from 1);
//  4. postings (fingerprints, band keys) go to rank mix(key) % P (MPI_Alltoallv);
//  5. each key owner counts shared keys per document pair in its buckets and sends the
//     evidence to the owners of both documents, which rank candidates exactly as
//     index::rank_candidates does against the whole corpus;
//  6. the owner of a pair's later document (the child) aligns it, after fetching the
//     earlier document's text from its owner;
//  7. every rank's results (token counts, postings, kept pairs) are staged in a checkpoint
//     file, then gathered on rank 0, the one writer: it re-reads the inputs in order,
//     writes articles, postings, pairs and stemmas in one transaction into DB.partial and
//     renames it to DB after the commit.
// A failed run leaves DB as it was (never created, or refused). A rerun with the same
// inputs and rank count resumes from the checkpoints of step 7 when all ranks have one.
#include "distributed/allpairs.h"
#include "pipeline/parallel.h"
#include "pipeline/pipeline.h"

#include <mpi.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <xxhash.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <optional>
#include <tuple>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>
#include <vector>

using namespace stemma;
namespace fs = std::filesystem;

namespace {

int g_rank = 0, g_size = 1;

// A failure every rank agrees on: printed by the rank that saw it, then all exit(1).
struct RunError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

void say(const std::string& msg) {
  if (g_rank == 0) std::cerr << "stemma-mpi: " << msg << "\n";
}

// Test hook for the failure tests: STEMMA_MPI_DIE_RANK=r STEMMA_MPI_DIE_AT=phase makes
// rank r die by SIGKILL on entering that phase, as a crashed node would.
void phase(const char* name) {
  const char* rank = std::getenv("STEMMA_MPI_DIE_RANK");
  const char* at = std::getenv("STEMMA_MPI_DIE_AT");
  if (rank && at && std::atoi(rank) == g_rank && std::strcmp(at, name) == 0) std::raise(SIGKILL);
}

// True on every rank if any rank passes true.
bool any_rank(bool mine) {
  int in = mine ? 1 : 0, out = 0;
  MPI_Allreduce(&in, &out, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
  return out != 0;
}

// ---- byte buffers -----------------------------------------------------------------

class Writer {
public:
  template <typename T>
  void put(const T& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    buf.append(reinterpret_cast<const char*>(&v), sizeof v);
  }
  void put_bytes(std::string_view s) {
    put(static_cast<std::uint64_t>(s.size()));
    buf.append(s);
  }
  template <typename T>
  void put_vector(const std::vector<T>& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    put(static_cast<std::uint64_t>(v.size()));
    if (!v.empty()) buf.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
  }
  std::string buf;
};

class Reader {
public:
  explicit Reader(std::string_view b) : buf_(b) {}
  template <typename T>
  T get() {
    T v;
    need(sizeof v);
    std::memcpy(&v, buf_.data() + pos_, sizeof v);
    pos_ += sizeof v;
    return v;
  }
  std::string_view get_bytes() {
    const auto n = get<std::uint64_t>();
    need(n);
    const std::string_view s = buf_.substr(pos_, n);
    pos_ += n;
    return s;
  }
  template <typename T>
  std::vector<T> get_vector() {
    const auto n = get<std::uint64_t>();
    if (n > (buf_.size() - pos_) / sizeof(T)) throw std::runtime_error("corrupt buffer: vector longer than its data");
    std::vector<T> v(n);
    if (n) std::memcpy(v.data(), buf_.data() + pos_, n * sizeof(T)); // data() of an empty vector may be null
    pos_ += n * sizeof(T);
    return v;
  }
  bool done() const { return pos_ == buf_.size(); }

private:
  void need(std::size_t n) const {
    if (n > buf_.size() - pos_) throw std::runtime_error("corrupt buffer: truncated");
  }
  std::string_view buf_;
  std::size_t pos_ = 0;
};

// ---- collectives ------------------------------------------------------------------

// MPI counts are int: a single message per rank pair must stay under 2 GB (docs/scale.md).
int checked_count(std::size_t n) {
  if (n > static_cast<std::size_t>(std::numeric_limits<int>::max())) throw std::runtime_error("message over 2 GB between two ranks");
  return static_cast<int>(n);
}

// Byte strings to every rank (out[r] to rank r); returns what each rank sent here.
std::vector<std::string> alltoallv(const std::vector<std::string>& out) {
  std::vector<int> send_counts(g_size), recv_counts(g_size), send_displs(g_size), recv_displs(g_size);
  std::string send;
  for (int r = 0; r < g_size; ++r) {
    send_displs[r] = checked_count(send.size());
    send_counts[r] = checked_count(out[r].size());
    send += out[r];
  }
  MPI_Alltoall(send_counts.data(), 1, MPI_INT, recv_counts.data(), 1, MPI_INT, MPI_COMM_WORLD);
  std::size_t total = 0;
  for (int r = 0; r < g_size; ++r) {
    recv_displs[r] = checked_count(total);
    total += static_cast<std::size_t>(recv_counts[r]);
  }
  std::string recv(total, '\0');
  MPI_Alltoallv(send.data(), send_counts.data(), send_displs.data(), MPI_BYTE, recv.data(), recv_counts.data(),
                recv_displs.data(), MPI_BYTE, MPI_COMM_WORLD);
  std::vector<std::string> in(g_size);
  for (int r = 0; r < g_size; ++r) in[r] = recv.substr(recv_displs[r], recv_counts[r]);
  return in;
}

// Trivially copyable items by destination rank; returns all items received, by source rank order.
template <typename T>
std::vector<T> exchange(const std::vector<std::vector<T>>& by_dest) {
  std::vector<std::string> out(g_size);
  for (int r = 0; r < g_size; ++r)
    if (!by_dest[r].empty()) out[r].assign(reinterpret_cast<const char*>(by_dest[r].data()), by_dest[r].size() * sizeof(T));
  std::vector<T> items;
  for (const std::string& s : alltoallv(out)) {
    const std::size_t n = s.size() / sizeof(T), at = items.size();
    if (n == 0) continue;
    items.resize(at + n);
    std::memcpy(items.data() + at, s.data(), n * sizeof(T));
  }
  return items;
}

// Every rank's bytes on rank 0 (others get an empty vector).
std::vector<std::string> gather_to_root(const std::string& mine) {
  const int n = checked_count(mine.size());
  std::vector<int> counts(g_size), displs(g_size);
  MPI_Gather(&n, 1, MPI_INT, counts.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
  std::size_t total = 0;
  for (int r = 0; r < g_size; ++r) {
    displs[r] = checked_count(total);
    total += static_cast<std::size_t>(counts[r]);
  }
  std::string all(g_rank == 0 ? total : 0, '\0');
  MPI_Gatherv(mine.data(), n, MPI_BYTE, all.data(), counts.data(), displs.data(), MPI_BYTE, 0, MPI_COMM_WORLD);
  std::vector<std::string> out;
  if (g_rank == 0)
    for (int r = 0; r < g_size; ++r) out.push_back(all.substr(displs[r], counts[r]));
  return out;
}

std::uint64_t mix(std::uint64_t x) { // splitmix64: spreads keys evenly over ranks
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}
int key_owner(std::uint32_t key) { return static_cast<int>(mix(key) % static_cast<std::uint64_t>(g_size)); }
int file_owner(std::size_t file) { return static_cast<int>(file % static_cast<std::size_t>(g_size)); }

// ---- wire records -----------------------------------------------------------------

struct HashRecord {
  std::uint64_t h1, h2; // XXH3-128 of the content hash
  std::uint32_t file, seq;
};
struct KeepRecord {
  std::uint32_t file, seq, keep;
};
struct TokenCount {
  std::uint32_t id, tokens;
};
struct KeyPosting {
  std::uint32_t key, doc, kind; // kind 0: fingerprint, 1: band key
};

struct LocalDoc {
  pipeline::Prepared prepared;
  std::uint32_t file = 0, seq = 0, id = 0; // id 0: a content duplicate, not stored
};

// Inputs and rank count identify a checkpoint: a changed file or -np invalidates it.
std::string run_fingerprint(const std::vector<std::string>& paths) {
  std::ostringstream s;
  s << "stemma-mpi checkpoint v1\n" << g_size << "\n";
  for (const std::string& p : paths) {
    std::error_code ec;
    const auto size = fs::file_size(p, ec);
    const auto mtime = fs::last_write_time(p, ec).time_since_epoch().count();
    s << p << "\t" << size << "\t" << mtime << "\n";
  }
  return s.str();
}

std::optional<std::string> read_checkpoint(const fs::path& path, const std::string& fingerprint) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream s;
  s << in.rdbuf();
  const std::string all = s.str();
  if (all.size() < fingerprint.size() + 8 || all.compare(0, fingerprint.size(), fingerprint) != 0) return std::nullopt;
  std::uint64_t check = 0;
  std::memcpy(&check, all.data() + all.size() - 8, 8);
  const std::string body = all.substr(fingerprint.size(), all.size() - fingerprint.size() - 8);
  if (XXH3_64bits(body.data(), body.size()) != check) return std::nullopt; // torn or damaged: recompute
  return body;
}

void write_checkpoint(const fs::path& path, const std::string& fingerprint, const std::string& body) {
  const fs::path tmp = path.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    const std::uint64_t check = XXH3_64bits(body.data(), body.size());
    out << fingerprint << body;
    out.write(reinterpret_cast<const char*>(&check), 8);
    out.flush();
    if (!out) throw std::runtime_error("cannot write checkpoint " + tmp.string());
  }
  fs::rename(tmp, path); // a checkpoint is whole or absent
}

struct Options {
  std::string db, staging;
  std::vector<std::string> paths;
  unsigned threads = 1;
};

// Results of phases 1-6 on one rank, as sent to rank 0 (and checkpointed).
std::string compute(const Options& o, const pipeline::Params& params) {
  const std::size_t n_files = o.paths.size();
  // ---- 1. shard: read and prepare my files ----
  phase("read");
  std::vector<LocalDoc> docs;
  std::vector<std::string> problems;
  for (std::size_t f = 0; f < n_files; ++f) {
    if (file_owner(f) != g_rank) continue;
    std::error_code ec;
    if (!fs::is_regular_file(o.paths[f], ec)) {
      problems.push_back("bad shard file " + o.paths[f] + ": not a readable file");
      continue;
    }
    std::uint32_t seq = 0;
    std::size_t bad = 0;
    std::string first_problem;
    pipeline::process_inputs({o.paths[f]}, {}, params, o.threads, [&](pipeline::InputItem&& item) {
      for (const ingest::Problem& p : item.problems)
        if (p.severity == ingest::Severity::error && bad++ == 0) first_problem = p.source + ": " + p.message;
      for (pipeline::Prepared& p : item.documents) docs.push_back({std::move(p), static_cast<std::uint32_t>(f), seq++, 0});
    });
    if (bad) problems.push_back("bad shard file " + o.paths[f] + ": " + std::to_string(bad) + " bad record(s), first: " + first_problem);
  }
  for (const std::string& p : problems) std::cerr << "stemma-mpi: error: rank " << g_rank << ": " << p << "\n";
  if (any_rank(!problems.empty())) throw RunError("bad input (see above); nothing written");

  // ---- 2. dedupe by content hash, first in input order wins ----
  phase("dedupe");
  {
    std::vector<std::vector<HashRecord>> out(g_size);
    for (const LocalDoc& d : docs) {
      const std::string h = d.prepared.doc.content_hash();
      const XXH128_hash_t x = XXH3_128bits(h.data(), h.size());
      out[static_cast<std::size_t>(x.high64 % static_cast<std::uint64_t>(g_size))].push_back({x.high64, x.low64, d.file, d.seq});
    }
    std::vector<HashRecord> in = exchange(out);
    std::sort(in.begin(), in.end(), [](const HashRecord& a, const HashRecord& b) {
      return std::tie(a.h1, a.h2, a.file, a.seq) < std::tie(b.h1, b.h2, b.file, b.seq);
    });
    std::vector<std::vector<KeepRecord>> verdicts(g_size);
    for (std::size_t i = 0; i < in.size(); ++i) {
      const bool first = i == 0 || in[i].h1 != in[i - 1].h1 || in[i].h2 != in[i - 1].h2;
      verdicts[file_owner(in[i].file)].push_back({in[i].file, in[i].seq, first ? 1u : 0u});
    }
    std::map<std::pair<std::uint32_t, std::uint32_t>, bool> keep;
    for (const KeepRecord& k : exchange(verdicts)) keep[{k.file, k.seq}] = k.keep != 0;
    // ---- 3. ids in input order ----
    std::vector<std::uint64_t> kept_per_file(n_files, 0), all_kept(n_files, 0);
    for (const LocalDoc& d : docs)
      if (keep.at({d.file, d.seq})) ++kept_per_file[d.file];
    MPI_Allreduce(kept_per_file.data(), all_kept.data(), static_cast<int>(n_files), MPI_UINT64_T, MPI_SUM, MPI_COMM_WORLD);
    std::vector<std::uint64_t> first_id(n_files, 1);
    for (std::size_t f = 1; f < n_files; ++f) first_id[f] = first_id[f - 1] + all_kept[f - 1];
    if (n_files && first_id.back() + all_kept.back() > std::numeric_limits<std::uint32_t>::max()) throw RunError("more than 2^32 articles");
    std::vector<std::uint64_t> next(first_id);
    for (LocalDoc& d : docs)
      if (keep.at({d.file, d.seq})) d.id = static_cast<std::uint32_t>(next[d.file]++);
    // Owner of an id: the rank of the file its range falls in.
    const auto owner_of = [first_id, all_kept](std::uint32_t id) {
      const auto it = std::upper_bound(first_id.begin(), first_id.end(), std::uint64_t{id});
      std::size_t f = static_cast<std::size_t>(it - first_id.begin()) - 1;
      while (all_kept[f] == 0) --f; // empty files share their successor's first id
      return file_owner(f);
    };

    // ---- 4. postings to their key owners ----
    phase("index");
    std::vector<std::vector<KeyPosting>> postings_out(g_size);
    std::unordered_map<std::uint32_t, const LocalDoc*> by_id;
    for (const LocalDoc& d : docs) {
      if (!d.id) continue;
      by_id.emplace(d.id, &d);
      for (const std::uint32_t k : d.prepared.sketch.fingerprints) postings_out[key_owner(k)].push_back({k, d.id, 0});
      for (const std::uint32_t k : d.prepared.sketch.band_keys) postings_out[key_owner(k)].push_back({k, d.id, 1});
    }
    const std::vector<KeyPosting> my_keys = exchange(postings_out);
    postings_out.clear();
    std::vector<index::Posting> fp, bands;
    for (const KeyPosting& p : my_keys) (p.kind ? bands : fp).push_back({p.key, p.doc});

    // ---- 5. pair evidence to the owners of both documents; candidates where the child lives ----
    phase("candidates");
    std::vector<distributed::PairEvidence> evidence = distributed::pair_evidence(fp, bands, params.candidates.max_postings_per_key);
    std::vector<std::vector<distributed::PairEvidence>> evidence_out(g_size);
    for (const distributed::PairEvidence& e : evidence) {
      const int ra = owner_of(e.a), rb = owner_of(e.b);
      evidence_out[ra].push_back(e);
      if (rb != ra) evidence_out[rb].push_back(e);
    }
    evidence = distributed::merge_evidence(exchange(evidence_out));
    evidence_out.clear();
    std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs;
    for (const auto& pr : distributed::candidate_pairs(evidence, params.candidates))
      if (by_id.contains(pr.second)) pairs.push_back(pr); // only my children's views are complete
    evidence.clear();

    // ---- 6. fetch earlier documents' texts, align at the child's owner ----
    phase("align");
    std::vector<std::vector<std::uint32_t>> wanted(g_size);
    std::set<std::uint32_t> remote;
    for (const auto& [parent, child] : pairs)
      if (!by_id.contains(parent) && remote.insert(parent).second) wanted[owner_of(parent)].push_back(parent);
    const std::vector<std::string> requests_in = [&] {
      std::vector<std::string> out(g_size);
      for (int r = 0; r < g_size; ++r) {
        Writer w;
        w.put_vector(wanted[r]);
        out[r] = std::move(w.buf);
      }
      return alltoallv(out);
    }();
    std::vector<std::string> texts_out(g_size);
    for (int r = 0; r < g_size; ++r) {
      Reader rd(requests_in[r]);
      Writer w;
      for (const std::uint32_t id : rd.get_vector<std::uint32_t>()) {
        w.put(id);
        w.put_bytes(by_id.at(id)->prepared.doc.body);
      }
      texts_out[r] = std::move(w.buf);
    }
    struct Remote {
      std::string body;
      text::Analysis analysis;
    };
    std::unordered_map<std::uint32_t, Remote> remotes;
    for (const std::string& s : alltoallv(texts_out)) {
      Reader rd(s);
      while (!rd.done()) {
        const auto id = rd.get<std::uint32_t>();
        remotes[id].body = std::string(rd.get_bytes());
      }
    }
    std::vector<Remote*> to_analyse;
    for (auto& [id, r] : remotes) to_analyse.push_back(&r);
    pipeline::parallel_for(to_analyse.size(), o.threads, [&](std::size_t k) { to_analyse[k]->analysis = text::analyze(to_analyse[k]->body); });
    std::vector<align::Alignment> results(pairs.size());
    pipeline::parallel_for(pairs.size(), o.threads, [&](std::size_t k) {
      const auto [parent, child] = pairs[k];
      const pipeline::Prepared& self = by_id.at(child)->prepared;
      if (const auto it = by_id.find(parent); it != by_id.end())
        results[k] = align::align({it->second->prepared.doc.body, it->second->prepared.analysis}, {self.doc.body, self.analysis}, params.align);
      else {
        const Remote& r = remotes.at(parent);
        results[k] = align::align({r.body, r.analysis}, {self.doc.body, self.analysis}, params.align);
      }
    });

    // ---- results for rank 0: token counts, my key owner's postings, kept pairs ----
    Writer w;
    std::vector<TokenCount> tokens;
    for (const LocalDoc& d : docs)
      if (d.id) tokens.push_back({d.id, static_cast<std::uint32_t>(d.prepared.analysis.tokens.size())});
    w.put_vector(tokens);
    w.put_vector(fp);
    w.put_vector(bands);
    std::uint64_t kept = 0;
    for (std::size_t k = 0; k < pairs.size(); ++k) kept += align::kept_words(results[k]) >= params.lineage.min_shared_words;
    w.put(kept);
    for (std::size_t k = 0; k < pairs.size(); ++k) {
      if (align::kept_words(results[k]) < params.lineage.min_shared_words) continue;
      const align::Alignment& a = results[k];
      w.put(pairs[k].first);
      w.put(pairs[k].second);
      w.put(a.coverage_a);
      w.put(a.coverage_b);
      w.put(a.tokens_a);
      w.put(a.tokens_b);
      w.put_vector(a.passages);
    }
    return std::move(w.buf);
  }
}

struct Merged {
  std::unordered_map<std::uint32_t, std::uint32_t> tokens;
  std::vector<index::Posting> fp, bands;
  std::vector<store::StoredPair> pairs;
};

Merged decode_results(const std::vector<std::string>& per_rank) {
  Merged m;
  for (const std::string& s : per_rank) {
    Reader rd(s);
    for (const TokenCount& t : rd.get_vector<TokenCount>()) m.tokens[t.id] = t.tokens;
    const auto fp = rd.get_vector<index::Posting>();
    const auto bands = rd.get_vector<index::Posting>();
    m.fp.insert(m.fp.end(), fp.begin(), fp.end());
    m.bands.insert(m.bands.end(), bands.begin(), bands.end());
    const auto n = rd.get<std::uint64_t>();
    for (std::uint64_t i = 0; i < n; ++i) {
      store::StoredPair p;
      p.a = rd.get<std::uint32_t>();
      p.b = rd.get<std::uint32_t>();
      p.alignment.coverage_a = rd.get<double>();
      p.alignment.coverage_b = rd.get<double>();
      p.alignment.tokens_a = rd.get<std::uint32_t>();
      p.alignment.tokens_b = rd.get<std::uint32_t>();
      p.alignment.passages = rd.get_vector<align::Passage>();
      m.pairs.push_back(std::move(p));
    }
    if (!rd.done()) throw RunError("corrupt results: trailing bytes");
  }
  return m;
}

// Rank 0: one transaction into DB.partial, renamed to DB once committed.
void write_store(const Options& o, const pipeline::Params& params, Merged m) {
  const std::string partial = o.db + ".partial";
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(partial + suffix);
  {
    store::Store st(partial, store::Store::Mode::read_write);
    st.begin();
    try {
      std::uint32_t expected = 1;
      std::unordered_set<std::string> seen;
      for (const std::string& path : o.paths) {
        std::string error;
        ingest::Sink sink;
        sink.document = [&](ingest::Document&& d) {
          std::string h = d.content_hash();
          if (!seen.insert(h).second) return;
          const auto it = m.tokens.find(expected);
          if (it == m.tokens.end()) throw RunError("no token count for article " + std::to_string(expected) + " (inputs changed during the run?)");
          const std::uint32_t id = st.insert_article(d, h, it->second);
          if (id != expected) throw RunError("article ids diverged at " + std::to_string(expected));
          ++expected;
        };
        sink.problem = [&](ingest::Problem&& p) {
          if (p.severity == ingest::Severity::error && error.empty()) error = p.source + ": " + p.message;
        };
        ingest::read_path(path, {}, sink);
        if (!error.empty()) throw RunError("bad shard file " + path + " on re-reading: " + error);
      }
      if (expected - 1 != m.tokens.size()) throw RunError("article count diverged (inputs changed during the run?)");
      st.fingerprints().add(std::move(m.fp));
      st.bands().add(std::move(m.bands));
      // The order the single-process ingest inserts them in: by child, then candidate rank.
      std::stable_sort(m.pairs.begin(), m.pairs.end(), [](const store::StoredPair& x, const store::StoredPair& y) { return x.b < y.b; });
      for (const store::StoredPair& p : m.pairs) {
        st.insert_pair(p);
        st.merge_stories(st.story_of(p.a), st.story_of(p.b));
      }
      std::set<std::uint32_t> stories;
      for (std::uint32_t id = 1; id < expected; ++id)
        if (const std::uint32_t s = st.story_of(id); s != id) stories.insert(s);
      for (const std::uint32_t s : stories) pipeline::rebuild_story(st, s, params.lineage);
      st.fingerprints().compact();
      st.bands().compact();
      st.commit();
      std::cout << "stemma-mpi: stored " << expected - 1 << " article(s), " << m.pairs.size() << " reuse pair(s), "
                << stories.size() << " multi-article stor(ies) with " << g_size << " rank(s)\n";
    } catch (...) {
      st.rollback();
      throw;
    }
  }
  // Fold the WAL into the file so the rename moves one complete database.
  sqlite3* db = nullptr;
  if (sqlite3_open(partial.c_str(), &db) != SQLITE_OK || sqlite3_exec(db, "PRAGMA journal_mode=DELETE", nullptr, nullptr, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    throw RunError("cannot finalise " + partial);
  }
  sqlite3_close(db);
  fs::rename(partial, o.db);
}

// CPU seconds of this process so far: wall clock alone says little on a shared machine.
double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + 1e-6 * static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

int run(const Options& o) {
  const pipeline::Params params;
  // Rank 0 refuses a store that holds anything: the distributed run builds a new one.
  std::string refusal;
  if (g_rank == 0) {
    std::error_code ec;
    if (fs::exists(o.db, ec)) {
      try {
        store::Store st(o.db, store::Store::Mode::read_only);
        if (const auto n = st.article_count()) refusal = o.db + " already holds " + std::to_string(n) + " article(s); stemma-mpi builds a new store";
      } catch (const std::exception& e) {
        refusal = std::string("cannot use ") + o.db + ": " + e.what();
      }
    }
  }
  if (any_rank(!refusal.empty())) throw RunError(refusal.empty() ? "store refused on rank 0" : refusal);

  const fs::path staging = o.staging.empty() ? fs::path(o.db + ".staging") : fs::path(o.staging);
  if (g_rank == 0) fs::create_directories(staging);
  MPI_Barrier(MPI_COMM_WORLD);
  const std::string fingerprint = run_fingerprint(o.paths);
  const fs::path checkpoint = staging / ("rank-" + std::to_string(g_rank) + "-of-" + std::to_string(g_size) + ".bin");
  std::optional<std::string> results = read_checkpoint(checkpoint, fingerprint);
  const bool resume = !any_rank(!results.has_value()); // all ranks have one, or all recompute
  const auto t0 = std::chrono::steady_clock::now();
  const double c0 = cpu_seconds();
  if (resume) {
    say("resuming from the checkpoints in " + staging.string());
  } else {
    results = compute(o, params);
    write_checkpoint(checkpoint, fingerprint, *results);
    MPI_Barrier(MPI_COMM_WORLD); // every checkpoint is whole before anyone moves on
  }
  const auto t1 = std::chrono::steady_clock::now();
  const double c1 = cpu_seconds();
  double compute_cpu = c1 - c0, total_compute_cpu = 0;
  MPI_Reduce(&compute_cpu, &total_compute_cpu, 1, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
  phase("merge");
  const std::vector<std::string> all = gather_to_root(*results);
  std::string failure;
  if (g_rank == 0) {
    try {
      write_store(o, params, decode_results(all));
    } catch (const std::exception& e) {
      failure = e.what();
    }
  }
  if (any_rank(!failure.empty())) throw RunError(failure.empty() ? "writing the store failed on rank 0" : failure);
  // Done: the checkpoints have served.
  fs::remove(checkpoint);
  MPI_Barrier(MPI_COMM_WORLD);
  if (g_rank == 0) {
    std::error_code ec;
    fs::remove(staging, ec); // only if empty
    const auto t2 = std::chrono::steady_clock::now();
    std::cout << "stemma-mpi: compute " << std::chrono::duration<double>(t1 - t0).count() << "s wall, " << total_compute_cpu
              << " CPU s over all ranks; merge on rank 0 " << std::chrono::duration<double>(t2 - t1).count() << "s wall, "
              << cpu_seconds() - c1 << " CPU s\n";
  }
  return 0;
}

} // namespace

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  MPI_Comm_rank(MPI_COMM_WORLD, &g_rank);
  MPI_Comm_size(MPI_COMM_WORLD, &g_size);
  Options o;
  std::string usage_error;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--db" && i + 1 < argc) o.db = argv[++i];
    else if (a == "--staging" && i + 1 < argc) o.staging = argv[++i];
    else if (a == "--threads" && i + 1 < argc) o.threads = static_cast<unsigned>(std::max(1, std::atoi(argv[++i])));
    else if (a == "--help" || a == "-h") usage_error = "help";
    else if (!a.empty() && a[0] == '-') usage_error = "unknown option " + a;
    else o.paths.push_back(a);
  }
  if (usage_error.empty() && (o.db.empty() || o.paths.empty())) usage_error = "need --db and at least one input file";
  if (!usage_error.empty()) {
    say((usage_error == "help" ? std::string() : usage_error + "\n") +
        "usage: mpirun -np P stemma-mpi --db OUT.db FILE... [--threads T] [--staging DIR]");
    MPI_Finalize();
    return usage_error == "help" ? 0 : 2;
  }
  int rc = 0;
  try {
    rc = run(o);
  } catch (const RunError& e) {
    say(std::string("error: ") + e.what());
    rc = 1;
  } catch (const std::exception& e) {
    // Not agreed with the other ranks: stop them all rather than leave them waiting.
    std::cerr << "stemma-mpi: error: rank " << g_rank << ": " << e.what() << "\n";
    MPI_Abort(MPI_COMM_WORLD, 1);
  }
  MPI_Finalize();
  return rc;
}
