@conformance @webhooks @meta_verified @api_only @instagram_manage_messages
Feature: The App Dashboard's Test button
  The dashboard's "Test" button sends a sample update in the changes shape, not a messaging
  event: sender "12334", recipient "23245", text "random_text" (meta-platform.md section 1,
  Preconditions; a public fixture, chatwoot). It must be acknowledged with a 200, or the
  dashboard reports the callback broken, and it is nobody's message: no conversation, no
  notification, no contact named 12334.

  Background:
    Given the agent is logged in and "Operating"
    And an Instagram test user who is a tester of the app

  Scenario: The Test event is acknowledged and opens no conversation
    When the developer clicks "Test" beside the "messages" field in the App Dashboard
    Then the contact center acknowledges the Test event with a 200
    When the test user sends the Direct message "Hi, a real message"
    Then the message appears in the contact center as a new conversation
    And the conversation shows only the message "Hi, a real message"
    And the agent was notified of the test user's conversation only
