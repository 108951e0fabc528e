// The neighbourhood page's part of the content: what the intents that look a postcode up say
// about one postcode, as the chat would answer it.
#include "intents/dialogue/dialogue.h"
#include "intents/dialogue/dialogue_turn.h"

namespace loket::dialogue {

std::optional<std::vector<Dialogue::AreaAnswer>> Dialogue::area_answers(
    const std::string& postcode, const std::string& lang) const {
  if (!in_area(postcode)) return std::nullopt;
  std::vector<AreaAnswer> out;
  for (const auto& intent : config_.intents) {
    if (!intent.lookup || intent.action) continue;
    const auto& lookup = *intent.lookup;
    std::map<std::string, std::string> values;
    bool keyed_by_postcode = false;
    for (const auto& slot : intent.slots) {
      if (slot.entity != "postcode") continue;
      values[slot.name] = postcode;
      keyed_by_postcode = keyed_by_postcode || slot.name == lookup.key;
    }
    // Only intents that need nothing but the postcode can be answered for it.
    if (!keyed_by_postcode || values.size() != intent.slots.size()) continue;
    const auto* row = find_row(lookup, postcode);
    if (row == nullptr) continue;
    for (std::size_t c = 1; c < lookup.table.columns.size(); ++c)
      values[lookup.table.columns[c]] = (*row)[c - 1];
    out.push_back(
        {intent.id, config::pick_language(intent.title, lang, config_.default_language),
         config::fill_placeholders(
             config::pick_language(intent.answer, lang, config_.default_language), values)});
  }
  return out;
}

}  // namespace loket::dialogue
