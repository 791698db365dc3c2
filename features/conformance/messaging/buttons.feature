@conformance @messaging @meta_verified @instagram_manage_messages
Feature: Ice breakers, the persistent menu and Get Started open a conversation
  The business offers them with the Messenger Profile API (POST /me/messenger_profile?
  platform=instagram with ice_breakers, persistent_menu or get_started; IL/messaging-api/
  ice-breakers), and a tap reaches the app as a postback {"mid", "title", "payload"} on the
  messaging_postbacks field (meta-platform.md sections 1.1 and 2). A tap opens the 24-hour
  window like a message (section 4) and lets the app read the user's profile [IGPROF]: it
  opens a conversation showing what the user tapped.

  Background:
    Given the agent is logged in and "Operating"
    And an Instagram test user who is a tester of the app

  Scenario Outline: A tap on the <place> opens a conversation showing what was tapped
    Given the business offers the <place> "<title>" in Direct
    And the test user has opened Direct with the business on Instagram
    When the test user taps the <place> "<title>"
    Then a new conversation in the contact center shows that the user tapped "<title>"

    Examples: The business's buttons in Direct
      | place                | title                        |
      | ice breaker          | What are your opening hours? |
      | persistent menu item | Track my order               |
      | Get Started button   | Get Started                  |
