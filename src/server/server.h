// Server stage: `stemma serve`, a JSON HTTP API over the store (docs/api.md) that also serves
// the web page's static files. Reads run on a pool of read-only store connections; writes
// (ingest) need a token and go through one writer connection.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <string>

namespace stemma::server {

struct ServerOptions {
  std::string db = "stemma.db";
  std::string host = "127.0.0.1"; // loopback unless told otherwise
  int port = 8080;                // 0: any free port
  std::string token;              // bearer token for writes; empty: writes refused
  unsigned threads = 0;           // request workers, each with its own store connection (0: all cores)
  std::size_t max_queue = 64;     // requests waiting for a worker; more get 429
  std::size_t max_body = 16u << 20;
  std::size_t index_memory_mb = 512; // posting segments held decoded in memory, shared by the workers (0: none)
  std::size_t analysis_memory_mb = 256; // analyses of stored articles kept across requests (0: none)
  std::string web_root;           // static files; empty: the built web page, if found
};

// Serves until SIGINT or SIGTERM. Prints "stemma: serving http://HOST:PORT" on `out` once
// listening (tests read the port from it). Returns a process exit code.
int run_server(const ServerOptions& options, std::ostream& out, std::ostream& err);

} // namespace stemma::server
