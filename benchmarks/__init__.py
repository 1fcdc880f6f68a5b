"""Benchmarks: `make bench` (or `python -m benchmarks [NAME...]`).

Every figure is measured against a baseline in the same run on the same machine and printed as
`name: value unit (ratio x vs baseline)`. Never run as timed assertions in the test suite.
"""
