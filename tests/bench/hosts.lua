-- wrk: each request asks for the policy of one of 10,000 tenants (tenant00000.bench ... tenant09999.bench), at random.
math.randomseed(42)

request = function()
  local host = string.format("mta-sts.tenant%05d.bench", math.random(0, 9999))
  return wrk.format("GET", "/.well-known/mta-sts.txt", { ["Host"] = host })
end
