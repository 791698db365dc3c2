@conformance @stories @meta_verified @instagram_manage_messages
Feature: A story mention opens a live conversation the agent can answer
  When a user mentions the business in their story, Meta sends a messages webhook whose
  attachment is {"type": "story_mention", "payload": {"url": <Meta's CDN URL>}}; the Graph
  API gives the story's link (GET /{mid}?fields=story) [IGEX][STORY] (meta-platform.md
  sections 1.1 and 2). Reviewers rejected contact centers that showed a mention only after a
  page refresh (rejection reason 1; chatwoot/chatwoot#6473, #8284), whose mention opened no
  conversation the agent could answer (reason 9; chatwoot/chatwoot#12635, #12581), that
  showed the story from a copy (reason 2) or the handle instead of the name (reason 6;
  rejection-reasons.md). A mention opens the 24-hour window like a message (section 4).

  Background:
    Given the agent is logged in and "Operating"
    And an Instagram test user who is a tester of the app
    And the test user has opened Direct with the business on Instagram

  @rejection_risk_1
  Scenario: A story mention opens a conversation showing the story, without a reload
    When on Instagram the test user publishes a story that mentions the business
    Then the story mention opens a new conversation in the contact center, live
    And the conversation shows the story the user posted

  @rejection_risk_9
  Scenario: The agent answers a story mention and the user sees the answer in Direct
    When on Instagram the test user publishes a story that mentions the business
    Then the story mention opens a new conversation in the contact center, live
    When the agent answers "Thank you for the mention!"
    Then the Instagram user sees the answer "Thank you for the mention!" in Direct

  @rejection_risk_1
  Scenario: A mention after an ended chat opens a new conversation
    When the test user sends the Direct message "Thanks, that was all."
    Then the message appears in the contact center as a new conversation
    When the agent clicks "End"
    Then the conversation is ended
    When on Instagram the test user publishes a story that mentions the business
    Then the story mention appears in the contact center as a new conversation

  @rejection_risk_2
  Scenario: The mentioned story shows from Meta's CDN, not a copy
    Given the test user's story mentioning the business is open in the contact center
    Then the conversation shows the mentioned story from the URL Meta's webhook carried

  @instagram_basic @rejection_risk_6
  Scenario: The mention's chat shows the name the Graph API gives for the user
    Given the test user's story mentioning the business is open in the contact center
    Then the conversation shows the Instagram user's name
    And the name was read from the user's profile in the Graph API
