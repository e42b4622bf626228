"""The one error a target raises when it stops part-way."""

from sources.links import mask_credentials


class PublishError(Exception):
    """A publish step failed. The live site is still the last complete publish; running again converges.

    The message never shows a credential: any address in it is masked (https://***@host/...).
    """

    def __init__(self, message: str = ""):
        super().__init__(mask_credentials(str(message)))
