#include "server/common/conversation_logger.h"

#include <openssl/evp.h>

#include <stdexcept>

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

void ConversationLogger::put_back(std::vector<Entry> batch) {
  std::lock_guard lock(mutex_);
  batch.reserve(batch.size() + queue_.size());
  for (auto& entry : queue_) batch.push_back(std::move(entry));
  if (batch.size() > kCapacity) {
    dropped_ += batch.size() - kCapacity;
    batch.erase(batch.begin() + static_cast<std::ptrdiff_t>(kCapacity), batch.end());
  }
  queue_ = std::move(batch);
}

std::string conversation_log_key(std::string_view session) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(session.data(), session.size(), digest, &length, EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("SHA-256 is not available");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < 16 && i < length; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 15];
  }
  return out;
}

}  // namespace loket::server
