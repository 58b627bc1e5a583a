-- GET one path per id, taking the ids of a file in turn (args: file path_template [token]); the
-- template's "{}" becomes the id. Every request must answer 200.
package.path = package.path .. ";" .. debug.getinfo(1, "S").source:match("@(.*/)") .. "?.lua"
local report = require("report")
local threads = report.threads()
local paths, next_path = {}, 0
function init(args)
  for id in io.lines(args[1]) do
    if id ~= "" then table.insert(paths, (args[2]:gsub("{}", id))) end
  end
  next_path = (tid or 1) * 7919  -- threads start at different ids
  if args[3] and args[3] ~= "" then wrk.headers["Authorization"] = "Bearer " .. args[3] end
end
function request()
  next_path = next_path + 1
  return wrk.format("GET", paths[(next_path % #paths) + 1])
end
function done(summary, latency, requests) report.done(os.getenv("SCENARIO") or "get-each", summary, latency) end
