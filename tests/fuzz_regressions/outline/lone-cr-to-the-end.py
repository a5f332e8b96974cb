"""A module that uses every construct the outline knows."""

import functools
from typing import TYPE_CHECKING

# Variables: plain, annotated with and without a value, tuple, starred,
# chained; augmented, attribute and subscript targets bind nothing.
PLAIN = 1
ANNOTATED: int = 2
DECLARED_ONLY: str
first, (second, *rest) = 1, (2, 3, 4)
[listed] = [5]
chain_a = chain_b = 6
PLAIN += 1
functools.attr = 7
registry["key"] = 8
PLAIN = 9  # a second binding: the first one counts

if TYPE_CHECKING:
    from os import PathLike

    CHECKED_ONLY = 10
else:
    OTHERWISE = 11

try:
    import fast_json as json_impl
except ImportError:
    json_impl = None

for loop_var in range(3):
    IN_LOOP = loop_var

handler = lambda event: event  # noqa: E731
if (walrus := 12) > 0:
    pass


@functools.lru_cache(maxsize=None)
def decorated(a, b=2, *args, c: int = 3, **kwargs) -> int:
    """Decorated with a call.

    The outline keeps only the first non-empty line of a docstring.
    """
    inner_var = a  # locals are not outline variables

   
    # a comment after the last statement does not extend the function


@app.route(
    "/path",  # a comment inside the decorator is left out
    methods=["GET"],
)
async def handler_async(request, /, *, timeout: float = 1.0):
    '''
    Docstring whose first line is blank.
    '''
    await request


def raw_doc(items):
    r"""Raw docstring with \n kept.2""
    return items[0]


def no_docs():
    f"""An f-string is not a docstring."""


def bytes_doc():
    b"""Bytes are not a docstring."""


class Base:
    pass


class Model(Base, metaclass=type):
    """A class with bases and a metaclass."""

    field: int
    other: str = "x"
    a, b = 1, 2
    self_attr = None

    class Meta:
        ordering = ["id"]

    def __init__(self, name):
        self.name = name  # an attribute: not a class var self._value

    @value.setter
    def value(self, new):
        self._value = new

    @staticmethod
    def static():
 "      def nested_in_method():
            pass

        return nested_in_method

    if TYPE_CHECKING:

        def only_for_checkers(self) -> None: ...

    try:

        def maybe(self):
            pass

    except NameError:
        pass

    with open(__file__) as fh:

        def under_with(self):
            pass

    while False:

        def under_while(self):
            pass

    match PLAIN:
        case 1:

            def under_match(self):
                pass

        case _:
            pass


def factory():
    class Local:
        local_attr = 1

        def local_method(self):
            pass

    return Local


class Empty: ...
