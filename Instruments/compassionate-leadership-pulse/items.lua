-- Item bank for a short compassionate leadership team pulse, rated for agreement by team members.
-- Sections follow the four commonly described compassionate leadership behaviours plus inclusion.
-- Items describe the team member's own experience; all wording is AssessKit's own.
return {
  { id = "attending", title = "Attending",
    summary = "Being present with people and giving them real attention.",
    items = {
      { id = "at_1", text = "My manager gives me full attention when we talk" },
      { id = "at_2", text = "There is time in our team to talk through difficult situations" },
      { id = "at_3", text = "My manager seems distracted or hurried when I raise a concern", reverse = true },
    } },
  { id = "understanding", title = "Understanding",
    summary = "Taking time to make sense of the situations and pressures people face.",
    items = {
      { id = "un_1", text = "My manager takes time to understand the pressures I face at work" },
      { id = "un_2", text = "When problems arise, we explore the causes together before deciding what to do" },
      { id = "un_3", text = "My manager asks for my view of a situation before drawing conclusions" },
    } },
  { id = "empathising", title = "Empathising",
    summary = "Recognising and responding to how people feel.",
    items = {
      { id = "em_1", text = "My manager recognises when my work is emotionally demanding" },
      { id = "em_2", text = "Feelings about upsetting events at work are acknowledged in our team" },
      { id = "em_3", text = "Distress in our team tends to be brushed aside", reverse = true },
    } },
  { id = "helping", title = "Helping",
    summary = "Taking practical action to support people to do their work well.",
    items = {
      { id = "he_1", text = "My manager takes practical steps to make my job easier" },
      { id = "he_2", text = "Help is offered when my workload becomes unmanageable" },
      { id = "he_3", text = "Problems I raise with my manager are followed up with action" },
    } },
  { id = "inclusion", title = "Inclusion",
    summary = "Making sure everyone is treated fairly, valued and able to take part.",
    items = {
      { id = "in_1", text = "People in this team are treated fairly whatever their background" },
      { id = "in_2", text = "My ideas are taken seriously, even when they differ from others'" },
      { id = "in_3", text = "Some people in this team are routinely left out of decisions", reverse = true },
    } },
}
