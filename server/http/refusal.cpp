#include "server/http/refusal.h"

#include <stdexcept>

namespace loket::server {

void throw_exception_from_error(const Refusal& refusal, const boost::source_location&) {
  throw std::logic_error("a refusal was used as a value: " + refusal.message);
}

}  // namespace loket::server
