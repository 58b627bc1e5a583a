-- Shared by every scenario: prints one machine-readable line when wrk finishes.
local M = {}
function M.done(name, summary, latency)
  local seconds = summary.duration / 1e6
  local non2xx = summary.errors.status
  local failed = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT name=%s requests=%d rps=%.0f p50_ms=%.3f p99_ms=%.3f non2xx=%d socket_errors=%d\n",
    name, summary.requests, summary.requests / seconds, latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, non2xx, failed))
end
-- Numbers wrk's threads (the `tid` global in each) and returns them all, for done() to sum
-- per-thread counters. Defines wrk's global setup(), so call it once at the top of a script.
function M.threads()
  local threads = {}
  setup = function(thread)
    thread:set("tid", #threads + 1)
    table.insert(threads, thread)
  end
  return threads
end
return M
