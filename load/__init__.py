"""Load mode: Instagram users as Locust users, through Meta's simulator or straight at the
system under test's webhook (direct mode). ``python -m load --help``; ``make load``.

Locust runs on gevent, so only ``locustfile.py`` (loaded by Locust's own processes) imports
it; the simulator and the system under test run in processes of their own, and the rest of
this package (the runner, the arithmetic, the signed bodies) is plain Python.
"""
