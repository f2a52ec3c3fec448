"""Replacing parts of a Markdown page: the suites (logic, learning, GPU) each own a "## " section of
docs/benchmarks.md, and bench/report.py owns the top of it, up to the first section written by hand."""


def splice(page, heading, section):
    """The page with its `heading` section (up to the next "## " heading) replaced, or the section appended."""
    lines = page.splitlines(keepends=True)
    start = next((i for i, l in enumerate(lines) if l.rstrip() == heading), None)
    if start is None:
        return page.rstrip("\n") + "\n\n" + section
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    rest = "".join(lines[end:])
    return "".join(lines[:start]) + section + ("\n" + rest if rest else "")


def replace_top(page, top, generated_headings):
    """The page with everything before its first "## " heading that is not one of `generated_headings` replaced
    by `top`. The generated part may have sections of its own (those headings); every other section, written by
    hand or by another suite, is kept as it is, in its place."""
    lines = page.splitlines(keepends=True)
    kept = next((i for i, l in enumerate(lines) if l.startswith("## ") and l.rstrip() not in generated_headings), None)
    if kept is None:
        return top
    return top.rstrip("\n") + "\n\n" + "".join(lines[kept:])
