-- Unit tests of the item bank: the structure the instrument and its scoring rely on.
local bank = require "items"
local levels = require "levels"

describe("the item bank", function()
  it("has the nine dimensions in the model's order", function()
    local ids = {}
    for i, d in ipairs(bank) do ids[i] = d.id end
    expect(ids):to_equal({
      "inspiring_shared_purpose", "leading_with_care", "evaluating_information", "connecting_our_service",
      "sharing_the_vision", "engaging_the_team", "holding_to_account", "developing_capability",
      "influencing_for_results",
    })
  end)

  it("has five items per dimension, exactly one reverse-keyed", function()
    for _, d in ipairs(bank) do
      expect(#d.items):to_be(5)
      local reversed = 0
      for _, item in ipairs(d.items) do if item.reverse then reversed = reversed + 1 end end
      expect(reversed):to_be(1)
    end
  end)

  it("keeps items short: 6 to 16 words", function()
    for _, d in ipairs(bank) do
      for _, item in ipairs(d.items) do
        local words = select(2, item.text:gsub("%S+", ""))
        if words < 6 or words > 16 then error(item.id .. " has " .. words .. " words") end
      end
    end
  end)

  it("describes all four levels for every dimension", function()
    for _, d in ipairs(bank) do
      for _, level in ipairs({ "essential", "proficient", "strong", "exemplary" }) do
        expect(type(levels[d.id][level])):to_be("string")
      end
    end
  end)
end)
