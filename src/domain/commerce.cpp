#include "domain/commerce.hpp"

namespace sk::domain {

bool is_active_subscription_status(const std::string& status) { return status == "active" || status == "trialing"; }

}  // namespace sk::domain
