@conformance @access @meta_verified @api_only @instagram_manage_messages
Feature: With Advanced Access the app reaches everyone
  An app that passed App Review has Advanced Access and, published (Live), serves every
  Instagram user, not only people with a role on it [IMWH][IGAR] (meta-platform.md section 4,
  Access and Permissions). The contact center then gets the messages of strangers as it got
  its testers', and answers them: the Send API no longer refuses them with 200/2018028. The
  whole loop (the user writes, the agent reads and replies, the user sees it) is what the
  reviewer must see, not only the receiving half: rejection reason #3.

  Background:
    Given the agent is logged in and "Operating"

  @rejection_risk_3
  Scenario: A user with no role on a live app reaches the contact center and gets the answer
    Given the Meta app is live with Advanced Access
    And an Instagram user with no role on the app
    When that user sends the Direct message "First time here, do you ship to Lisbon?"
    Then that user's message appears in the contact center as a new conversation
    When the agent answers "Yes, in two days."
    Then that user sees the answer "Yes, in two days." in Direct
