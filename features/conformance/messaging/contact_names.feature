@conformance @messaging @meta_verified @instagram_basic @rejection_risk_6
Feature: The chat shows the contact's name from their Instagram profile
  The contact center reads the user's name with GET /{IGSID}?fields=name,username,profile_pic,
  readable once the user has messaged the account [IGPROF] (meta-platform.md section 2), and
  shows that name on the chat: names wrong, random or the handle instead are rejection
  reason 6 (rejection-reasons.md; chatwoot/chatwoot#12789, #11297).

  Scenario: A Direct chat shows the name the Graph API gives for the user
    Given the agent is logged in and "Operating"
    And an Instagram test user who is a tester of the app
    And the test user has opened Direct with the business on Instagram
    When the test user sends the Direct message "Hello, is anyone there?"
    Then the message appears in the contact center as a new conversation
    And the conversation shows the Instagram user's name
    And the name was read from the user's profile in the Graph API
