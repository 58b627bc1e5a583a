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
return M
