"""The one error a target raises when it stops part-way."""


class PublishError(Exception):
    """A publish step failed. The live site is still the last complete publish; running again converges."""
