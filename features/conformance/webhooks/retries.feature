@conformance @webhooks @meta_verified @api_only @instagram_manage_messages
Feature: Meta retries a delivery that failed, and the message shows once
  Meta counts a delivery as failed on any answer but 200, or none within 5 s, and retries it:
  at once, then thinning out on its own clock [MPWH][GS] (meta-platform.md section 1,
  Delivery; Duplicates and order). The backoff is UNCONFIRMED: the simulator's default is
  0 s, 0 s, 10 s, 30 s, 1 min, 2 min, 5 min, 10 min, then every 15 min (architecture.md,
  retry_delays_s). Its clock is advanced, never waited for. When the answer is lost after the
  contact center took the message (a timeout, a dropped connection), the retry is a
  duplicate it must recognise.

  Background:
    Given the agent is logged in and "Operating"
    And an Instagram test user who is a tester of the app

  Scenario Outline: Meta's deliveries fail for a few minutes; after its retries the message shows once
    Given Meta's deliveries to the contact center fail with HTTP <status> for the next <minutes> minutes
    When the test user sends the Direct message "Hello, is my order shipped?"
    Then Meta's first delivery of that message fails with HTTP <status>
    When Meta retries on its clock until the contact center takes it
    Then the contact center took that message on a retry, <minutes> minutes or more after Meta's first attempt
    And the message appears in the contact center as a new conversation
    And the conversation shows the message "Hello, is my order shipped?" once

    Examples: What stands between Meta and the contact center
      | status | minutes |
      | 503    | 2       |
      | 502    | 3       |

  Scenario: The contact center's answer is lost: Meta's retry is a duplicate and shows once
    # The "drop" fault: the POST reaches the contact center, the answer never reaches Meta,
    # as when it comes after Meta's 5 s timeout [MPWH]; Meta sends the same event again.
    Given the contact center's answer to Meta's next delivery is lost on the way
    When the test user sends the Direct message "Can I pay on delivery?"
    Then Meta delivers that message twice, the second time after its first attempt failed
    And the message appears in the contact center as a new conversation
    And the conversation shows the message "Can I pay on delivery?" once
