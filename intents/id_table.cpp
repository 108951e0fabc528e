#include "intents/id_table.h"

namespace loket::intents {

void IdTable::reserve(std::size_t n) {
  std::size_t capacity = 16;
  while (capacity < 2 * n) capacity *= 2;
  slots_.assign(capacity, Slot{});
  mask_ = capacity - 1;
  size_ = 0;
}

std::uint32_t IdTable::insert(std::uint64_t h, std::uint32_t next_id) {
  if (2 * (size_ + 1) > slots_.size()) {
    auto old = std::move(slots_);
    reserve(size_ + 1);
    for (const auto& slot : old)
      if (slot.key != kEmpty) insert(slot.key, slot.id);
  }
  for (std::size_t i = home(h);; i = (i + 1) & mask_) {
    if (slots_[i].key == h) return slots_[i].id;
    if (slots_[i].key == kEmpty) {
      slots_[i] = {h, next_id};
      ++size_;
      return next_id;
    }
  }
}

const std::uint32_t* IdTable::find(std::uint64_t h) const {
  if (slots_.empty()) return nullptr;
  for (std::size_t i = home(h);; i = (i + 1) & mask_) {
    if (slots_[i].key == h) return &slots_[i].id;
    if (slots_[i].key == kEmpty) return nullptr;
  }
}

}  // namespace loket::intents
