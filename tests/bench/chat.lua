-- chat.lua - wrk script for tests/bench/run.sh: POST one chat completion.
-- Arguments (after `--` on the wrk command line):
--   [1] "stream" to ask for an SSE answer; "hit" for a deterministic request
--       (temperature 0) that gw's response cache answers after the first;
--       "miss" for the same request with x-gw-cache: write (looked up never,
--       keyed and stored every time: the cache's miss path); anything else
--       (or none) for a plain JSON request (not a cache candidate)
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
  local cached = args[1] == "hit" or args[1] == "miss"
  if args[1] == "miss" then
    wrk.headers["x-gw-cache"] = "write"
  end
  wrk.body = '{"model":"' .. model .. '","messages":[{"role":"user","content":"hi"}]'
    .. (stream and ',"stream":true' or '') .. (cached and ',"temperature":0' or '') .. '}'
end
