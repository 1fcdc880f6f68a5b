"""Tokenizer for the expression language, and the one error type of the package.

Written by hand on plain characters (not Python's tokenizer) so the accepted syntax is exactly the
documented grammar, and every error carries the offset an author needs to find the mistake.
"""

from __future__ import annotations

import attrs

#: Longer sources are refused before any work is done, so hostile input costs nothing.
MAX_LENGTH = 1000

KEYWORDS = frozenset({"and", "or", "not", "true", "false"})

_OPERATORS = ("==", "!=", "<=", ">=", "<", ">", "+", "-", "*", "/", "(", ")", ",")

# Operators from other languages that authors are likely to type; each gets a pointed hint
# instead of a generic "unexpected character". Two-character forms are tried first.
_MISTAKES = {
    "**": ("there is no power operator", None),
    "//": ("expected '/'", "'/'"),
    "&&": ("expected 'and'", "'and'"),
    "||": ("expected 'or'", "'or'"),
    "=>": ("expected '>='", "'>='"),
    "=<": ("expected '<='", "'<='"),
    "<>": ("expected '!='", "'!='"),
    "=": ("expected '=='", "'=='"),
    "!": ("expected '!=' or 'not'", "'!=' or 'not'"),
    "&": ("expected 'and'", "'and'"),
    "|": ("expected 'or'", "'or'"),
    "%": ("there is no remainder operator", None),
    "^": ("there is no power operator", None),
}

_ESCAPES = {"\\": "\\", '"': '"', "'": "'"}
_SPACE = " \t\r\n"
_DIGITS = "0123456789"
_NAME_START = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_"
_NAME_CHARS = _NAME_START + _DIGITS
# Literals beyond 2**53 would silently lose precision once mixed with decimals.
_MAX_INT_DIGITS = 15


class ExprError(Exception):
    """A problem in an expression, located by a 0-based character offset into its source.

    `message` is complete and meant for a scenario author; `expected` repeats what would have been
    acceptable (when there is something useful to say) for tools that want it separately.
    """

    def __init__(self, message: str, offset: int, expected: str | None = None):
        # All arguments go to Exception so the error survives pickling (e.g. across worker processes).
        super().__init__(message, offset, expected)
        self.message = message
        self.offset = offset
        self.expected = expected

    def __str__(self) -> str:
        return self.message


@attrs.frozen
class Token:
    #: "num", "str", "name", "kw" (keyword), "op" or "eof".
    kind: str
    #: The exact source text (for "str" including the quotes).
    text: str
    pos: int
    #: Parsed value for "num" and "str" tokens.
    value: object = None


def describe_char(c: str) -> str:
    # Invisible or exotic characters are shown by code point so the author can find them.
    return f"'{c}'" if c.isprintable() and not c.isspace() else f"U+{ord(c):04X}"


def tokenize(source: str) -> list[Token]:
    """Split `source` into tokens, ending with an "eof" token; raises ExprError."""
    if not isinstance(source, str):
        raise ExprError(f"expected an expression written as text, got {type(source).__name__}", 0)
    if len(source) > MAX_LENGTH:
        raise ExprError(f"the expression is too long ({len(source)} characters; the limit is {MAX_LENGTH})",
                        MAX_LENGTH)
    tokens: list[Token] = []
    i, n = 0, len(source)
    while i < n:
        c = source[i]
        if c in _SPACE:
            i += 1
        elif c in _DIGITS or (c == "." and i + 1 < n and source[i + 1] in _DIGITS):
            tok = _number(source, i)
            tokens.append(tok)
            i += len(tok.text)
        elif c in _NAME_START:
            j = i + 1
            while j < n and source[j] in _NAME_CHARS:
                j += 1
            word = source[i:j]
            tokens.append(Token("kw" if word in KEYWORDS else "name", word, i))
            i = j
        elif c in "\"'":
            tok = _string(source, i)
            tokens.append(tok)
            i += len(tok.text)
        else:
            tok = _operator(source, i)
            tokens.append(tok)
            i += len(tok.text)
    tokens.append(Token("eof", "", n))
    return tokens


def _number(source: str, start: int) -> Token:
    n = len(source)
    if source[start] == ".":
        j = start + 1
        while j < n and source[j] in _DIGITS:
            j += 1
        raise ExprError(f"a decimal number needs a digit before the '.' (expected '0{source[start:j]}')",
                        start, expected=f"'0{source[start:j]}'")
    j = start
    while j < n and source[j] in _DIGITS:
        j += 1
    if j - start > _MAX_INT_DIGITS:
        raise ExprError(f"the number is too large (at most {_MAX_INT_DIGITS} digits before the decimal point)",
                        start)
    is_decimal = j < n and source[j] == "."
    if is_decimal:
        j += 1
        if j >= n or source[j] not in _DIGITS:
            raise ExprError("a decimal number needs a digit after the '.' (expected e.g. '1.0')", j - 1,
                            expected="a digit")
        while j < n and source[j] in _DIGITS:
            j += 1
    if j < n and (source[j] in _NAME_CHARS or source[j] == "."):
        raise ExprError(f"a number cannot be followed directly by {describe_char(source[j])}", j)
    text = source[start:j]
    return Token("num", text, start, float(text) if is_decimal else int(text))


def _string(source: str, start: int) -> Token:
    quote = source[start]
    chars: list[str] = []
    j, n = start + 1, len(source)
    while j < n:
        c = source[j]
        if c == quote:
            return Token("str", source[start:j + 1], start, "".join(chars))
        if c == "\\":
            if j + 1 >= n:
                break
            escaped = _ESCAPES.get(source[j + 1])
            if escaped is None:
                raise ExprError(f"unknown escape '\\{source[j + 1]}' in text (expected \\\\, \\\" or \\')", j,
                                expected="\\\\, \\\" or \\'")
            chars.append(escaped)
            j += 2
        else:
            chars.append(c)
            j += 1
    raise ExprError(f"unterminated string (expected a closing {quote})", start, expected=quote)


def _operator(source: str, start: int) -> Token:
    for width in (2, 1):
        text = source[start:start + width]
        if len(text) < width:
            continue
        if text in _MISTAKES:
            hint, expected = _MISTAKES[text]
            raise ExprError(f"'{text}' is not an operator ({hint})", start, expected=expected)
        if text in _OPERATORS:
            return Token("op", text, start)
    raise ExprError(f"unexpected character {describe_char(source[start])}", start)
