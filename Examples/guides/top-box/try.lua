-- Try the rules by hand: assess lua top-box/try.lua
local rules = require "favourable"
local five = { min = 1, max = 5 }
print(rules.favourable(4, { id = "q1" }, five, 2))                  -- 4 is in the top two
print(rules.favourable(2, { id = "q3", reverse = true }, five, 2))  -- 2 turned round is 4
print(rules.favourable("na", { id = "q1" }, five, 2))               -- not applicable: nil
print(rules.share({ true, false, true }))
