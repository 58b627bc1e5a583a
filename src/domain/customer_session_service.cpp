#include "domain/customer_session_service.hpp"

#include "crypto/crypto.hpp"

namespace sk::domain {

Result<CreatedCustomerSession> create_customer_session(Repository& repo, const SeatContext& ctx,
                                                       const Organization& org, const CustomerSessionCreate& in) {
  std::optional<Customer> customer;
  if (in.customer_id) {
    SK_TRY(found, repo.find_customer(org.id, *in.customer_id));
    if (!found) return invalid_field({"body", "customer_id"}, "Customer does not exist.", *in.customer_id);
    customer = std::move(found);
  } else {
    const std::string external_id = in.external_customer_id.value_or("");
    SK_TRY(found, repo.find_customer_by_external_id(org.id, external_id));
    if (!found) return invalid_field({"body", "external_customer_id"}, "Customer does not exist.", external_id);
    customer = std::move(found);
  }
  const std::string token = crypto::polar_token("polar_cst_");
  CustomerSession session{crypto::uuid_v4(), token_hash(ctx, token), customer->id, in.return_url,
                          ctx.now + ctx.session_ttl, ctx.now};
  SK_CHECK(repo.insert_customer_session(session));
  return CreatedCustomerSession{std::move(session), token, std::move(*customer)};
}

Result<std::optional<CustomerSession>> live_customer_session(Repository& repo, const SeatContext& ctx,
                                                             std::string_view token) {
  SK_TRY(session, repo.find_customer_session(token_hash(ctx, token)));
  if (!session || session->expires_at <= ctx.now) return std::optional<CustomerSession>{};
  return session;
}

}  // namespace sk::domain

