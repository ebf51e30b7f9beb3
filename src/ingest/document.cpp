#include "ingest/ingest.h"

#include <xxhash.h>

#include <cstdio>

namespace stemma::ingest {

std::string Document::content_hash() const {
  XXH3_state_t* state = XXH3_createState();
  XXH3_128bits_reset(state);
  // Length-prefixed fields, so that moving text between fields changes the hash.
  for (const std::string* field : {&url, &outlet, &title, &published_raw, &body}) {
    const std::uint64_t n = field->size();
    XXH3_128bits_update(state, &n, sizeof n);
    XXH3_128bits_update(state, field->data(), field->size());
  }
  const XXH128_hash_t h = XXH3_128bits_digest(state);
  XXH3_freeState(state);
  char buf[33];
  std::snprintf(buf, sizeof buf, "%016llx%016llx", static_cast<unsigned long long>(h.high64),
                static_cast<unsigned long long>(h.low64));
  return buf;
}

} // namespace stemma::ingest
