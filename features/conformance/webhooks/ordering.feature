@conformance @webhooks @meta_verified @api_only
Feature: Messages in the order they were sent, not the order they arrived
  Meta retries a failed delivery later, so after failures webhooks do not arrive in the order
  the messages were sent; integrations order them by each event's timestamp [GS][MPWH]
  (meta-platform.md section 1, Duplicates and order). An agent reading a conversation out of
  order answers the wrong question.

  Background:
    Given the agent is logged in and "Operating"
    And an Instagram test user who is a tester of the app

  Scenario: Two messages delivered newest first show oldest first
    Given the test user wrote "Hi, I ordered a jacket" and a minute later "It arrived torn"
    When Meta delivers the webhook of "It arrived torn" before the webhook of "Hi, I ordered a jacket"
    Then the contact center accepts both webhooks
    And the message appears in the contact center as a new conversation
    And the conversation shows "Hi, I ordered a jacket" before "It arrived torn"
