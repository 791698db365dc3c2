@conformance @recovery @meta_verified @api_only @instagram_manage_messages
Feature: Down past Meta's threshold: "Webhooks Disabled", explained, and re-enabled
  After an hour of failed deliveries Meta marks the subscription "Webhooks Disabled" and
  unsubscribes the app from the account until it is subscribed again; what was waiting is
  dropped, and Meta has no replay API [MPWH] (meta-platform.md section 1, Delivery; the 36 h
  of [GS][IGWH] is the simulator's disable_after_s knob, section 6). Nothing arrives any more
  and the contact center cannot tell: the harness says so in plain words instead of a bare
  timeout. Saving the callback again (the handshake) and subscribing the account again resumes
  deliveries, from the next message on.

  Background:
    Given the agent is logged in and "Operating"
    And an Instagram test user who is a tester of the app
    And the contact center is down for 2 hours: Meta's deliveries get HTTP 503

  Scenario: An hour of failures: Meta disables the webhooks and the harness says so
    When the test user sends the Direct message "Hello, anyone?"
    And Meta keeps retrying on its clock for over an hour
    Then Meta lists the callback as disabled and no longer subscribed by the account
    And waiting for the conversation ends with the harness explaining that Meta disabled the webhooks

  Scenario: Saving the callback again resumes deliveries, from the next message on
    When the test user sends the Direct message "Hello, anyone?"
    And Meta keeps retrying on its clock for over an hour
    Then Meta lists the callback as disabled and no longer subscribed by the account
    When the contact center is back up
    And the developer saves the contact center's callback URL again with its verify token
    Then Meta saves the callback
    When the account subscribes the app again
    And the test user sends the Direct message "Trying again today"
    Then the message appears in the contact center as a new conversation
    And the conversation shows only the message "Trying again today"
