"""kurils: the reference atlas of the Kuril Islands dispute (pure logic; the app lives in app.py/pages)."""

__version__ = "0.1.0"
