"""kg: a knowledge graph of the actors, decisions and figures of Vietnam's 2025 local-government reform."""
__version__ = "0.1.0"
