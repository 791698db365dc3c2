@conformance @messaging @meta_verified @instagram_manage_messages
Feature: A message the API does not carry is shown as such, not dropped
  Some of what users send in Direct is not carried by the API: Meta's webhook then marks the
  message "is_unsupported": true [IMWH] (meta-platform.md section 1.1). The agent must still
  see that the user sent something, and that it is to be looked at in Instagram.

  Scenario: An unsupported message shows, marked as one to open in Instagram
    Given the agent is logged in and "Operating"
    And an Instagram test user who is a tester of the app
    And the test user has opened Direct with the business on Instagram
    And the test user's message "Look at this!" is open in the contact center
    When the test user sends something the API does not carry, which Meta marks unsupported
    Then the conversation shows a message marked as one to open in Instagram, not dropped
