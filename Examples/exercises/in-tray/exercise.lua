-- A timed in-tray: a ward manager's Monday morning messages to prioritise and act on within 20
-- minutes. Priorities and actions are marked against a key; the two written replies are marked
-- later by an assessor against a rubric (assess attempts mark ATTEMPT PROMPT MARK).
-- Time comes from ctx.now() (the time of the latest answer), so replays and resumes give the
-- same result. Wording written for AssessKit.

local BUDGET = 20 * 60

local priorities = {
  { id = "now", text = "Now: within the hour" },
  { id = "today", text = "Today" },
  { id = "week", text = "This week" },
  { id = "later", text = "Later, or not at all" },
}
local priority_rank = { now = 1, today = 2, week = 3, later = 4 }

local actions = {
  { id = "self", text = "Deal with it myself" },
  { id = "delegate", text = "Delegate it to the nurse in charge or the ward clerk" },
  { id = "escalate", text = "Escalate to the matron" },
  { id = "none", text = "No action needed" },
}

local reply_rubric = {
  { mark = 0, text = "Does not address the concern, or is dismissive" },
  { mark = 1, text = "Addresses the concern but is vague about what happens next" },
  { mark = 2, text = "Clear, kind and specific about next steps" },
  { mark = 3, text = "As 2, and shows understanding of the person's position and offers support" },
}

local messages = {
  { id = "m1", from = "Bed manager (07:52)", priority = "now", action = "self",
    text = "ED has two patients waiting over 12 hours for a medical bed. Can Ward 7 take one before 09:00? Let me know which bed." },
  { id = "m2", from = "Voicemail from Mrs Ahmed's daughter (Sunday 19:10)", priority = "today", action = "self", reply = true,
    text = "My mother's hearing aids went missing on Friday. Nobody has called me back and she cannot hear the doctors. I want to know what is being done." },
  { id = "m3", from = "Practice development team", priority = "week", action = "delegate",
    text = "Reminder: the ward's mandatory training figures are due on Friday. Yours show three staff out of date for basic life support." },
  { id = "m4", from = "Text from Priya, staff nurse (06:40)", priority = "today", action = "self", reply = true,
    text = "Sorry to message so early. I don't think I can keep doing nights. I've been in tears after the last three shifts. Can we talk?" },
  { id = "m5", from = "Pharmacy", priority = "now", action = "escalate",
    text = "The controlled drug check at 06:00 found a discrepancy of one ampoule of morphine in the Ward 7 register. Please contact us this morning." },
  { id = "m6", from = "Catering", priority = "later", action = "none",
    text = "You are invited to taste the new winter menu on Thursday at 14:00 in the staff restaurant." },
}

return assess.exercise {
  api = 1, id = "in-tray", version = "1.0.0",
  title = "Ward manager's in-tray",
  description = "Prioritise and act on six messages in 20 minutes; two replies are marked by an assessor.",
  run = function(ui, ctx)
    ui.say { title = "Monday, 08:00",
             text = "You are the ward manager of Ward 7, a 28-bed medical ward, back after a weekend off. You have **20 minutes** before the safety huddle. For each message, choose its priority and what you will do. Two need a short written reply." }

    local function remaining() return BUDGET - (ctx.now() - ctx.started) end

    local auto, auto_max = 0, 0
    local items, replies = {}, {}
    local dealt = 0
    for i, m in ipairs(messages) do
      local item = { id = m.id, priority = nil, action = nil, marks = 0 }
      items[#items + 1] = item
      auto_max = auto_max + 4
      if remaining() <= 0 then
        item.status = "not reached"
      else
        local heading = "Message " .. i .. " of " .. #messages .. ": " .. m.from
        local p = ui.choose { id = m.id .. "_priority", title = heading, text = m.text .. "\n\nHow urgent is it?",
                              options = priorities, timeout = remaining() }
        local a
        if p ~= nil and remaining() > 0 then
          a = ui.choose { id = m.id .. "_action", text = "What will you do about it?", options = actions, timeout = remaining() }
        end
        item.priority, item.action = p, a
        if p ~= nil then
          local distance = math.abs(priority_rank[p] - priority_rank[m.priority])
          item.marks = item.marks + (distance == 0 and 2 or distance == 1 and 1 or 0)
        end
        if a == m.action then item.marks = item.marks + 2 end
        auto = auto + item.marks
        item.status = (p ~= nil and a ~= nil) and "dealt with" or "ran out of time"
        if item.status == "dealt with" then dealt = dealt + 1 end
        if m.reply and a ~= nil and remaining() > 0 then
          local reply = ui.text { id = m.id .. "_reply", text = "Write your reply (a few sentences).", min_length = 20,
                                  max_length = 800, timeout = remaining() }
          if reply ~= nil then
            replies[#replies + 1] = ui.assessor { id = m.id .. "_reply_mark", about = m.id .. "_reply",
              text = "Mark the reply to: " .. m.from, rubric = reply_rubric }
            or false
          end
        end
      end
    end
    if remaining() <= 0 then ui.say { title = "Time is up", text = "The safety huddle is starting." } end

    local assessed, assessed_max, pending = 0, 0, false
    for _, mark in ipairs(replies) do
      assessed_max = assessed_max + 3
      if mark == false then pending = true else assessed = assessed + mark end
    end
    ui.record("minutes_used", (math.min(BUDGET, ctx.now() - ctx.started) + 59) // 60)
    return {
      dealt_with = dealt, messages = #messages, items = items,
      keyed = { score = auto, max = auto_max },
      assessed = { score = assessed, max = assessed_max, pending = pending },
      total = (not pending) and { score = auto + assessed, max = auto_max + assessed_max } or nil,
    }
  end,
}
