@conformance @messaging @meta_verified @instagram_manage_messages
Feature: The user's reactions show on the message they are for
  A reaction arrives on the message_reactions field as {"reaction": {"mid", "action": "react",
  "reaction": "love", "emoji": "❤️"}}, and taking it back as {"action": "unreact"} with the
  same mid [IGEX][IGWH] (meta-platform.md section 1.1; reactions need v12+). The agent sees
  the reaction on the message it is for, and no longer once it is taken back.

  Background:
    Given the agent is logged in and "Operating"
    And an Instagram test user who is a tester of the app
    And the test user has opened Direct with the business on Instagram
    And the test user's message "Has my order shipped?" is open in the contact center
    And the agent has answered "Yes, it left our warehouse today."

  Scenario: A reaction shows on the message it is for
    When the test user reacts with love to "Yes, it left our warehouse today."
    Then the contact center shows the love reaction on "Yes, it left our warehouse today."

  Scenario: A reaction the user takes back no longer shows
    When the test user reacts with like to "Yes, it left our warehouse today."
    Then the contact center shows the like reaction on "Yes, it left our warehouse today."
    When the test user takes back the reaction to "Yes, it left our warehouse today."
    Then the contact center shows no reaction on "Yes, it left our warehouse today."
