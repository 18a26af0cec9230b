"""A reproducible generator of plans in the web layout of ``samples/web/FORMAT.md``.

Written from the word lists of :mod:`benchmarks.synthetic_plan` (no sample is copied): a
letterhead table, body paragraphs, a signature table, then an appendix whose rows are
opened and closed by their own "|" lines, cells hard-wrapped, section rows written as
their merged cells only or padded with ``** **``, truly empty cells, rowspan sub-rows of
two or three cells, group rows with three-level numbers, and a second table after a
heading with no blank line between them, footnotes after the last "|".
"""

from __future__ import annotations

import random
import textwrap

from benchmarks.synthetic_plan import COORDS, LEADS, OBJECTS, PRODUCTS, ROMAN, SCHEDULES, SECTIONS, VERBS

HEADER = [
    "**STT**",
    "**Nhiệm vụ, giải\npháp**",
    "**Cơ quan chủ trì**",
    "**Cơ quan phối hợp**",
    "**Kết quả**",
    "**Thời gian thực\nhiện**",
]
WIDTH = 60


def _cell(text: str) -> list[str]:
    return textwrap.wrap(text, width=WIDTH, break_long_words=False) or [""] if text else []


def _row(cells: list[str]) -> list[str]:
    out = ["|"]
    for k, cell in enumerate(cells):
        if k:
            out.append("|")
        for line in cell.split("\n"):
            out.extend(_cell(line))
    out.append("|")
    return out


def generate_web(rows: int, *, seed: int = 11, year: int = 2026) -> str:
    """A web-layout plan with about ``rows`` table rows in two appendix tables."""
    rnd = random.Random(seed)
    out: list[str] = []
    out += _row(["**ỦY BAN NHÂN DÂN**\nTỈNH HÒA BÌNH XANH", "**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**"])
    out += _row(["Số: 99/KH-UBND", f"*Hòa Bình Xanh, ngày 10 tháng 01 năm {year}*"])
    out += ["", "**KẾ HOẠCH**", "", f"Cải cách hành chính năm {year}", ""]
    out += ["Định kỳ vào ngày 25 hàng tháng, các sở báo cáo kết quả về Văn phòng UBND tỉnh.", ""]
    out += _row(["Nơi nhận:\n- Như trên;\n- Lưu: VT.", "**CHỦ TỊCH**\nNguyễn Văn A"])
    out += ["", "**PHỤ LỤC I**", "*(Kèm theo Kế hoạch số 99/KH-UBND)*", ""]
    first_table = rows // 2
    out += _table(rnd, first_table, year)
    # The second appendix right after the first one's last "|", with no blank line.
    out += ["**PHỤ LỤC II**", "*(Kèm theo Kế hoạch số 99/KH-UBND)*"]
    out += _table(rnd, rows - first_table, year)
    out += ["[1] Các nhiệm vụ thực hiện theo quy định."]
    return "\n".join(out)  # no final newline, as in some real copies


def _table(rnd: random.Random, rows: int, year: int) -> list[str]:
    out = _row(HEADER)
    written, section, task_no = 0, -1, 0
    while written < rows:
        if section < 0 or (task_no >= 8 and rnd.random() < 0.3):
            section += 1
            task_no = 0
            title = f"**{SECTIONS[section % len(SECTIONS)]}**"
            number = f"**{ROMAN[section % len(ROMAN)]}**"
            # A section row: its merged cells only, padded with "** **", or truly empty cells.
            out += _row([number, title, *rnd.choice([[], ["** **"] * 4, [""] * 4])])
            written += 1
        task_no += 1
        if rnd.random() < 0.1:
            out += _row([f"**{task_no}**", f"**{rnd.choice(VERBS)} nhóm nhiệm vụ**", "", "", "", ""])
            written += 1
            for k in range(1, rnd.randint(2, 4) + 1):
                out += _row(_task(rnd, f"{task_no}.{k}", year))
                written += 1
            continue
        out += _row(_task(rnd, str(task_no), year))
        written += 1
        for _ in range(rnd.choice([0, 0, 0, 1, 2])):
            # A rowspan sub-row: its number, task and lead merged with the row above.
            out += _row(
                [rnd.choice(COORDS[1:]), rnd.choice(PRODUCTS), rnd.choice(SCHEDULES).format(y=year)][
                    rnd.choice([0, 1]) :
                ]
            )
            written += 1
    return out


def _task(rnd: random.Random, number: str, year: int) -> list[str]:
    return [
        number,
        f"{rnd.choice(VERBS)} {rnd.choice(OBJECTS)} năm {year}",
        rnd.choice(LEADS),
        rnd.choice(COORDS),  # sometimes empty: a truly empty cell
        rnd.choice(PRODUCTS).replace('<ul style="list-style-type: none">', "").replace("</ul>", ""),
        rnd.choice(SCHEDULES).format(y=year),
    ]
