"""Pydantic models: the rubric, the submission and the result (Scorecard)."""
