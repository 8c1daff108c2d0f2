-- Open comment prompts for the Healthcare Leadership Model 360. Wording is AssessKit's own.
-- Comments are shown verbatim in reports, grouped by rater group and never attributed.
return {
  { id = "strengths", text = "What does this person do well as a leader? Please give examples where you can." },
  { id = "more_or_differently", text = "What could this person do more of, or do differently, to be more effective?" },
  { id = "anything_else", text = "Is there anything else you would like to say that could help this person's development?" },
}
