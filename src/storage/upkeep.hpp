// The upkeep port (domain/upkeep_repository.hpp) bound to the transaction of the job that was
// handed `repo`, whichever store it came from; null for a repository of no known store.
#pragma once

#include <memory>

#include "domain/repository.hpp"
#include "domain/upkeep_repository.hpp"

namespace sk::storage {

std::unique_ptr<domain::UpkeepRepository> upkeep_of(domain::Repository& repo);

}  // namespace sk::storage
