"""Reading what WeasyPrint lays out, for tests that compare a PDF with its page."""


def text_of(box) -> str:
    """A laid-out box's text, its lines joined by single spaces."""
    parts = []
    stack = [box]
    while stack:
        current = stack.pop(0)
        if hasattr(current, "text"):
            parts.append(current.text)
        stack[0:0] = list(getattr(current, "children", []))
    return " ".join(" ".join(parts).split())
