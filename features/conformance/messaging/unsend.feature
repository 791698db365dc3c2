@conformance @messaging @meta_verified @instagram_manage_messages @rejection_risk_4
Feature: An unsent message is marked, never lost
  When the user unsends a message, Meta sends a messages webhook with message.is_deleted true
  and the unsent message's mid [IGEX][IMWH] (meta-platform.md section 1.1). The guide's
  declared policy keeps the original record whatever the console shows
  (app-review-scenario.md, "Policies the submission declares"): an unsend must never lose
  data the contact center already holds. Rejection reason 4 (rejection-reasons.md): the
  unsend shows live as "Message deleted" in place of the message, a photo's too (the review
  was cancelled for it: chatwoot/chatwoot#7850, #9534); the stored half needs a console
  driver that can read the app's own records (capability stored_records).

  @stored_records
  Scenario: The contact center keeps the original text of a message the user unsent
    Given the agent is logged in and "Operating"
    And an Instagram test user who is a tester of the app
    And the test user has opened Direct with the business on Instagram
    When the test user sends the Direct message "My address is Rua Augusta 12"
    Then the message appears in the contact center as a new conversation
    When the test user unsends the message "My address is Rua Augusta 12"
    Then the contact center shows "Message deleted" in place of "My address is Rua Augusta 12"
    And the contact center still keeps the original text of the unsent message

  Scenario: An unsent message shows "Message deleted" live, in place of its text
    Given the agent is logged in and "Operating"
    And an Instagram test user who is a tester of the app
    And the test user has opened Direct with the business on Instagram
    When the test user sends the Direct message "Please cancel order 4471"
    Then the message appears in the contact center as a new conversation
    When the test user unsends the message "Please cancel order 4471"
    Then the contact center shows "Message deleted" in place of "Please cancel order 4471"

  Scenario: An unsent photo shows "Message deleted" and the photo no longer shows
    Given the agent is logged in and "Operating"
    And an Instagram test user who is a tester of the app
    And the test user has opened Direct with the business on Instagram
    When the test user sends a photo in Direct
    Then the message appears in the contact center as a new conversation
    When the test user unsends that message
    Then the contact center shows "Message deleted" in place of the photo
