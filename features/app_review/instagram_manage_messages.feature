@app_review @instagram_manage_messages @meta_verified
Feature: App Review of instagram_manage_messages
  Meta's reviewer follows our step-by-step by hand to see the permission in use: an
  Instagram user's Direct messages and story mentions reach the contact center, where a
  human agent reads them and answers, and the answers reach the user in Direct.
  (docs/app-review-scenario.md; rejection reasons 1, 3, 4, 9 of rejection-reasons.md)

  Background:
    Given the contact center is set up as the integration guide recommends
    And an Instagram test user who is a tester of the app

  @without_step13
  Scenario: The reviewer follows the 12 steps for instagram_manage_messages
    When the reviewer opens the contact center's URL in a browser
    And the reviewer fills in the agent's login and password
    And the reviewer clicks "ENTER"
    Then the application opens with the agent logged in
    When the browser asks to show notifications and the reviewer selects "Allow"
    And the reviewer selects "Return to operating" in the STATUS menu at the top left
    Then the agent's status is "Operating"
    When in another window the reviewer opens the business's Instagram page and logs in as the test user
    And Instagram asks "Save your login information?" and the reviewer selects "Not now"
    And the reviewer clicks "Send Message" and sends the Direct message "Hi! Is my order on its way?"
    Then the message appears in the contact center as a new conversation
    And the conversation shows the Instagram user's name
    And the conversation shows the message "Hi! Is my order on its way?"
    And the agent is notified of the new conversation
    When the agent answers "Hello! Yes, it ships today."
    Then the Instagram user sees the answer "Hello! Yes, it ships today." in Direct
    When the agent clicks "End"
    Then the conversation is ended
    When on Instagram the test user publishes a story that mentions the business
    Then the story mention appears in the contact center as a new conversation
    And the conversation shows the story from Meta's CDN
    When the agent answers "Thanks for the mention!"
    Then the Instagram user sees the answer "Thanks for the mention!" in Direct

  # Step 13 continues the 12 steps in the same windows, with the same user: one recording of
  # the whole flow. The guide saw the unsend webhook only from the Instagram phone app.
  @unsend
  Scenario: The reviewer follows the 12 steps, then the user unsends a message (step 13)
    When the reviewer opens the contact center's URL in a browser
    And the reviewer fills in the agent's login and password
    And the reviewer clicks "ENTER"
    Then the application opens with the agent logged in
    When the browser asks to show notifications and the reviewer selects "Allow"
    And the reviewer selects "Return to operating" in the STATUS menu at the top left
    Then the agent's status is "Operating"
    When in another window the reviewer opens the business's Instagram page and logs in as the test user
    And Instagram asks "Save your login information?" and the reviewer selects "Not now"
    And the reviewer clicks "Send Message" and sends the Direct message "Hi! Is my order on its way?"
    Then the message appears in the contact center as a new conversation
    And the conversation shows the Instagram user's name
    And the conversation shows the message "Hi! Is my order on its way?"
    And the agent is notified of the new conversation
    When the agent answers "Hello! Yes, it ships today."
    Then the Instagram user sees the answer "Hello! Yes, it ships today." in Direct
    When the agent clicks "End"
    Then the conversation is ended
    When on Instagram the test user publishes a story that mentions the business
    Then the story mention appears in the contact center as a new conversation
    And the conversation shows the story from Meta's CDN
    When the agent answers "Thanks for the mention!"
    Then the Instagram user sees the answer "Thanks for the mention!" in Direct
    When the test user sends the Direct message "Please cancel my order"
    Then the conversation shows the message "Please cancel my order"
    When the test user unsends the message "Please cancel my order"
    Then the contact center shows "Message deleted" in place of "Please cancel my order"
