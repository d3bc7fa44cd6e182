"""kurils: the reference atlas of the Kuril Islands dispute (pure logic; the app is app.py, atlas.py, view/)."""

__version__ = "0.1.0"
