@conformance @stories @meta_verified @instagram_manage_messages
Feature: Replies to the business's story show with the story and can be answered
  A reply to the business's story is a Direct message whose reply_to.story carries the
  story's Meta CDN url and id [IGEX] (meta-platform.md section 1.1). The agent sees which
  story the user answers, shown from that URL (a copy is rejection reason 2,
  rejection-reasons.md), and answers in Direct like any message: the reply opens the 24-hour
  window (section 4).

  Background:
    Given the agent is logged in and "Operating"
    And an Instagram test user who is a tester of the app
    And the test user has opened Direct with the business on Instagram

  @rejection_risk_2
  Scenario: A story reply shows the story it answers, from Meta's CDN
    When the test user replies "Is the blue dress still available?" to the business's story
    Then the message appears in the contact center as a new conversation
    And the conversation shows the message "Is the blue dress still available?"
    And the conversation shows the story it answers, from the URL Meta's webhook carried

  Scenario: The agent answers a story reply and the user sees the answer in Direct
    When the test user replies "Do you ship this to Porto?" to the business's story
    Then the message appears in the contact center as a new conversation
    When the agent answers "Yes, in two to three days."
    Then the Instagram user sees the answer "Yes, in two to three days." in Direct
