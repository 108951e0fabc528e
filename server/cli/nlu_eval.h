// `loket nlu-eval`: trains the intent matcher on JSON-lines examples (or a municipality's
// content) and scores it on labelled test utterances; prints one JSON object of figures.
// Runs on the calling thread (the matcher's training uses the other cores).
#pragma once

#include <map>
#include <string>

namespace loket::server {

// Flags: train or config, test (or cv), lang, report. Returns the process exit code.
int run_nlu_eval(const std::map<std::string, std::string>& flags);

}  // namespace loket::server
