"""``python -m wikifixture [--port N] [--pages FILE] ...``: serve the fixture wiki."""

from wikifixture.server import main

main()
