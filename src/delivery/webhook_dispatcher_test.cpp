// The dispatcher against a real SQLite store and a real (silent) TCP peer.
#include "delivery/webhook_dispatcher.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>

#include "crypto/crypto.hpp"
#include "domain/webhook_queue.hpp"

namespace sk::delivery {
namespace {

using namespace std::chrono_literals;

// A listening socket that accepts connections and never answers: an attempt to it hangs.
class SilentPeer {
 public:
  SilentPeer() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    EXPECT_EQ(::listen(fd_, 8), 0);
    socklen_t len = sizeof addr;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
  }
  ~SilentPeer() {
    if (client_ >= 0) ::close(client_);
    ::close(fd_);
  }
  int port() const { return port_; }
  // Waits for the dispatcher's connection and the start of its request.
  bool wait_for_request(std::chrono::milliseconds timeout) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(timeout.count())) != 1) return false;
    client_ = ::accept(fd_, nullptr, nullptr);
    pollfd c{client_, POLLIN, 0};
    return ::poll(&c, 1, static_cast<int>(timeout.count())) == 1;
  }

 private:
  int fd_ = -1;
  int client_ = -1;
  int port_ = 0;
};

TEST(WebhookDispatcher, StoppingGivesTheLeaseOfAnAttemptInFlightBack) {
  const auto dir = std::filesystem::temp_directory_path() / ("sk-dispatch-" + crypto::uuid_v4());
  auto opened = storage::open_store((dir / "db.sqlite").string(), {.reader_threads = 1});
  ASSERT_TRUE(opened) << opened.error().detail;
  auto& store = **opened;
  const std::string key = "a-server-secret-of-sufficient-length";
  SilentPeer peer;
  domain::Organization org{crypto::uuid_v4(), "Acme", "acme", true, now_utc()};
  domain::WebhookEndpoint endpoint;
  endpoint.id = crypto::uuid_v4();
  endpoint.organization_id = org.id;
  endpoint.url = "http://127.0.0.1:" + std::to_string(peer.port()) + "/hook";
  endpoint.sealed_secret = crypto::seal(key, "polar_whs_secret");
  endpoint.events = {"customer_seat.assigned"};
  endpoint.created_at = now_utc();
  ASSERT_TRUE(store.write_now([&](domain::Repository& repo) {
    return repo.insert_organization(org) && repo.insert_webhook_endpoint(endpoint) &&
           repo.append_outbox({crypto::uuid_v4(), domain::kWebhookOutboxTopic, org.id, "customer_seat.assigned",
                               R"({"type":"customer_seat.assigned"})", now_utc(), now_utc(), 0});
  }));

  {
    // The silent peer listens on loopback: the address guard must let it through.
    WebhookDispatcher dispatcher(store, key, {.idle_poll = 20ms, .http = {.allow_private_addresses = true}});
    dispatcher.start();
    dispatcher.notify();
    ASSERT_TRUE(peer.wait_for_request(5s)) << "the event was never sent";
    dispatcher.stop();  // the attempt is abandoned mid-flight
  }

  // Its endpoint is due again at once (no 15 s lease to wait out after a clean stop), with the
  // same event and nothing recorded against it.
  std::vector<domain::WebhookTicket> tickets;
  ASSERT_TRUE(store.write_now([&](domain::Repository& repo) {
    auto claimed = repo.claim_webhook_tickets(now_utc(), 10, now_utc() + 15s);
    if (!claimed) return false;
    tickets = *claimed;
    return true;
  }));
  ASSERT_EQ(tickets.size(), 1u);
  EXPECT_EQ(tickets[0].event.endpoint_id, endpoint.id);
  EXPECT_EQ(tickets[0].event.attempts, 0);
  EXPECT_FALSE(tickets[0].event.succeeded.has_value());
  store.close();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace sk::delivery
