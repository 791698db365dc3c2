@conformance @webhooks @meta_verified @api_only @rejection_risk_11
Feature: Echoes of the business's own messages
  Meta echoes every message the business sends, from any tool, as a messages webhook with
  message.is_echo true and sender and recipient swapped: the sender is the business's IG_ID
  [MPWH][IGEX] (meta-platform.md section 1.1). The contact center shows each one once, as
  outgoing; an echo shown as a new incoming message, or twice, is rejection reason #11
  (rejection-reasons.md).

  Background:
    Given the agent is logged in and "Operating"
    And an Instagram test user who is a tester of the app
    And the test user's message "Do you ship to Lisbon?" is open in the contact center

  Scenario: The agent's reply is echoed and shows once, as outgoing
    When the agent answers "Yes, in two days."
    Then Meta echoes "Yes, in two days." to the contact center
    And the conversation shows "Yes, in two days." once, as outgoing

  Scenario: A reply sent from another tool shows once, as outgoing
    When the business answers "We ship to Porto too." from another tool through the Send API
    Then Meta echoes "We ship to Porto too." to the contact center
    And the conversation shows "We ship to Porto too." once, as outgoing
