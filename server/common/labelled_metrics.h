// One Prometheus exposition from several: each municipality's samples get a
// `municipality="id"` label, and each metric family's HELP and TYPE appear once, before all its
// samples, as the text format requires. A pure function; safe from any thread.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace loket::server {

// `expositions`: (municipality id, its exposition).
std::string merge_labelled_expositions(
    const std::vector<std::pair<std::string, std::string>>& expositions);

}  // namespace loket::server
