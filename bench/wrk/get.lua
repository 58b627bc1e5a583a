-- GET one path (args: name path [token]); every request must answer 200.
package.path = package.path .. ";" .. debug.getinfo(1, "S").source:match("@(.*/)") .. "?.lua"
local report = require("report")
local name
function init(args)
  name = args[1]
  wrk.path = args[2]
  if args[3] and args[3] ~= "" then wrk.headers["Authorization"] = "Bearer " .. args[3] end
end
function done(summary, latency, requests) report.done(os.getenv("SCENARIO") or "get", summary, latency) end
