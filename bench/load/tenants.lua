-- wrk: every request of a connection names the next of ten tenants, tenant-0 .. tenant-9 (bench/load/compare.sh)
local i = 0
request = function()
  i = (i + 1) % 10
  return wrk.format(nil, nil, { ["X-Tenant-Id"] = "tenant-" .. i })
end
