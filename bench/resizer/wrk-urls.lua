-- wrk script: requests the URLs listed in a file (one path per line), in order, each thread starting at its
-- own offset so threads do not repeat each other; prints one machine-readable RESULT line.
-- usage: wrk ... -s wrk-urls.lua http://host:port -- URLFILE [OFFSET]
-- OFFSET (default 0) moves every thread's start, so repeated runs over one list of misses ask for new URLs
local threads = 0

function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end

function init(args)
  urls = {}
  for line in io.lines(args[1]) do
    if #line > 0 then urls[#urls + 1] = line end
  end
  i = (tonumber(args[2]) or 0) + (id or 0) * math.floor(#urls / 2)
end

function request()
  i = i + 1
  if i > #urls then i = 1 end
  return wrk.format("GET", urls[i])
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "RESULT requests=%d rps=%.1f p50_ms=%.1f p95_ms=%.1f p99_ms=%.1f non2xx=%d timeouts=%d\n",
    summary.requests, summary.requests / seconds, latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000, summary.errors.status,
    summary.errors.timeout))
end
