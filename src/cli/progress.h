// A one-line progress display on stderr, redrawn at most a few times a second,
// only when stderr is a terminal.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace stemma::cli {

class Progress {
public:
  Progress(bool enabled, std::uint64_t total_bytes);
  ~Progress();
  void update(std::uint64_t records, std::uint64_t articles, std::uint64_t skipped, std::uint64_t input_bytes);
  void clear(); // erase the line before other output

private:
  bool enabled_;
  std::uint64_t total_;
  std::chrono::steady_clock::time_point start_, last_;
  bool drawn_ = false;
};

} // namespace stemma::cli
