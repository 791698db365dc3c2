@conformance @routing @simulator_only @instagram_manage_messages
Feature: Eight simultaneous positions, and a queue beyond them
  The integration guide's set-up gives the one agent "8 simultaneous positions" (the seeds/
  guide: "Deixe ativado as 8 posições de atendimento simultâneas"; app-review-scenario.md,
  "Preconditions"): eight users write and the agent holds eight open chats. A ninth waits
  in the queue until a chat ends, then reaches the agent with everything it wrote: a
  contact center that drops, or silently holds back, a waiting user loses a customer.
  These are the guide's rules for a contact center, not Meta facts (hence @simulator_only);
  how many chats are open and how many wait is what the console shows (capability
  queue_view).

  Scenario: Eight users write at once and the agent holds eight open chats
    Given the agent is logged in and "Operating"
    And 8 Instagram users who are testers of the app
    When the first 8 of them send a Direct message each
    Then the agent holds 8 open chats, each showing its user's message

  @queue_view
  Scenario: A ninth user waits in the queue and reaches the agent when a chat ends
    Given the agent is logged in and "Operating"
    And 9 Instagram users who are testers of the app
    When the first 8 of them send a Direct message each
    Then the agent holds 8 open chats, each showing its user's message
    When the 9th user sends a Direct message
    Then the console shows 8 open chats and 1 waiting
    When the agent clicks "End"
    Then the 9th user's conversation reaches the agent with everything written
    And the console shows 8 open chats and 0 waiting

  @queue_view
  Scenario: Users waiting in the queue reach the agent in the order they wrote
    Given the agent is logged in and "Operating"
    And 10 Instagram users who are testers of the app
    When the first 8 of them send a Direct message each
    Then the agent holds 8 open chats, each showing its user's message
    When the 9th user sends a Direct message
    Then the console shows 8 open chats and 1 waiting
    When the 10th user sends a Direct message
    Then the console shows 8 open chats and 2 waiting
    When the agent clicks "End"
    Then the 9th user's conversation reaches the agent with everything written
    And the console shows 8 open chats and 1 waiting
