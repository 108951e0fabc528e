#include "server/common/service_manager.h"

#include <systemd/sd-daemon.h>

namespace loket::server {

void notify_ready() {
  sd_notify(0, "READY=1\nSTATUS=serving");
}

void notify_stopping() {
  sd_notify(0, "STOPPING=1\nSTATUS=draining");
}

}  // namespace loket::server
