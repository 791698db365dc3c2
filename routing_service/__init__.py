"""The reference contact center: the default system under test.

It knows Meta (here, the simulator) only by URL: webhooks in, Graph API calls out.
"""
