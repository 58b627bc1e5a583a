-- Fills one subscription: each connection assigns seats to fresh e-mails and never revokes; each
-- wrk thread stops after its share of `count` assigns (args: token subscription_id count threads).
-- wrk itself runs until -d or SIGINT, so bench/scale.sh times the fill and interrupts it.
package.path = package.path .. ";" .. debug.getinfo(1, "S").source:match("@(.*/)") .. "?.lua"
local report = require("report")
local threads = report.threads()

local subscription, quota, counter, run_id = nil, 0, 0, nil
assigns, failures = 0, 0
function init(args)
  subscription = args[2]
  quota = math.ceil(tonumber(args[3]) / tonumber(args[4]))
  run_id = tostring(os.time()) .. "-" .. tostring(tid) .. "-" .. tostring(math.random(1, 1e9))
  wrk.headers["Authorization"] = "Bearer " .. args[1]
  wrk.headers["Content-Type"] = "application/json"
end
function request()
  counter = counter + 1
  local body = string.format('{"subscription_id":"%s","email":"f%s-%d@bench.example"}', subscription, run_id, counter)
  return wrk.format("POST", "/v1/customer-seats", nil, body)
end
function response(status, headers, body)
  if status == 200 then assigns = assigns + 1 else failures = failures + 1 end
  if assigns >= quota then wrk.thread:stop() end
end
function done(summary, latency, requests)
  local a, f = 0, 0
  for _, t in ipairs(threads) do a = a + t:get("assigns"); f = f + t:get("failures") end
  report.done("fill", summary, latency)
  io.write(string.format("RESULT name=fill-failures count=%d\n", f))
end
