@conformance @access @meta_verified @api_only @instagram_manage_messages @rejection_risk_5
Feature: In development mode only people with a role on the app reach the webhook
  Until the app has Advanced Access, only people with a role on it (admin, developer, tester)
  trigger webhooks [IMWH][IGWH] (meta-platform.md section 1, Preconditions; section 4,
  Access). Everyone else's Direct messages never arrive, although the dashboard's "Test"
  button works: rejection reason #5 (rejection-reasons.md). Nothing reaches the contact
  center, so the harness names the reason instead of timing out in silence. A role counts
  once the person has it: a tester added in App Roles (who accepted the invitation; the
  simulator skips the invitation) reaches the app from their next message on, and a message
  written before never arrives (Meta has no replay [MPWH]).

  Background:
    Given the agent is logged in and "Operating"
    And an Instagram test user who is a tester of the app

  Scenario: A user with no role writes: no webhook, no conversation, and a named reason
    Given an Instagram user with no role on the app
    When that user sends the Direct message "Hello? Anyone there?"
    Then Meta sends no webhook for that message
    And the harness explains that the app is in development mode and the user has no role on it
    When the test user sends the Direct message "Hi, I am a tester"
    Then the message appears in the contact center as a new conversation
    And the agent was notified of the test user's conversation only

  Scenario: A user added as a tester later reaches the contact center from then on
    Given an Instagram user with no role on the app
    When that user sends the Direct message "Is anybody reading this?"
    Then Meta sends no webhook for that message
    When the developer adds that user as a tester of the app
    And that user sends the Direct message "Now I am a tester, hello!"
    Then that user's message appears in the contact center as a new conversation
    And the conversation shows only the message "Now I am a tester, hello!"

  Scenario: The dashboard's Test arrives, a user without a role does not, and the harness says why
    # The reported trap (rejection-reasons.md #5): "Test" works, so the callback looks fine,
    # yet real users' messages never come. The Test button ignores roles and the app's mode.
    Given an Instagram user with no role on the app
    When the developer clicks "Test" beside the "messages" field in the App Dashboard
    Then the contact center acknowledges the Test event with a 200
    When that user sends the Direct message "Why does nobody answer?"
    Then Meta sends no webhook for that message
    And the harness explains that the app is in development mode and the user has no role on it
