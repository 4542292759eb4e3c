-- wrk: each request asks for the policy of one of 10,000 tenants (tenant00000.bench ... tenant09999.bench),
-- at random; with WRK_SEQUENTIAL set, each thread walks through all of them in turn (to warm the cache).
local counter = 0
offset = 0
local threads = 0

function setup(thread)
  thread:set("offset", threads * 5000)
  threads = threads + 1
end

math.randomseed(42)
local sequential = os.getenv("WRK_SEQUENTIAL") ~= nil

request = function()
  local i
  if sequential then
    counter = counter + 1
    i = (offset + counter) % 10000
  else
    i = math.random(0, 9999)
  end
  return wrk.format("GET", "/.well-known/mta-sts.txt", { ["Host"] = string.format("mta-sts.tenant%05d.bench", i) })
end
