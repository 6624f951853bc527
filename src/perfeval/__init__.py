"""perfeval — score government performance self-evaluations against a rubric."""

__version__ = "0.1.0"
