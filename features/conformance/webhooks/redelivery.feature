@conformance @webhooks @meta_verified @api_only
Feature: Redelivered and duplicate webhooks
  Meta counts a delivery as failed when it gets no 200 within 5 s, and delivers it again:
  the same mid and timestamp, a new entry.time, so integrations must deduplicate [MPWH][GS]
  (meta-platform.md section 1, Delivery; Duplicates and order). The first attempt may well
  have been stored (the answer came too late), so the contact center answers the redelivery
  with 2xx (else Meta keeps retrying and, after an hour, disables the webhook [MPWH]) and
  shows the message once.

  Background:
    Given the agent is logged in and "Operating"
    And an Instagram test user who is a tester of the app

  Scenario: A message Meta redelivers shows once
    When the test user sends the Direct message "Where is my parcel?"
    Then the message appears in the contact center as a new conversation
    When a minute later Meta redelivers that message's webhook
    Then the redelivery carries the same message with a new entry time and a new signature
    And the contact center acknowledges the redelivery with a 2xx answer
    And the conversation shows the message "Where is my parcel?" once

  Scenario: The same webhook POST arriving twice shows once
    When the test user sends the Direct message "Can I change the size?"
    Then the message appears in the contact center as a new conversation
    When the same webhook POST reaches the contact center again, byte for byte
    Then the contact center acknowledges the duplicate with a 2xx answer
    And the conversation shows the message "Can I change the size?" once
