// Short-lived memory of conversations (the language a resident writes in, the question asked,
// the buttons offered), bounded in size and age. Thread-safe: all access goes through one mutex
// held for a map lookup only.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace loket::dialogue {

struct SessionState {
  std::string lang;
  std::string pending_intent;                // asked the resident for a slot of this intent
  int asked = 0;                             // how often in a row
  bool awaiting_confirmation = false;        // asked "shall I ...?" for pending_intent
  std::map<std::string, std::string> known;  // entity kind -> what the resident told
  // Waiting for a slot when the resident asked something else: a value given later finishes it.
  std::string parked_intent;
  // The last question answered, to match a follow-up ("and paper?") together with. Shared and
  // immutable: the state is copied every turn, the question set only when a new one is answered.
  // One allocation for the text and its count, NUL-terminated.
  std::shared_ptr<const char[]> last_question;
  // The buttons last offered, in `lang`, in their order: a tap that comes back as its label, the
  // label typed, or "de tweede" chooses one.
  struct OfferedButton {
    std::string label;
    std::string intent;
    bool operator==(const OfferedButton&) const = default;
  };
  std::vector<OfferedButton> offered;
  // False for buttons an instance of the release before stored (label -> intent, in no order):
  // a label typed still chooses one, a place ("de tweede") does not.
  bool offered_in_order = true;
  int fallbacks = 0;  // turns in a row not understood: a person is offered after a few
  // The last reply offered a person: "ja graag", or the button's words typed, takes the offer.
  bool handoff_offered = false;
  // Handing the resident to a person: asking what to call back about, and how; or with a person
  // (or waiting for one) in handoff `handoff_id`, while the dialogue itself stays quiet.
  enum class Handoff { none, callback_question, callback_contact, with_person };
  Handoff handoff = Handoff::none;
  std::string callback_question;
  std::int64_t handoff_id = 0;
  // The conversation so far, for the person it is handed to: the last few lines, short.
  struct Line {
    bool resident = false;
    std::string text;
  };
  std::vector<Line> transcript;
  // The scheme finder under way (docs/schemes.md): the intent that started it, the field asked
  // now, and what the resident told (field -> value; "" when skipped). For that dialogue only:
  // cleared when it ends, never logged, not in the transcript.
  std::string scheme_intent;
  std::string scheme_field;
  std::map<std::string, std::string> scheme_answers;
  // The help in a crisis given in this conversation (an urgent intent with a person offered): a
  // message not understood after it gets that help again, never a bare "sorry".
  std::string crisis_intent;
};

class SessionStore {
 public:
  using Clock = std::chrono::steady_clock;

  SessionStore(std::size_t capacity, std::chrono::seconds ttl) : capacity_(capacity), ttl_(ttl) {}

  std::optional<SessionState> get(const std::string& id, Clock::time_point now = Clock::now());
  // Stores `state`, evicting the least recently used session when full.
  void put(const std::string& id, SessionState state, Clock::time_point now = Clock::now());

  // With a version the caller keeps beside the state (where it stands in a store shared with
  // other processes; 0 when it was put without one).
  struct Versioned {
    SessionState state;
    std::int64_t version = 0;
  };
  std::optional<Versioned> get_versioned(const std::string& id,
                                         Clock::time_point now = Clock::now());
  void put(const std::string& id, SessionState state, std::int64_t version,
           Clock::time_point now = Clock::now());
  void erase(const std::string& id);

  std::size_t size() const;

 private:
  struct Entry {
    SessionState state;
    Clock::time_point expires;
    std::list<std::string>::iterator lru;
    std::int64_t version = 0;
  };
  Entry* find(const std::string& id, Clock::time_point now);  // with mutex_ held

  std::size_t capacity_;
  std::chrono::seconds ttl_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
  std::list<std::string> lru_;  // most recent first
};

}  // namespace loket::dialogue
