#include "common/connection_pool.h"

#include <algorithm>
#include <utility>

namespace common {

ConnectionPool::Lease::~Lease() {
  if (!connection_) return;  // moved from
  if (keep_ && connection_->Reusable()) pool_->Release(origin_, std::move(connection_));
  // Otherwise the connection closes its socket here, outside the pool's lock.
}

ConnectionPool::Lease ConnectionPool::Acquire(const std::string& origin, bool reuse) {
  std::vector<Idle> expired;  // closed after the lock is released
  {
    std::lock_guard lock(mutex_);
    auto found = idle_.find(origin);
    if (reuse && found != idle_.end()) {
      std::vector<Idle>& idle = found->second;
      const Clock::time_point oldest_usable = Clock::now() - limits_.max_idle;
      auto first_usable = std::find_if(idle.begin(), idle.end(), [&](const Idle& entry) {
        return entry.since >= oldest_usable;
      });
      expired.assign(std::make_move_iterator(idle.begin()), std::make_move_iterator(first_usable));
      idle.erase(idle.begin(), first_usable);
      if (!idle.empty()) {
        std::unique_ptr<UpstreamConnection> connection = std::move(idle.back().connection);
        idle.pop_back();
        return Lease(this, origin, std::move(connection), true);
      }
    }
    ++created_;
  }
  return Lease(this, origin, MakeUpstreamConnection(origin), false);
}

void ConnectionPool::Release(const std::string& origin,
                             std::unique_ptr<UpstreamConnection> connection) {
  {
    std::lock_guard lock(mutex_);
    std::vector<Idle>& idle = idle_[origin];
    if (idle.size() < limits_.max_idle_per_origin) {
      idle.push_back(Idle{std::move(connection), Clock::now()});
      return;
    }
  }
  // Over the bound: `connection` closes as it goes out of scope, unlocked.
}

void ConnectionPool::CloseIdle() {
  std::unordered_map<std::string, std::vector<Idle>> idle;
  {
    std::lock_guard lock(mutex_);
    idle.swap(idle_);
  }
  // `idle` closes them as it goes out of scope, unlocked.
}

std::size_t ConnectionPool::IdleCount(const std::string& origin) const {
  std::lock_guard lock(mutex_);
  auto found = idle_.find(origin);
  return found == idle_.end() ? 0 : found->second.size();
}

std::size_t ConnectionPool::CreatedCount() const {
  std::lock_guard lock(mutex_);
  return created_;
}

ConnectionPool& ConnectionPool::Shared() {
  // Never destroyed: request threads of a stopping service may still hold leases while
  // static destructors run; the kernel closes the sockets at exit.
  static ConnectionPool* const pool = new ConnectionPool();
  return *pool;
}

}  // namespace common
