@conformance @policy @meta_verified @instagram_manage_messages
Feature: Send API errors: told to the agent, or retried until the answer arrives once
  Meta answers a refused call with {"error": {"message", "type", "code", "error_subcode"}}
  [GERR][MPERR] (meta-platform.md section 3). A token Meta no longer accepts is code 190
  (subcode 463 expired, 467 invalid, 460 password changed); a missing permission code 10 or
  200-299: the agent must be told why the answer did not go, as for a closed window. Rate
  limits (code 4 app, 17 user, 32 page, 613 / 2534040 the Send API's 100 calls/s [IGOV]) and
  transient errors (code 1 and 2, HTTP 500: "retry later" [GERR]) are not the agent's
  business: the contact center retries, and the user gets the answer exactly once. The
  simulator answers these on demand (/_sim/graph_faults, only codes Meta documents).

  Background:
    Given the agent is logged in and "Operating"
    And an Instagram test user who is a tester of the app
    And the test user has opened Direct with the business on Instagram
    And the test user's message "Where is my refund?" is open in the contact center

  Scenario Outline: Meta no longer accepts the access token: the agent is told, nothing is sent
    Given Meta no longer accepts the app's access token (code 190, subcode <subcode>)
    When the agent tries to answer "Your refund left today."
    Then the console tells the agent the answer was not sent because Meta refused the access token
    And the Instagram user never receives "Your refund left today."
    And the conversation does not show "Your refund left today." as sent

    Examples: Tokens Meta stops accepting
      | subcode | why              |
      | 463     | expired          |
      | 460     | password changed |

  Scenario Outline: Meta refuses a permission the app lacks: the agent is told
    Given Meta refuses the app's sends for a missing permission (code <code>)
    When the agent tries to answer "Your refund left today."
    Then the console tells the agent the answer was not sent because a permission is missing
    And the Instagram user never receives "Your refund left today."

    Examples: Permission errors
      | code | meaning                                             |
      | 10   | API Permission Denied                               |
      | 200  | requires instagram_business_manage_messages         |

  Scenario Outline: A rate limit or a transient error is retried and the answer arrives once
    Given Meta answers the next 2 sends with <error> (code <code>)
    When the agent answers "Your refund left today."
    Then the Instagram user sees the answer "Your refund left today." in Direct
    And the Instagram user has received "Your refund left today." exactly once
    And Meta's Graph call log shows 2 refused sends before the one Meta took

    Examples: Rate limits
      | error                  | code                 |
      | the app's rate limit   | 4                    |
      | the Send API's limit   | 613, subcode 2534040 |
      | the Page's rate limit  | 32                   |

    Examples: Transient errors
      | error                             | code |
      | "Service temporarily unavailable" | 2    |
      | "An unknown error occurred"       | 1    |
