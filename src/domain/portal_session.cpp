#include "domain/portal_session.hpp"

namespace sk::domain {

Result<std::optional<MemberPortalSession>> member_portal_session(Repository& repo, const SeatContext& ctx,
                                                                 std::string_view token) {
  if (!token.starts_with("polar_mst_")) return std::optional<MemberPortalSession>{};
  SK_TRY(session, repo.find_member_session(token_hash(ctx, token)));
  if (!session || session->expires_at <= ctx.now) return std::optional<MemberPortalSession>{};
  SK_TRY(member, repo.find_member(session->member_id));
  if (!member) return std::optional<MemberPortalSession>{};
  return MemberPortalSession{std::move(*member), session->expires_at};
}

Result<std::vector<HeldSeat>> seats_held_by_member(Repository& repo, const Member& member) {
  SK_TRY(seats, repo.occupied_seats_of_member(member.id));
  std::vector<HeldSeat> held;
  held.reserve(seats.size());
  for (auto& seat : seats) {
    SK_TRY(container, repo.find_container(seat.container_kind, seat.organization_id, seat.container_id));
    HeldSeat h{std::move(seat), {}, {}};
    if (container) {
      h.container_status = container->status;
      SK_TRY(product, repo.find_product(container->organization_id, container->product_id));
      if (product) h.product_name = product->name;
    }
    held.push_back(std::move(h));
  }
  return held;
}

}  // namespace sk::domain
