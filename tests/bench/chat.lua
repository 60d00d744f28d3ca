-- chat.lua - wrk script for tests/bench/run.sh: POST one chat completion.
-- Arguments (after `--` on the wrk command line):
--   [1] "stream" to ask for an SSE answer; anything else (or none) for JSON
--   [2] bearer key to send (optional; gw needs one, the mock ignores it)
--   [3] model (default mock/echo)
-- The request is built once per thread; wrk reuses it for every call.
function init(args)
  local stream = args[1] == "stream"
  local key = args[2]
  local model = args[3] or "mock/echo"
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  if key ~= nil and key ~= "" then
    wrk.headers["Authorization"] = "Bearer " .. key
  end
  wrk.body = '{"model":"' .. model .. '","messages":[{"role":"user","content":"hi"}]'
    .. (stream and ',"stream":true' or '') .. '}'
end
