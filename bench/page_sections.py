"""Replacing one "## " section of a Markdown page: the suites (logic, learning) each own a section of docs/benchmarks.md."""


def splice(page, heading, section):
    """The page with its `heading` section (up to the next "## " heading) replaced, or the section appended."""
    lines = page.splitlines(keepends=True)
    start = next((i for i, l in enumerate(lines) if l.rstrip() == heading), None)
    if start is None:
        return page.rstrip("\n") + "\n\n" + section
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    rest = "".join(lines[end:])
    return "".join(lines[:start]) + section + ("\n" + rest if rest else "")
