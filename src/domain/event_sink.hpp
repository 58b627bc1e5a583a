// Where the domain reports what must leave the system (webhook events, invitation e-mails).
// The implementation writes them to the outbox inside the same transaction as the change.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "common/error.hpp"
#include "domain/model.hpp"

namespace sk::domain {

struct Invitation {
  Id seat_id;
  Id organization_id;
  std::string organization_name;
  std::string organization_slug;
  std::string to_email;
  std::string token;  // plain invitation token: only ever leaves inside the e-mail
  Timestamp expires_at;
  std::string product_name;
  std::string billing_manager_email;
};

class EventSink {
 public:
  virtual ~EventSink() = default;
  virtual Status seat_event(std::string_view type, const Organization&, const SeatView&, Timestamp at) = 0;
  virtual Status invitation(const Invitation&) = 0;
};

// A sink bound to one transaction that knows whether it recorded anything (the caller then wakes
// the delivery workers once the transaction has committed).
class RecordingEventSink : public EventSink {
 public:
  virtual bool recorded() const = 0;
};

class Repository;
// Makes the sink for one transaction; the application decides what it writes to.
using EventSinkFactory = std::function<std::unique_ptr<RecordingEventSink>(Repository&, Timestamp now)>;

}  // namespace sk::domain
