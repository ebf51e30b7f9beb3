// libFuzzer harness for the WARC reader (plain and gzip-compressed input):
// whatever the bytes, reading must end without a crash, hang or leak.
#include "ingest/gzip_stream.h"
#include "ingest/warc.h"

#include <cstdio>
#include <stdexcept>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::FILE* f = fmemopen(const_cast<std::uint8_t*>(data), size, "rb");
  if (!f) return 0;
  try {
    stemma::ingest::ByteStream stream(f);
    stemma::ingest::ReadOptions options;
    options.max_document_bytes = 1 << 20;
    stemma::ingest::RecordSink sink;
    std::size_t records = 0;
    sink.record = [&](stemma::ingest::RawRecord&& r) { records += r.data.size() > 0; };
    sink.problem = [](stemma::ingest::Problem&&) {};
    std::uint64_t sequence = 0;
    stemma::ingest::read_warc(stream, "fuzz", options, sink, sequence);
  } catch (const std::runtime_error&) {
    // A corrupt gzip header is reported by ByteStream's constructor path.
  }
  std::fclose(f);
  return 0;
}
