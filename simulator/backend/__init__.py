"""Meta's rules, apart from HTTP: handlers parse a request, call these, and render the result.

Each module holds one resource's rules and raises ``simulator.errors.GraphError`` subclasses;
none of them reads a request or builds a response.
"""
