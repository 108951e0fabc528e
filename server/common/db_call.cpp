#include "server/common/db_call.h"

#include <cctype>

namespace loket::server {

std::string describe(const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    // libpq's messages end in a newline and may span lines: one line for the log and probes.
    std::string text = e.what();
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
    for (std::size_t at; (at = text.find('\n')) != std::string::npos;) text.replace(at, 1, "; ");
    return text;
  } catch (...) {
    return "an unknown error";
  }
}

bool lost_connection(const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const pqxx::broken_connection&) {
    return true;
  } catch (...) {
    return false;
  }
}

}  // namespace loket::server
