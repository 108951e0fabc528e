#include "intents/dialogue/yes_no.h"

#include <set>
#include <string>

namespace loket::dialogue {

YesNo yes_or_no(const std::vector<intents::Token>& tokens) {
  static const std::set<std::string, std::less<>> kYes = {
      "ja",    "jawel", "jazeker", "yes",   "yep",  "yeah",   "ok", "oke", "okay",
      "graag", "prima", "goed",    "zeker", "sure", "please", "j",  "y",   "akkoord"};
  static const std::set<std::string, std::less<>> kNo = {
      "nee", "neen", "no", "nope", "niet", "n", "nah", "liever", "nein", "nej", "nei"};
  bool yes = false, no = false;
  for (const auto& token : tokens) {
    yes = yes || kYes.contains(token.folded);
    no = no || kNo.contains(token.folded);
  }
  if (no) return YesNo::no;
  return yes ? YesNo::yes : YesNo::neither;
}

}  // namespace loket::dialogue
