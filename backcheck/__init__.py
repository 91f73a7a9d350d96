"""backcheck: an open symptom checker and triage assistant for upper and mid back pain."""

__all__ = ["__version__"]

__version__ = "0.1.0.dev0"
