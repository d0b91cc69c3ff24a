"""The clinician's summary as one printed page (PDF, A4 or Letter), drawn with ReportLab.

It draws the answer of diary.reading.trend_data.summary_with_days as it is given: every figure and sentence comes
from the JSON summary's functions (no figure is computed here), and the notes are the ones the summary chose (never a
private note). The chart of function and pain is drawn as vector lines and dots, as the Summary page draws it. No
queries; the words are in the active language (Django's translation, like diary.reading.words).

Whatever is given, the page is one: the flags, the plan's items and the notes are cut to the room left, each note to
a few lines, with a line that says how many more there are.
"""

import datetime
import io
import math
import re
import unicodedata
from collections.abc import Sequence

from django.utils.translation import gettext, ngettext
from reportlab.lib.colors import Color, HexColor
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from diary.reading.words import dose_words, one_decimal, say_date, whole_number
from diary.rules.figures import one_decimal as decimal_text

PAPERS = {"a4": A4, "letter": LETTER}
MARGIN = 40.0
FONT, BOLD = "Helvetica", "Helvetica-Bold"
INK, MUTED, LINE, DANGER = HexColor("#1d2a33"), HexColor("#5b6770"), HexColor("#c9d1d6"), HexColor("#a8322d")
FUNCTION, PAIN = HexColor("#1f6f4a"), HexColor("#9a5b3c")  # the Summary page's colours (frontend/charts.js)
CHART_SHARE = 0.2  # of the page's height: the chart, the rest being words
NOTE_LINES = 3  # a longer note is cut after three lines, with an ellipsis
PLAN_ROWS = 6  # the plan's items shown, the rest counted in one line


UNKNOWN = "\ufffd"  # a letter the font lacks, until it is written as "?"


def printable(text: str) -> str:
    """`text` as the standard PDF fonts can draw it.

    Helvetica, the font every PDF reader has, holds the Latin letters of WinAnsi (cp1252): Spanish accents, ñ, ¿ and ¡
    are there, emoji are not, and ReportLab would draw each missing glyph as a black square. So a letter outside it is
    written without its accent where it has one (ł stays unknown: "?"), and symbols (emoji, their joiners and
    variation selectors) are left out, with the space they leave: a note that ends with a smile keeps its words.
    """
    kept, dropped = [], False
    for char in unicodedata.normalize("NFC", text):
        if _drawable(char):
            kept.append(char)
            continue
        plain = "".join(part for part in unicodedata.normalize("NFKD", char) if _drawable(part))
        if plain and not unicodedata.combining(plain[0]):
            kept.append(plain)
        elif unicodedata.category(char).startswith("L"):
            kept.append(UNKNOWN)
        else:
            dropped = True
    said = "".join(kept)
    if dropped:
        said = re.sub(r" +([.,;:!?)])", r"\1", re.sub(" {2,}", " ", said))
    return said.replace(UNKNOWN, "?").strip()


def _drawable(char: str) -> bool:
    if char in "\t\n":
        return True
    if unicodedata.category(char) in {"Cc", "Cf", "Co", "Cs", "Cn"}:
        return False
    try:
        char.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


def _faint(colour: Color, share: float) -> Color:
    """`colour` laid over white paper at `share` of its strength: the day dots, and the first week's band."""
    return Color(*(1 - share + share * part for part in (colour.red, colour.green, colour.blue)))


def _day(value: datetime.date | str) -> datetime.date:
    """A day of the answer, given as a date or (the insight's windows) as ISO text."""
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)


def _percent(share: float | None) -> str:
    """A share as a whole percent, halves up as the Summary page rounds it."""
    return "–" if share is None else gettext("%(share)s%%") % {"share": math.floor(share * 100 + 0.5)}


def _number(value: float | None) -> str:
    return "–" if value is None else one_decimal(decimal_text(value))


def _amount(value: float) -> str:
    """Days' worth of the plan, "5" or "2.5", as the Summary page writes them."""
    return whole_number(int(value)) if value == int(value) else _number(value)


def _signed(value: float | None) -> str:
    return "–" if value is None else ("+" if value > 0 else "") + _number(value)


class _Page:
    """A cursor down one page: text lines and wrapped paragraphs, from the top margin to `bottom`."""

    def __init__(self, canvas: Canvas, paper: tuple[float, float]) -> None:
        self.canvas, self.paper_height = canvas, paper[1]
        self.left, self.width = MARGIN, paper[0] - 2 * MARGIN
        self.y, self.bottom = paper[1] - MARGIN + 4, MARGIN + 14  # the footer's line below `bottom`

    def room(self) -> float:
        return self.y - self.bottom

    def line(self, text: str, *, size: float = 9, font: str = FONT, colour: Color = INK, indent: float = 0) -> None:
        self.y -= size * 1.3
        self.canvas.setFont(font, size)
        self.canvas.setFillColor(colour)
        self.canvas.drawString(self.left + indent, self.y, printable(text))

    def wrapped(self, text: str, *, size: float = 9, font: str = FONT, indent: float = 0, most: int = 0) -> list[str]:
        lines = simpleSplit(printable(text), font, size, self.width - indent)
        if most and len(lines) > most:
            lines = lines[:most]
            lines[-1] = lines[-1].rstrip() + " …"
        return lines

    def paragraph(self, text: str, *, size: float = 9, font: str = FONT, colour: Color = INK, indent: float = 0):
        for row in self.wrapped(text, size=size, font=font, indent=indent):
            self.line(row, size=size, font=font, colour=colour, indent=indent)

    def heading(self, text: str) -> None:
        self.y -= 6
        self.line(text, size=10.5, font=BOLD)
        self.y -= 1


def render(summary: dict, days: dict, *, paper: str, printed_by: str, printed_on: datetime.date) -> bytes:
    """The summary as a one-page PDF on `paper` ("a4" or "letter"). `summary` is the JSON summary's answer, `days` its
    period's days (`summary_with_days`); `printed_by` names the reader and `printed_on` is their today."""
    width, height = PAPERS[paper]
    out = io.BytesIO()
    patient = summary["patient"]
    title = gettext("%(name)s: Stride summary") % {"name": patient["display_name"]}
    canvas = Canvas(out, pagesize=(width, height), pageCompression=1)
    canvas.setTitle(printable(title))
    canvas.setAuthor("Stride")
    canvas.setSubject(printable(_period_words(summary)))
    page = _Page(canvas, (width, height))
    for row in page.wrapped(title, size=16, font=BOLD, most=2):  # a name may be 80 letters long
        page.line(row, size=16, font=BOLD)
    page.y -= 2
    page.line(_who(patient), colour=MUTED)
    page.line(_period_words(summary), colour=MUTED)
    _flags(page, summary)
    page.y -= 4
    page.paragraph(summary["insight"]["message"], size=9.5)
    _change_table(page, summary)
    _chart(page, summary, days)
    _plan(page, summary["plan"])
    _facts(page, summary)
    _notes(page, summary["notes"])
    canvas.setFont(FONT, 7.5)
    canvas.setFillColor(MUTED)
    printed = gettext("Printed by %(name)s on %(day)s. Stride: what the diary holds, not a diagnosis.") % {
        "name": printed_by,
        "day": say_date(printed_on, year=True),
    }
    canvas.drawString(MARGIN, MARGIN, printable(printed))
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def _who(patient: dict) -> str:
    born = gettext("Born %(day)s, age %(age)s") % {
        "day": say_date(patient["birth_date"], year=True),
        "age": patient["age"],
    }
    if patient["record_number"]:
        return gettext("%(born)s · Record number %(number)s") % {"born": born, "number": patient["record_number"]}
    return born


def _period_words(summary: dict) -> str:
    words = {"from": say_date(summary["from"], year=True), "to": say_date(summary["to"], year=True)}
    started = summary["counted_from"]
    if started and started != summary["from"]:
        words["started"] = say_date(started, year=True)
        return gettext("Period: %(from)s to %(to)s (diary started %(started)s)") % words
    return gettext("Period: %(from)s to %(to)s") % words


def _flags(page: _Page, summary: dict) -> None:
    flags = summary["flags"]
    if not flags:
        page.y -= 4
        page.line(gettext("No attention flags on %(day)s.") % {"day": say_date(summary["to"], year=True)}, colour=MUTED)
        return
    # As on the Summary page: first, beside a red bar.
    page.y -= 6
    top = page.y - 1
    page.line(gettext("Needs attention"), size=10.5, font=BOLD, indent=10)
    for flag in flags:
        page.paragraph(flag["message"], indent=10)
    page.canvas.setStrokeColor(DANGER)
    page.canvas.setLineWidth(3)
    page.canvas.line(page.left + 1.5, top, page.left + 1.5, page.y - 3)
    page.y -= 3


def _change_table(page: _Page, summary: dict) -> None:
    page.heading(gettext("Function and pain: first week against the last 7 days"))
    columns = (0, 190, 270, 350)
    heads = ("0-10", gettext("First week"), gettext("Last 7 days"), gettext("Change"))
    rows = [heads]
    for name, label in (
        ("function", gettext("Function (higher is better)")),
        ("pain", gettext("Pain (lower is better)")),
    ):
        values = summary[name]
        rows.append((label, _number(values["baseline"]), _number(values["recent"]), _signed(values["change"])))
    for i, row in enumerate(rows):
        page.y -= 12
        page.canvas.setFont(BOLD if i == 0 else FONT, 9)
        page.canvas.setFillColor(MUTED if i == 0 else INK)
        for x, text in zip(columns, row, strict=True):
            page.canvas.drawString(page.left + x, page.y, printable(text))
    baseline = summary["insight"]["baseline"]
    page.y -= 2
    if baseline:
        first = {"from": say_date(_day(baseline["from"]), year=True), "to": say_date(_day(baseline["to"]), year=True)}
        page.line(gettext("First week: %(from)s to %(to)s.") % first, size=8, colour=MUTED)
    else:
        page.line(gettext("No first week yet: it needs 4 logged days."), size=8, colour=MUTED)


def _chart(page: _Page, summary: dict, days: dict) -> None:
    """Function and pain, day by day, over the days counted (from the diary's start where that is later): the 7-day
    averages as lines, each day as a dot, the first week's means dashed across and its days shaded."""
    page.heading(gettext("Function and pain, day by day"))
    canvas = page.canvas
    dates = [datetime.date.fromisoformat(day) for day in days["dates"]]
    start = dates.index(summary["counted_from"]) if summary["counted_from"] in dates else 0
    dates = dates[start:]
    key_y = page.y - 10
    _key(page, key_y)
    left, right = page.left + 16, page.left + page.width - 4
    top = key_y - 8
    bottom = top - CHART_SHARE * page.paper_height
    page.y = bottom - 16
    if not dates:
        return
    step = (right - left) / max(len(dates), 1)

    def x_of(i: float) -> float:
        return left + (i + 0.5) * step

    def y_of(value: float) -> float:
        return bottom + (top - bottom) * value / 10

    baseline = summary["insight"]["baseline"]
    if baseline:
        first = max(0, (_day(baseline["from"]) - dates[0]).days)
        last = (_day(baseline["to"]) - dates[0]).days
        if last >= 0:
            canvas.setFillColor(_faint(INK, 0.07))
            canvas.rect(x_of(first) - step / 2, bottom, (last - first + 1) * step, top - bottom, stroke=0, fill=1)
    canvas.setFont(FONT, 7)
    canvas.setLineWidth(0.4)
    for value in range(0, 11, 2):
        canvas.setStrokeColor(LINE)
        canvas.line(left, y_of(value), right, y_of(value))
        canvas.setFillColor(MUTED)
        canvas.drawRightString(left - 4, y_of(value) - 2.5, str(value))
    for i in _date_ticks(len(dates)):
        label = printable(say_date(dates[i]))
        # The first and last labels keep inside the chart's edges; the others are centred on their day.
        draw = (
            canvas.drawString if i == 0 else canvas.drawRightString if i == len(dates) - 1 else canvas.drawCentredString
        )
        draw(left if i == 0 else right if i == len(dates) - 1 else x_of(i), bottom - 10, label)
    averaged = any(value is not None for value in [*days["function_avg7"], *days["pain_avg7"]])
    for name, colour, width in (("function", FUNCTION, 2.2), ("pain", PAIN, 1.5)):
        values = days[name][start:]
        canvas.setFillColor(_faint(colour, 0.45) if averaged else colour)
        for i, value in enumerate(values):
            if value is not None:
                canvas.circle(x_of(i), y_of(value), 1.6 if averaged else 2.4, stroke=0, fill=1)
        canvas.setStrokeColor(colour)
        canvas.setLineWidth(width)
        canvas.setLineCap(1)
        canvas.setLineJoin(1)
        _polyline(
            canvas, [(x_of(i), y_of(v)) if v is not None else None for i, v in enumerate(days[f"{name}_avg7"][start:])]
        )
        if baseline and baseline[name] is not None:
            canvas.setLineWidth(0.9)
            canvas.setDash(4, 3)
            canvas.line(left, y_of(baseline[name]), right, y_of(baseline[name]))
            canvas.setDash()
    canvas.setStrokeColor(MUTED)
    canvas.setLineWidth(0.6)
    canvas.line(left, bottom, right, bottom)


def _key(page: _Page, y: float) -> None:
    canvas, x = page.canvas, page.left
    canvas.setFont(FONT, 7.5)
    for colour, label in ((FUNCTION, gettext("function")), (PAIN, gettext("pain"))):
        canvas.setStrokeColor(colour)
        canvas.setLineWidth(2)
        canvas.line(x, y + 2.5, x + 14, y + 2.5)
        canvas.setFillColor(INK)
        canvas.drawString(x + 18, y, printable(label))
        x += 24 + canvas.stringWidth(printable(label), FONT, 7.5)
    canvas.setFillColor(MUTED)
    canvas.drawString(x, y, printable(gettext("lines 7-day averages, dots days, dashed the first week")))


def _date_ticks(count: int, most: int = 6) -> list[int]:
    """The days labelled under the chart: the first, the last, and evenly between, at most `most`."""
    if count <= most:
        return list(range(count))
    return sorted({round(i * (count - 1) / (most - 1)) for i in range(most)})


def _polyline(canvas: Canvas, points: Sequence[tuple[float, float] | None]) -> None:
    """Lines through the points, broken where a point is None (a week without enough days logged)."""
    path, drawing = canvas.beginPath(), False
    for point in points:
        if point is None:
            drawing = False
        elif drawing:
            path.lineTo(*point)
        else:
            path.moveTo(*point)
            drawing = True
    canvas.drawPath(path, stroke=1, fill=0)


def _plan(page: _Page, plan: dict) -> None:
    if not plan["items"]:
        return
    page.heading(gettext("Treatment plan"))
    page.line(
        gettext("Done over the period: %(share)s of what the plan asked.") % {"share": _percent(plan["adherence"])}
    )
    shown = plan["items"][:PLAN_ROWS]
    for item in shown:
        title = item["title"]
        if item["dose"] is not None and item["unit"]:
            title = f"{title} ({dose_words(item['dose'], item['unit'])})"
        done = gettext("%(done)s of %(expected)s") % {
            "done": _amount(item["done"]),
            "expected": _amount(item["expected"]),
        }
        page.y -= 11.5
        page.canvas.setFont(FONT, 9)
        page.canvas.setFillColor(INK)
        title_room = page.width - 150
        cut = simpleSplit(printable(title), FONT, 9, title_room)[:1] or [""]
        page.canvas.drawString(page.left + 10, page.y, cut[0] + (" …" if len(cut[0]) < len(printable(title)) else ""))
        page.canvas.drawRightString(page.left + page.width - 50, page.y, printable(done))
        page.canvas.drawRightString(page.left + page.width, page.y, printable(_percent(item["adherence"])))
    hidden = len(plan["items"]) - len(shown)
    if hidden:
        page.line(
            ngettext("and %(count)s more item", "and %(count)s more items", hidden) % {"count": hidden},
            size=8,
            colour=MUTED,
            indent=10,
        )
    if plan["recent_weeks"]:
        weeks = ", ".join(
            gettext("week of %(day)s %(share)s")
            % {"day": say_date(week["week_start"]), "share": _percent(week["adherence"])}
            for week in plan["recent_weeks"]
        )
        page.paragraph(gettext("Recent weeks, Monday to Sunday: %(weeks)s.") % {"weeks": weeks}, size=8, colour=MUTED)


def _facts(page: _Page, summary: dict) -> None:
    logged = gettext("Days logged: %(logged)s of %(count)s (%(share)s)") % {
        "logged": summary["days_logged"],
        "count": summary["days_in_period"],
        "share": _percent(summary["adherence"]),
    }
    latest = summary["checkins"]["latest"]
    if latest:
        logged += " · " + gettext("Latest check-in: %(total)s of 60 (%(day)s)") % {
            "total": latest["total"],
            "day": say_date(latest["date"]),
        }
    page.y -= 4
    page.line(logged, size=8.5, colour=MUTED)


def _notes(page: _Page, notes: Sequence[dict]) -> None:
    """The period's notes the summary chose (newest first), as many as the page has room for."""
    if not notes:
        return
    page.heading(gettext("Notes"))
    size, leading = 8.5, 8.5 * 1.3
    days = [printable(say_date(note["date"])) for note in notes]
    indent = max(page.canvas.stringWidth(day, BOLD, size) for day in days) + 8
    for shown, (day, note) in enumerate(zip(days, notes, strict=True)):
        lines = page.wrapped(" ".join(note["text"].split()), size=size, indent=indent, most=NOTE_LINES)
        left = len(notes) - shown
        # Keep a line free to say how many notes did not fit, unless this is the last note.
        needed = leading * (len(lines) + (0 if left == 1 else 1))
        if page.room() < needed:
            page.line(
                ngettext("and %(count)s more note", "and %(count)s more notes", left) % {"count": left},
                size=size,
                colour=MUTED,
            )
            return
        page.line(day, size=size, font=BOLD)
        page.y += leading
        for row in lines:
            page.line(row, size=size, indent=indent)
        page.y -= 1.5
