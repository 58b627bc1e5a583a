// The storage port: everything the domain reads and writes, split by area (one header each), and
// Repository, which is all of them. SQLite (storage/sqlite) and PostgreSQL (storage/postgres)
// implement it side by side. A Repository is always bound to one transaction; the Store decides
// which. Code that needs one area only may take that area's interface.
#pragma once

#include "domain/account_repository.hpp"
#include "domain/idempotency.hpp"
#include "domain/invitation_policy.hpp"
#include "domain/management_repository.hpp"
#include "domain/operations_repository.hpp"
#include "domain/outbox_repository.hpp"
#include "domain/seat_page.hpp"
#include "domain/seat_repository.hpp"
#include "domain/webhook_repository.hpp"

namespace sk::domain {

class Repository : public AccountRepository,
                   public SeatRepository,
                   public SeatPageRepository,
                   public InvitationPolicyRepository,
                   public IdempotencyRepository,
                   public OutboxRepository,
                   public WebhookRepository,
                   public ManagementRepository,
                   public OperationsRepository {
 public:
  ~Repository() override = default;
};

}  // namespace sk::domain
