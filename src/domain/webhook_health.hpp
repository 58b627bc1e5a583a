// Endpoints that keep failing are switched off, as Polar does: an endpoint whose deliveries have
// failed for a day without one success is disabled (`enabled: false` in the API) until its owner
// fixes and re-enables it. A dead receiver otherwise costs retries forever.
#pragma once

#include <chrono>

#include "domain/repository.hpp"
#include "domain/upkeep_repository.hpp"
#include "domain/webhook_model.hpp"

namespace sk::domain {

// Records the attempt in the endpoint's failing streak; true when it disabled the endpoint now.
Result<bool> note_endpoint_health(Repository&, UpkeepRepository&, const WebhookDelivery& attempt, Timestamp now,
                                  std::chrono::seconds disable_after);

}  // namespace sk::domain
