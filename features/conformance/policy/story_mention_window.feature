@conformance @policy @simulator_only @instagram_manage_messages @rejection_risk_9
Feature: A story mention opens the window the agent answers in
  A story mention reaches the app as a messages webhook with a story_mention attachment
  [IGEX][STORY] (meta-platform.md section 1.1), and the submission declares mentions
  "handled as Direct messages, by a human agent" (app-review-scenario.md): the agent answers
  it in Direct like any chat. A mention that opens no conversation the agent can answer is
  rejection reason 9 (chatwoot#12635, rejection-reasons.md). That the 24-hour window runs
  from the mention is UNCONFIRMED by Meta's pages (section 4 lists other openers): the
  simulator counts the mention, a message in the thread, as the user writing (so the tag
  is simulator_only).

  Scenario: The agent answers a story mention hours later, inside the window it opened
    Given the agent is logged in and "Operating"
    And an Instagram test user who is a tester of the app
    And the test user has opened Direct with the business on Instagram
    When on Instagram the test user publishes a story that mentions the business
    Then the story mention opens a conversation in the contact center
    When the user has written nothing more for 20 hours
    And the agent answers "Thank you for the mention!"
    Then the Instagram user sees the answer "Thank you for the mention!" in Direct
