"""Cheap candidate gate and the parse-on-candidates component."""
