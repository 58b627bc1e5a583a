-- The write cycle: each connection assigns a seat to a fresh e-mail, then revokes the seat it got,
-- and so on (args: token subscription_ids [label]). Assigns and revokes are counted separately.
-- subscription_ids is one id, or several separated by commas that the assigns take in turn;
-- label prefixes the RESULT names (so one run can report a hot and a spread write cycle).
package.path = package.path .. ";" .. debug.getinfo(1, "S").source:match("@(.*/)") .. "?.lua"
local report = require("report")
local threads = report.threads()

local token, subscriptions, counter, to_revoke, run_id = nil, {}, 0, {}, nil
assigns, revokes, failures, label = 0, 0, 0, ""  -- globals: done() reads them from the threads
function init(args)
  token, label = args[1], args[3] or ""
  for id in string.gmatch(args[2], "[^,]+") do table.insert(subscriptions, id) end
  run_id = tostring(os.time()) .. "-" .. tostring(tid) .. "-" .. tostring(math.random(1, 1e9))
  wrk.headers["Authorization"] = "Bearer " .. token
  wrk.headers["Content-Type"] = "application/json"
end
function request()
  local id = table.remove(to_revoke)
  if id then return wrk.format("DELETE", "/v1/customer-seats/" .. id) end
  counter = counter + 1
  local subscription = subscriptions[(counter % #subscriptions) + 1]
  local body = string.format('{"subscription_id":"%s","email":"w%s-%d@bench.example"}', subscription, run_id, counter)
  return wrk.format("POST", "/v1/customer-seats", nil, body)
end
function response(status, headers, body)
  if status ~= 200 then failures = failures + 1 return end
  if body:find('"status":"revoked"', 1, true) then
    revokes = revokes + 1
  else
    assigns = assigns + 1
    table.insert(to_revoke, body:match('"id":"([^"]+)"'))
  end
end
function done(summary, latency, requests)
  local a, r, f = 0, 0, 0
  local label = threads[1]:get("label") or ""  -- done() runs in wrk's main state, where init() did not
  for _, t in ipairs(threads) do
    a = a + t:get("assigns"); r = r + t:get("revokes"); f = f + t:get("failures")
  end
  local seconds = summary.duration / 1e6
  report.done(label .. "assign+revoke", summary, latency)
  io.write(string.format("RESULT name=%sassign rps=%.0f\nRESULT name=%srevoke rps=%.0f\nRESULT name=%swrite-failures count=%d\n",
    label, a / seconds, label, r / seconds, label, f))
end
