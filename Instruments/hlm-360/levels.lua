-- Level descriptors for the nine Healthcare Leadership Model dimensions.
-- Level names (Essential, Proficient, Strong, Exemplary) are the model's; descriptors are AssessKit's own.
-- Each level describes wider reach and impact than the one before; levels are not tied to grade or role.
return {
  inspiring_shared_purpose = {
    essential = "Acts in line with agreed values and raises concerns when care falls short.",
    proficient = "Consistently links own and the team's work to patient benefit and challenges poor practice.",
    strong = "Helps others across the service connect with shared values and speak up with confidence.",
    exemplary = "Shapes an organisation-wide culture where shared purpose and the courage to challenge are normal.",
  },
  leading_with_care = {
    essential = "Notices how colleagues are feeling and shows consideration in everyday contact.",
    proficient = "Responds to the emotional needs of the team with timely, practical support.",
    strong = "Builds a team climate where wellbeing is discussed openly and supported as a matter of routine.",
    exemplary = "Establishes ways of working that sustain compassion and wellbeing across the wider organisation.",
  },
  evaluating_information = {
    essential = "Gathers relevant information and uses it to inform own day-to-day decisions.",
    proficient = "Weighs information from several sources and questions assumptions before acting.",
    strong = "Encourages the team to use evidence and fresh thinking to solve difficult problems.",
    exemplary = "Builds an organisational culture of enquiry in which evidence and creativity drive improvement.",
  },
  connecting_our_service = {
    essential = "Understands how own work fits with that of neighbouring teams and services.",
    proficient = "Works across team boundaries to improve the coordination of care.",
    strong = "Builds lasting partnerships across departments and organisations to improve patients' journeys.",
    exemplary = "Shapes connections across the wider health and care system for the benefit of communities.",
  },
  sharing_the_vision = {
    essential = "Communicates clearly and keeps colleagues informed about what is happening.",
    proficient = "Explains where the team is heading and how each person contributes to it.",
    strong = "Conveys a convincing picture of the future that keeps people motivated through uncertainty.",
    exemplary = "Articulates a vision that unites people across organisations behind long-term goals.",
  },
  engaging_the_team = {
    essential = "Values colleagues' contributions and includes them in the work of the team.",
    proficient = "Actively involves team members in decisions and recognises their efforts.",
    strong = "Creates a team climate in which everyone feels able to contribute and to challenge.",
    exemplary = "Fosters high engagement across many teams and sustains commitment through demanding change.",
  },
  holding_to_account = {
    essential = "Takes responsibility for own work and delivers what has been agreed.",
    proficient = "Sets clear expectations for others and gives regular feedback on performance.",
    strong = "Tackles underperformance constructively while giving people real ownership of outcomes.",
    exemplary = "Builds a culture of high standards and mutual accountability across the organisation.",
  },
  developing_capability = {
    essential = "Takes charge of own learning and shares knowledge with colleagues.",
    proficient = "Supports the development of team members through feedback and learning opportunities.",
    strong = "Plans for people's long-term growth, including stretching assignments and succession.",
    exemplary = "Champions the development of talent across the organisation and the wider system.",
  },
  influencing_for_results = {
    essential = "Puts forward own views clearly and considers how others are likely to receive them.",
    proficient = "Adapts approach to win the support of colleagues with different priorities.",
    strong = "Builds alliances across services to reach agreement on complex or contested issues.",
    exemplary = "Influences decisions at organisation and system level to secure better outcomes for patients.",
  },
}
