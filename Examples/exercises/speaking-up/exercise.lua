-- Speaking up about patient safety: a branching scenario on a medical ward. The path depends on
-- the participant's choices; the feedback at the end is tied to the four compassionate leadership
-- behaviours: attending, understanding, empathising and helping. Wording written for AssessKit.

local behaviours = {
  { id = "attending", title = "Attending",
    strong = "You noticed what was happening and gave it your full attention, even under pressure.",
    develop = "Try to pause and really take in what you are seeing and hearing before moving on." },
  { id = "understanding", title = "Understanding",
    strong = "You tried to find out what lay behind the situation rather than assuming.",
    develop = "Asking open questions helps you understand a colleague's view before deciding what to do." },
  { id = "empathising", title = "Empathising",
    strong = "You recognised how your colleague and the patient might be feeling.",
    develop = "Acknowledging the pressure others are under makes it easier for them to hear a concern." },
  { id = "helping", title = "Helping",
    strong = "You took practical action to keep the patient safe and support your colleague.",
    develop = "Offer something concrete: a second check, a call to the prescriber, help with the workload." },
}

return assess.exercise {
  api = 1, id = "speaking-up", version = "1.0.0",
  title = "Speaking up about patient safety",
  description = "A branching ward scenario about raising a medication safety concern with a senior colleague.",
  run = function(ui, ctx)
    local points = { attending = 0, understanding = 0, empathising = 0, helping = 0 }
    local path = {}
    local function credit(list)
      for _, b in ipairs(list) do points[b] = points[b] + 1 end
    end

    ui.say { title = "Ward 7, 10:05",
             text = "You are a staff nurse on a busy medical ward. Two colleagues are off sick. Sam, a senior nurse you respect, is preparing an intravenous antibiotic for Mr Okoro in bay 3. Passing the trolley, you see the drug is co-amoxiclav. You remember reading at handover that Mr Okoro reported a penicillin allergy yesterday." }

    local first = ui.choose { id = "notice", title = "What do you do?",
      text = "Sam is about to go into bay 3 with the antibiotic.",
      options = {
        { id = "stop", text = "Ask Sam to wait a moment: you think there may be an allergy recorded" },
        { id = "check", text = "Check the drug chart and allergy band yourself before saying anything" },
        { id = "leave", text = "Say nothing: Sam is experienced and will have checked" },
      } }
    path[#path + 1] = first

    local spoke
    if first == "stop" then
      credit({ "attending", "helping" })
      spoke = true
    elseif first == "check" then
      credit({ "attending", "understanding" })
      local confirmed = ui.confirm { id = "chart_confirms", title = "The chart",
        text = "The allergy is recorded on the chart, but Sam is already at the bedside. Do you go in and raise it now?",
        yes = "Go in now", no = "Wait until Sam comes out" }
      path[#path + 1] = confirmed and "go_in" or "wait"
      if confirmed then credit({ "helping" }) end
      spoke = confirmed
    else
      spoke = false
    end

    if spoke then
      local reply = ui.choose { id = "sam_pushes_back", title = "Sam's reply",
        text = "Sam looks irritated: \"I've been doing this for twenty years. The doctor prescribed it, I'm running behind.\" What do you say?",
        options = {
          { id = "acknowledge", text = "\"I know you're stretched today. Could we look at the chart together for a second? I'd feel awful if I hadn't said.\"" },
          { id = "ask", text = "\"Have you seen the allergy note from yesterday? I may have misread it.\"" },
          { id = "insist", text = "\"You can't give that. I'm going to report this.\"" },
          { id = "back_down", text = "\"Sorry, you're right, ignore me.\"" },
        } }
      path[#path + 1] = reply
      if reply == "acknowledge" then credit({ "empathising", "helping" })
      elseif reply == "ask" then credit({ "understanding" })
      elseif reply == "insist" then credit({ "attending" })
      end
      if reply == "back_down" then spoke = false end
    end

    local harmed = false
    if not spoke then
      harmed = true
      ui.say { title = "Ten minutes later",
               text = "A healthcare assistant calls you to bay 3: Mr Okoro is flushed, itchy and wheezy. Sam has stopped the infusion and pressed the call bell." }
      local act = ui.choose { id = "reaction", title = "What do you do now?",
        text = "Sam is with the patient and the crash team has not yet arrived.",
        options = {
          { id = "support", text = "Go straight in, support Sam with the anaphylaxis protocol and tell the nurse in charge" },
          { id = "blame", text = "Tell Sam you thought there was an allergy" },
          { id = "stay_away", text = "Stay with your own patients: Sam has called for help" },
        } }
      path[#path + 1] = act
      if act == "support" then credit({ "helping", "attending" })
      elseif act == "blame" then credit({})
      end
    end

    ui.say { title = "Afterwards",
             text = harmed and "Mr Okoro recovered after treatment. The ward manager asks the team to reflect on what happened."
                        or "The doctor reviews the prescription and changes the antibiotic. The ward manager hears what happened and asks to talk it through." }

    local reflection = ui.text { id = "reflection", title = "Reflection",
      text = "What would make it easier for you, or anyone on the team, to speak up next time?", min_length = 10, max_length = 600 }
    ui.record("reflection_length", utf8.len(reflection) or #reflection)

    local confidence = ui.rate { id = "confidence", title = "Your confidence",
      text = "How confident do you feel about raising a safety concern with a senior colleague?", min = 1, max = 5,
      labels = { "Not at all", "A little", "Somewhat", "Quite", "Very" } }

    local feedback = {}
    for _, b in ipairs(behaviours) do
      feedback[#feedback + 1] = { behaviour = b.id, title = b.title, points = points[b.id],
                                  level = points[b.id] >= 1 and "shown" or "to develop",
                                  note = points[b.id] >= 1 and b.strong or b.develop }
    end
    local summary = spoke and "You raised the concern before the drug was given." or
      "The concern was not raised in time: the patient came to harm."
    ui.say { title = "Feedback", text = summary }
    for _, f in ipairs(feedback) do
      ui.say { text = f.title .. " (" .. f.level .. "): " .. f.note }
    end
    return { spoke_up = spoke, patient_harmed = harmed, path = path, behaviours = feedback, confidence = confidence }
  end,
}
