-- Reflective self-questions for the Healthcare Leadership Model self-assessment, two per dimension.
-- Dimension ids match Instruments/hlm-360/items.lua; all wording is AssessKit's own.
return {
  inspiring_shared_purpose = {
    "When did I last challenge something that did not feel right for patients?",
    "How clearly could I explain why my team's work matters to the people we serve?",
  },
  leading_with_care = {
    "When did I last ask a colleague how they were really coping?",
    "What do I do differently when I can see the team is under strain?",
  },
  evaluating_information = {
    "What evidence did I look for before my last significant decision?",
    "Whose perspective have I not yet sought on a problem I am working on?",
  },
  connecting_our_service = {
    "Which teams outside my own depend on the work we do, and how well do I know them?",
    "When did I last consider the knock-on effect of a decision on another service?",
  },
  sharing_the_vision = {
    "If I asked each member of my team where we are heading, what would they say?",
    "How recently have I explained the reasons behind a difficult decision?",
  },
  engaging_the_team = {
    "Whose voice have I heard least in recent team discussions, and why?",
    "When did I last change my mind because of a colleague's suggestion?",
  },
  holding_to_account = {
    "How would people know the standards I expect of them?",
    "Which conversation about performance have I been putting off, and what is holding me back?",
  },
  developing_capability = {
    "When did I last talk with someone in my team about their career?",
    "What piece of my own work could I hand to someone else as a chance to grow?",
  },
  influencing_for_results = {
    "How well do I understand what matters to the people I most need to persuade?",
    "When did I last build support for an idea before presenting it formally?",
  },
}
