@conformance @policy @meta_verified @instagram_manage_messages
Feature: Answers inside the 24-hour window, with HUMAN_AGENT up to 7 days, never after
  The business may write to a user only after the user wrote, until 24 hours after the
  user's last message [IGSEND][MPSEND]; a human agent may answer up to 7 days after it, with
  the HUMAN_AGENT tag (the Human Agent feature App Review grants) [IGOV][IGAR]; after that
  Meta refuses the send with code 10, subcode 2534022 "This message is sent outside of
  allowed window" [MPERR] (meta-platform.md sections 3 and 4). Both ends are Meta's clock:
  the harness moves the simulator's clock and the contact center must learn it from Meta.

  A tag on every answer, inside 24 hours too, is rejection reason 7 (chatwoot#15887, five
  rejections); a refusal the agent is not told about is reason 8 (composio#3604): the agent
  believes the user was answered (rejection-reasons.md).

  Background:
    Given the agent is logged in and "Operating"
    And an Instagram test user who is a tester of the app
    And the test user has opened Direct with the business on Instagram
    And the test user's message "Do you ship to Lisbon?" is open in the contact center

  @rejection_risk_7
  Scenario Outline: An answer within 24 hours of the user's message goes out untagged
    When the user has written nothing more for <elapsed>
    And the agent answers "Yes, in two days."
    Then the Instagram user sees the answer "Yes, in two days." in Direct
    And Meta's Graph call log shows every answer so far went out without the HUMAN_AGENT tag

    Examples: Inside the standard window
      | elapsed  |
      | 1 minute |
      | 23 hours |

  @rejection_risk_7
  Scenario Outline: A human agent's follow-up 24 hours to 7 days later goes out with HUMAN_AGENT
    When the agent answers "Let me ask the warehouse."
    Then Meta's Graph call log shows every answer so far went out without the HUMAN_AGENT tag
    When the user has written nothing more for <elapsed>
    And the agent answers "It ships from Porto tomorrow."
    Then the Instagram user sees the answer "It ships from Porto tomorrow." in Direct
    And Meta's Graph call log shows the newest answer went out with the HUMAN_AGENT tag

    Examples: Past 24 hours, within 7 days
      | elapsed  |
      | 25 hours |
      | 6 days   |

  @rejection_risk_8
  Scenario Outline: Past 7 days Meta refuses the answer and the console tells the agent why
    When the user has written nothing more for <elapsed>
    And the agent tries to answer "Are you still there?"
    Then Meta refuses the answer as sent outside the allowed window (code 10, subcode 2534022)
    And the console tells the agent the answer was not sent because the messaging window has closed
    And the Instagram user never receives "Are you still there?"
    And the conversation does not show "Are you still there?" as sent

    Examples: Past the human agent's 7 days
      | elapsed   |
      | 169 hours |
      | 30 days   |

  @rejection_risk_7
  Scenario: A new message from the user opens a new 24-hour window, answered untagged
    When the user has written nothing more for 8 days
    And the test user sends the Direct message "Hello again, any news?"
    Then the conversation shows the message "Hello again, any news?"
    When the agent answers "Yes: it arrives tomorrow."
    Then the Instagram user sees the answer "Yes: it arrives tomorrow." in Direct
    And Meta's Graph call log shows every answer so far went out without the HUMAN_AGENT tag
