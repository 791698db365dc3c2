@conformance @webhooks @meta_verified @api_only @instagram_manage_messages
Feature: Several messages in one webhook POST
  Meta may batch up to 1000 updates in one POST: several entry[] objects, several events in
  one entry's messaging[] [GS][IGWH] (meta-platform.md section 1, Batching). The simulator
  sends one event per POST by default, as observed, so a contact center that reads only
  entry[0].messaging[0] passes every single-message check and then loses messages in
  production. Every event of a batch shows, once, in the order the user wrote them.

  Background:
    Given the agent is logged in and "Operating"
    And an Instagram test user who is a tester of the app

  Scenario Outline: Three messages in one POST all show, in order
    When Meta delivers the test user's messages "Hi", "I ordered a blue jacket" and "It is the wrong size" in one POST, <layout>
    Then the contact center accepts the webhook
    And the message appears in the contact center as a new conversation
    And the conversation shows "Hi", "I ordered a blue jacket" and "It is the wrong size" once each, in that order

    Examples: The two shapes Meta batches in
      | layout                  |
      | in one entry            |
      | in one entry each       |

  Scenario: A batch that repeats a message already shown adds only the new one
    # [MPWH] retries redeliver: a batch may carry an event the contact center already took.
    When the test user sends the Direct message "Do you have it in green?"
    Then the message appears in the contact center as a new conversation
    When Meta delivers that message again in one POST with the test user's next message "Or in red?"
    Then the contact center accepts the webhook
    And the conversation shows "Do you have it in green?" and "Or in red?" once each, in that order
