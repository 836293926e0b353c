-- HTTP load for the chat endpoint with wrk (Debian package), from a second process:
--   wrk -t2 -c50 -d15s --latency -s scripts/load-http.lua http://127.0.0.1:3000/api/v1/flows/<flow id>/chat
-- Each request is a new message (unique message id) in one of 1,000 conversations.
local counter = 0
request = function()
  counter = counter + 1
  local body = string.format('{"conversationId":"c-%d","text":"hello %d","messageId":"%d-%d"}', counter % 1000, counter, counter, math.random(1, 1000000000))
  return wrk.format("POST", nil, { ["content-type"] = "application/json" }, body)
end
-- wrk itself counts answers other than 2xx ("Non-2xx or 3xx responses").
