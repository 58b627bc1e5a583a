// The storage port, accounts: organizations, their access tokens, customers and members.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "domain/model.hpp"

namespace sk::domain {

class AccountRepository {
 public:
  virtual ~AccountRepository() = default;

  // organizations and their access tokens
  virtual Status insert_organization(const Organization&) = 0;
  virtual Result<std::optional<Organization>> find_organization(const Id&) = 0;
  virtual Result<std::optional<Organization>> find_organization_by_slug(const std::string&) = 0;
  virtual Status update_organization(const Organization&) = 0;
  virtual Status insert_access_token(const AccessToken&, const std::string& token_hash) = 0;
  virtual Result<std::optional<AccessToken>> find_access_token(const std::string& token_hash) = 0;

  // customers, scoped to an organization
  virtual Status insert_customer(const Customer&) = 0;
  virtual Result<std::optional<Customer>> find_customer(const Id& organization_id, const Id& id) = 0;
  // Any organization's customer (operator tools only; API calls always scope by organization).
  virtual Result<std::optional<Customer>> find_customer_by_id(const Id& id) = 0;
  virtual Result<std::optional<Customer>> find_customer_by_email(const Id& organization_id, const std::string& email) = 0;
  virtual Result<std::optional<Customer>> find_customer_by_external_id(const Id& organization_id,
                                                                       const std::string& external_id) = 0;

  // members, scoped to their (billing) customer
  virtual Status insert_member(const Member&) = 0;
  virtual Status update_member(const Member&) = 0;
  virtual Result<std::optional<Member>> find_member(const Id& id) = 0;
  virtual Result<std::optional<Member>> find_member_by_email(const Id& customer_id, const std::string& email) = 0;
  virtual Result<std::optional<Member>> find_member_by_external_id(const Id& customer_id,
                                                                   const std::string& external_id) = 0;
  // The members holding seats of a container, in one query (listing would otherwise ask per seat).
  virtual Result<std::vector<Member>> find_seat_members(ContainerKind, const Id& container_id) = 0;

};

}  // namespace sk::domain
