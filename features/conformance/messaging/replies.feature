@conformance @messaging @meta_verified @instagram_manage_messages
Feature: Inline replies and quick replies show what the user answered
  An inline reply is a text message with reply_to.mid, the mid of the message it answers; a
  tapped quick reply is a text message (the reply's title) with quick_reply.payload [IGEX]
  (meta-platform.md section 1.1). The business offers quick replies with the Send API's
  message.quick_replies [IGSEND]. The agent must see which message a reply answers.

  Background:
    Given the agent is logged in and "Operating"
    And an Instagram test user who is a tester of the app
    And the test user has opened Direct with the business on Instagram
    And the test user's message "Do you have this shirt in other colours?" is open in the contact center

  Scenario: An inline reply shows the message it answers
    When the agent answers "We have it in blue and in red."
    And the test user replies "Red, please. Size M." to the message "We have it in blue and in red."
    Then the conversation shows "Red, please. Size M." as a reply quoting "We have it in blue and in red."

  Scenario: A tapped quick reply shows as the user's answer
    When the business asks "Which size?" with the quick replies "Small" and "Large"
    And the test user taps the quick reply "Large"
    Then the conversation shows the message "Large"
