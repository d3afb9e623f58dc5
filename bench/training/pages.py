"""The one writer of the generated sections of docs/benchmarks.md, shared by the bench report scripts."""
import os


def write_section(page, begin, end, section):
    """Puts `section` (which starts with the `begin` marker line and ends with the `end` marker) in place of the text from
    `begin` through `end` in the Markdown file `page`, or at its end when the markers are not there yet. Text after the
    end marker (a hand-written analysis) is kept. The page is written to a temporary file and renamed over the old one,
    so an interrupted run never leaves half a page."""
    text = open(page).read()
    if begin in text and end in text:
        after = text[text.index(end) + len(end):]
        text = text[:text.index(begin)] + section.rstrip("\n") + "\n" + after.removeprefix("\n")
    else:
        text = text.rstrip("\n") + "\n\n" + section.rstrip("\n") + "\n"
    with open(page + ".tmp", "w") as f:
        f.write(text)
    os.replace(page + ".tmp", page)
