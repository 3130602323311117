-- wrk script for scenario 8: POSTs a Standard Webhooks JSON event with a unique webhook-id per request.
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

local counter = 0
local filler = string.rep("x", 470)

function request()
  counter = counter + 1
  local id = "wrk-" .. tid .. "-" .. counter
  local body = '{"type":"bench.intake","timestamp":"2026-11-23T00:00:00Z","data":{"seq":' .. counter
      .. ',"filler":"' .. filler .. '"}}'
  return wrk.format("POST", nil, { ["Content-Type"] = "application/json", ["webhook-id"] = id }, body)
end
