#include "server/common/conversation_logger.h"

namespace loket::server {

void ConversationLogger::record(Entry entry) {
  std::lock_guard lock(mutex_);
  if (queue_.size() >= kCapacity) {
    ++dropped_;
    return;
  }
  queue_.push_back(std::move(entry));
}

std::vector<ConversationLogger::Entry> ConversationLogger::take() {
  std::lock_guard lock(mutex_);
  std::vector<Entry> out;
  out.swap(queue_);
  return out;
}

}  // namespace loket::server
