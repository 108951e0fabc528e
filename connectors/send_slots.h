// Send slots of a platform's rate shared by every process that sends for one deployment (a
// Telegram bot, a WhatsApp number, a push service): each slot is one message's turn, and the
// slots of one key are spaced at the rate, whichever process takes them, so one busy process may
// use the whole rate while the others are idle. Implemented over PostgreSQL in server/notify.
// Thread-safe.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <optional>
#include <string>

namespace loket::connectors {

class SendSlots {
 public:
  using Clock = std::chrono::steady_clock;
  virtual ~SendSlots() = default;
  // When this process's next message under `key` may go, at `per_second` for all processes
  // together; nothing when the shared store cannot be reached.
  virtual boost::asio::awaitable<std::optional<Clock::time_point>> next(std::string key,
                                                                        double per_second) = 0;
};

}  // namespace loket::connectors
