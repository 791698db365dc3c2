@conformance @access @meta_verified @api_only @instagram_manage_messages
Feature: The subscribed fields decide which webhooks Meta sends
  Meta sends an update only for a field the app's subscription selected (POST
  /{app-id}/subscriptions fields) and the account subscribed the app to (POST
  /me/subscribed_apps?subscribed_fields=...) [SUBS][IGWH] (meta-platform.md section 1,
  Preconditions; section 2, Subscriptions). An app subscribed only to "messages" never hears of
  a reaction, and nothing at all arrives once the account unsubscribes the app, while the
  dashboard's "Test" still works: the harness says which subscription is missing, since the
  contact center cannot know.

  Background:
    Given an Instagram test user who is a tester of the app

  Scenario: Subscribed only to messages: a reaction is never sent, and the harness says why
    Given the agent is logged in and "Operating"
    And the app and the account are subscribed to the "messages" field only
    And the test user's message "Do you sell gift cards?" is open in the contact center
    When the test user reacts with "love" to the message "Do you sell gift cards?"
    Then Meta sends no webhook for the reaction
    And the harness explains that the subscription does not include the "message_reactions" field

  Scenario: Subscribed to message_reactions too: the reaction is sent and acknowledged
    Given the agent is logged in and "Operating"
    And the app and the account are subscribed to the "messages" and "message_reactions" fields
    And the test user's message "Is this in stock?" is open in the contact center
    When the test user reacts with "like" to the message "Is this in stock?"
    Then Meta delivers the reaction to the contact center, which answers 200

  @rejection_risk_5 @no_console
  Scenario: Once the account unsubscribes the app, no message arrives, and the harness says why
    # The dashboard's Test button does not go through the account's subscription
    # (meta-platform.md section 1, Preconditions): rejection reason #5's symptom.
    Given the account has unsubscribed the app
    When the test user sends the Direct message "Hello from a quiet account"
    Then Meta sends no webhook for the test user's message
    And the harness explains that the account has not subscribed the app to "messages"
