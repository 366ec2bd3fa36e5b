-- wrk script for `POST /api/v1/checkins`: every request is a distinct endpoint's report until
-- ENDPOINTS are used, then the same endpoints report again, later (never a replay).
-- Usage: wrk -s checkin.lua ... URL -- TOKEN ENDPOINTS
local counter = 0
local thread_id = 0
local threads = {}

function setup(thread)
  thread:set("id", thread_id)
  thread_id = thread_id + 1
  table.insert(threads, thread)
end

function init(args)
  token = args[1]
  endpoints = tonumber(args[2] or "100000")
  -- Each thread owns a slice of the endpoints, so two threads never report for the same one.
  per_thread = math.floor(endpoints / thread_count())
  base = id * per_thread
  round = 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. token
  local packages = {}
  for i = 1, 30 do
    packages[#packages + 1] = string.format('{"name":"package-%d","vendor":"Debian","version":"1.%d.0-1"}', i, i)
  end
  software = table.concat(packages, ",")
end

function thread_count()
  return tonumber(os.getenv("WRK_THREADS") or "2")
end

function request()
  counter = counter + 1
  if counter > per_thread then
    counter = 1
    round = round + 1
  end
  local machine = base + counter
  -- Later rounds report later; the milliseconds keep each endpoint's reports in order.
  local sent = os.date("!%Y-%m-%dT%H:%M:%S", os.time() - 300 + round) .. string.format(".%03dZ", counter % 1000)
  local body = string.format(
    '{"machineId":"bench-%08d","hostname":"ws-%08d","sentAt":"%s","addresses":["10.%d.%d.%d"],' ..
    '"os":{"name":"Debian GNU/Linux","version":"12"},"role":"workstation","software":[%s],' ..
    '"antimalware":[{"product":"ClamAV","version":"1.0.7","enabled":true,"realTime":true,"managed":true,"signatureDate":"%s"}]}',
    machine, machine, sent, math.floor(machine / 65536) % 256, math.floor(machine / 256) % 256, machine % 256, software,
    os.date("!%Y-%m-%dT00:00:00Z"))
  return wrk.format(nil, "/api/v1/checkins", nil, body)
end

local failures = 0
function response(status, headers, body)
  if status ~= 200 and status ~= 201 then
    failures = failures + 1
    if failures <= 3 then io.stderr:write("status " .. status .. ": " .. body .. "\n") end
  end
end
