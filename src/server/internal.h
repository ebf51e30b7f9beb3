// Shared between the server's files: the request context and the error type handlers throw.
#pragma once

#include "pipeline/pipeline.h"
#include "server/server.h"
#include "store/store.h"

#include <httplib.h>

#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

namespace stemma::server {

// An error with its HTTP status; the message goes to the client as {"error": {...}}.
class HttpError : public std::runtime_error {
public:
  HttpError(int status, const std::string& message) : std::runtime_error(message), status(status) {}
  int status;
};

// Read-only store connections, one per worker: a Store is not shared between threads.
class StorePool {
public:
  // The connections share `resident` (null: each reads the index from SQLite).
  StorePool(const std::string& path, unsigned count, std::size_t max_waiting, const std::shared_ptr<store::ResidentPostings>& resident);
  class Lease {
  public:
    Lease(StorePool& pool, store::Store* store) : pool_(pool), store_(store) {}
    ~Lease();
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    store::Store& operator*() const { return *store_; }
    store::Store* operator->() const { return store_; }

  private:
    StorePool& pool_;
    store::Store* store_;
  };
  // Waits for a free connection; throws HttpError 429 when max_waiting requests already wait.
  std::unique_ptr<Lease> acquire();

private:
  std::vector<std::unique_ptr<store::Store>> stores_;
  std::vector<store::Store*> free_;
  std::size_t waiting_ = 0, max_waiting_;
  std::mutex mutex_;
  std::condition_variable available_;
};

struct Context {
  ServerOptions options;
  std::unique_ptr<StorePool> readers;
  std::unique_ptr<store::Store> writer; // only when a token is configured
  std::mutex writer_mutex;
  // Analyses of stored articles kept across requests (null: --analysis-memory 0).
  std::unique_ptr<pipeline::SharedAnalyses> analyses;
  std::filesystem::path web_root;       // empty when no built web page was found
  unsigned threads = 1;
};

// Path segments of a request target, each percent-decoded on its own (so "%2F" stays inside its
// segment). Throws HttpError 400 on a malformed escape or a NUL byte.
std::vector<std::string> path_segments(const std::string& target);

void send_json(httplib::Response& res, int status, const nlohmann::json& body);
void send_error(httplib::Response& res, int status, const std::string& message);

// /api/v1/... (segments after "v1").
void handle_api(Context& ctx, const httplib::Request& req, httplib::Response& res, const std::vector<std::string>& segments);
// Everything else: the web page's files.
void handle_static(const Context& ctx, const httplib::Request& req, httplib::Response& res, const std::vector<std::string>& segments);

} // namespace stemma::server
