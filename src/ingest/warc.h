// WARC (ISO 28500) reading. Internal to the ingest stage.
#pragma once

#include "ingest/gzip_stream.h"
#include "ingest/ingest.h"

namespace stemma::ingest {

// Reads WARC records from a stream; response (and resource) records with an
// HTML payload become html RawRecords, the rest are skipped and counted by
// reason, reported once at the end. A malformed record is reported with its
// offset, and the reader resynchronises on the next "WARC/" header line.
void read_warc(ByteStream& stream, const std::string& source, const ReadOptions& options, const RecordSink& sink,
               std::uint64_t& sequence);

} // namespace stemma::ingest
