@app_review @instagram_basic @meta_verified
Feature: App Review of instagram_basic
  Meta's reviewer follows our step-by-step by hand to see why we need instagram_basic: the
  contact center shows the name of the Instagram user who writes, read from the user's
  profile in the Graph API, not a handle or a number.
  (docs/app-review-scenario.md step 9; rejection reason 6 of rejection-reasons.md)

  Background:
    Given the contact center is set up as the integration guide recommends
    And an Instagram test user who is a tester of the app

  Scenario: The reviewer follows the 12 steps for instagram_basic
    When the reviewer opens the contact center's URL in a browser
    And the reviewer fills in the agent's login and password
    And the reviewer clicks "ENTER"
    Then the application opens with the agent logged in
    When the browser asks to show notifications and the reviewer selects "Allow"
    And the reviewer selects "Return to operating" in the STATUS menu at the top left
    Then the agent's status is "Operating"
    When in another window the reviewer opens the business's Instagram page and logs in as the test user
    And Instagram asks "Save your login information?" and the reviewer selects "Not now"
    And the reviewer clicks "Send Message" and sends the Direct message "Hello, who am I talking to?"
    Then the message appears in the contact center as a new conversation
    And the conversation shows the Instagram user's name
    And the name was read from the user's profile in the Graph API
    And the conversation shows the message "Hello, who am I talking to?"
    When the agent answers "Hi! This is the support team."
    Then the Instagram user sees the answer "Hi! This is the support team." in Direct
    When the agent clicks "End"
    Then the conversation is ended
    When on Instagram the test user publishes a story that mentions the business
    Then the story mention appears in the contact center as a new conversation
    And the conversation shows the Instagram user's name
    And the conversation shows the story from Meta's CDN
