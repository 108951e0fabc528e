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
  struct Turn {
    Clock::time_point at;  // taken: when the message may go; else: when to ask again
    bool taken = false;
  };
  virtual ~SendSlots() = default;
  // This process's next turn under `key`, at `per_second` for all processes together. A slot
  // is taken only within `reach` from now (one taken and not used is lost to every sender).
  // Nothing when the shared store cannot be reached.
  virtual boost::asio::awaitable<std::optional<Turn>> next(std::string key, double per_second,
                                                           Clock::duration reach) = 0;
};

}  // namespace loket::connectors
