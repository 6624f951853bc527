"""Render what perfeval makes, so anyone can look at it: `python scripts/look.py [OUT]`.

For every example (examples/*.yaml) it writes into OUT (default `look/`):

* the HTML report, printed by headless Chromium to PDF and captured as PNG;
* the Word report and the Excel 自评表, converted to PDF by LibreOffice, then to one PNG
  per page by `pdftoppm`;
* the terminal table of `perfeval score`, run in a pseudo-terminal 40, 60, 80 and 120
  columns wide (text, `.txt`) and once more with `PYTHONIOENCODING=gbk` as a Chinese
  Windows console would have it; the 80-column one is also drawn as a PNG (rich's SVG
  export, rendered by Chromium).

* the finance bureau's page (`perfeval score DIR -f html`) over a batch of 60 submissions made
  by `bench/generate.py` (one claimed score off, one broken file), captured as PNG at the top
  and at a department's opened detail, with the time Chromium takes to print it.

A tool that is missing (chromium, soffice, pdftoppm) is reported and its pictures skipped;
nothing else depends on it. `--readme` also refreshes the README pictures
(docs/images/table.png, docs/images/report.png, docs/images/bureau.png). Install the tools
on Debian/Ubuntu with
`apt-get install chromium libreoffice-writer libreoffice-calc poppler-utils fonts-noto-cjk`.
"""

from __future__ import annotations

import argparse
import os
import pty
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
WIDTHS = (40, 60, 80, 120)
PERFEVAL = [sys.executable, "-m", "perfeval"]
CHROMIUM = ("chromium", "chromium-browser", "google-chrome")


def tool(*names: str) -> str | None:
    return next((found for name in names if (found := shutil.which(name))), None)


def run(command: list[str], **options: object) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(command, capture_output=True, check=False, timeout=300, **options)  # type: ignore[call-overload]  # noqa: S603


def in_terminal(command: list[str], columns: int, env: dict[str, str] | None = None) -> bytes:
    """What `command` prints in a pseudo-terminal `columns` wide (colours and all)."""
    environ = {**os.environ, **(env or {}), "COLUMNS": str(columns), "LINES": "200"}
    output = bytearray()
    pid, fd = pty.fork()
    if pid == 0:  # the child: run the command with the terminal as its streams
        os.execvpe(command[0], command, environ)  # noqa: S606
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    os.waitpid(pid, 0)
    return bytes(output)


def html_to_pdf_and_png(chromium: str, html: Path, out: Path, width: int = 900) -> None:
    url = html.resolve().as_uri()
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"]
    run(
        [
            chromium,
            *flags,
            f"--print-to-pdf={out.with_suffix('.pdf')}",
            "--no-pdf-header-footer",
            url,
        ]
    )
    shot = [
        chromium,
        *flags,
        f"--screenshot={out.with_suffix('.png')}",
        f"--window-size={width},2400",
        url,
    ]
    run(shot)


def office_to_png(soffice: str, pdftoppm: str | None, document: Path, out: Path) -> None:
    with tempfile.TemporaryDirectory() as folder:
        run([soffice, "--headless", "--convert-to", "pdf", "--outdir", folder, str(document)])
        pdf = Path(folder) / (document.stem + ".pdf")
        if not pdf.exists():
            print(f"  LibreOffice did not convert {document.name}")
            return
        shutil.copy(pdf, out.with_suffix(".pdf"))
        if pdftoppm:
            run([pdftoppm, "-r", "70", "-png", str(pdf), str(out)])


CELL = (9, 20)  # a terminal cell in pixels: a Chinese character takes two
TERMINAL_FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
)


def terminal_png(ansi: bytes, out: Path, width: int) -> None:
    """The terminal's text drawn the way a terminal draws it: every character in its own
    cell (two for a wide one, as `rich.cells` counts), white on dark, with Pillow."""
    from PIL import Image, ImageDraw, ImageFont
    from rich.cells import cell_len

    font_file = next((f for f in TERMINAL_FONTS if Path(f).exists()), None)
    if font_file is None:
        print("  no CJK font: the terminal picture is skipped")
        return
    plain = re.sub(r"\x1b\[[0-9;]*m", "", ansi.decode("utf-8", "replace")).replace("\r", "")
    lines = plain.rstrip("\n").split("\n")
    cell_w, cell_h = CELL
    image = Image.new("RGB", ((width + 2) * cell_w, (len(lines) + 1) * cell_h), "#1e1e1e")
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(font_file, 15)
    for row, line in enumerate(lines):
        column = 1
        for char in line:
            wide = cell_len(char)
            x, y = column * cell_w, row * cell_h + cell_h // 2
            if char in "─━":  # rules drawn edge to edge, so they join up
                draw.line(
                    (x, y + 2, x + wide * cell_w, y + 2),
                    fill="#dddddd",
                    width=2 if char == "━" else 1,
                )
            elif char in "│┃":
                draw.line(
                    (x + cell_w // 2, y - cell_h // 2 + 2, x + cell_w // 2, y + cell_h // 2 + 2),
                    fill="#dddddd",
                )
            elif not char.isspace():
                draw.text(
                    (x + wide * cell_w / 2, y + 2), char, fill="#dddddd", font=font, anchor="mm"
                )
            column += wide
    image.save(out.with_suffix(".png"), optimize=True)


def tables(out: Path, chromium: str | None) -> None:
    example = ROOT / "examples" / "minghu-culture-dept-2023.yaml"
    for width in WIDTHS:
        shown = in_terminal([*PERFEVAL, "score", str(example)], width)
        (out / f"table-{width}.txt").write_bytes(shown)
        if width == 80:
            terminal_png(shown, out / "table-80", width)
    gbk = in_terminal([*PERFEVAL, "score", str(example)], 80, {"PYTHONIOENCODING": "gbk"})
    (out / "table-80-gbk.txt").write_bytes(gbk)


def documents(out: Path, chromium: str | None, soffice: str | None, pdftoppm: str | None) -> None:
    for example in EXAMPLES:
        stem = example.stem
        for suffix in ("html", "docx"):
            run([*PERFEVAL, "report", str(example), "-o", str(out / f"{stem}.{suffix}")])
        run([*PERFEVAL, "export", str(example), "-o", str(out / f"{stem}.xlsx")])
        if chromium:
            html_to_pdf_and_png(chromium, out / f"{stem}.html", out / f"{stem}-html")
        if soffice:
            office_to_png(soffice, pdftoppm, out / f"{stem}.docx", out / f"{stem}-docx")
            office_to_png(soffice, pdftoppm, out / f"{stem}.xlsx", out / f"{stem}-xlsx")


def bureau(out: Path, chromium: str | None) -> None:
    """The batch page over a generated batch; its top as PNG, and a detail opened."""
    import random

    import yaml

    sys.path.insert(0, str(ROOT / "bench"))
    import generate  # bench/generate.py: the batch generator

    folder = out / "bureau-batch"
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(2023)  # noqa: S311 — reproducible pictures
    for index in range(60):
        doc = generate.submission(index, 500, rng)
        doc["claimed_score"] = 100 if index == 7 else doc.get("claimed_score")
        text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
        text = text.replace("indicators:", "indicators: [", 1) if index == 11 else text
        (folder / f"dept-{index:02d}.yaml").write_text(text, encoding="utf-8")
    page = out / "bureau.html"
    rubric = str(generate.RUBRIC)
    run(
        [*PERFEVAL, "score", folder.name, "-f", "html", "-o", page.name, "--rubric", rubric],
        cwd=out,
    )  # paths on the page relative, as a bureau would run it
    if chromium:
        html_to_pdf_and_png(chromium, page, out / "bureau-html", width=1200)
        text = page.read_text(encoding="utf-8")  # the head, then file 8 (claims 100) opened
        part = text[text.index('<section class="file" id="f-8">') :]
        part = part[: part.index("</section>") + len("</section>")]
        opened = out / "bureau-detail.html"
        opened.write_text(text[: text.index("<main>")] + "<main>" + part.replace(
            "<details>", "<details open>") + "</main></body></html>", encoding="utf-8")  # fmt: skip
        run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
             f"--screenshot={out / 'bureau-detail.png'}", "--window-size=1200,1500",
             opened.resolve().as_uri()])  # fmt: skip


def small(source: Path, target: Path) -> None:
    """A PNG cut down to a 64-colour palette: a README picture of some 100 KB."""
    from PIL import Image

    with Image.open(source) as image:
        image.convert("RGB").quantize(colors=64).save(target, optimize=True)


def readme_pictures(out: Path, chromium: str) -> None:
    """The README's pictures, small: the 80-column table and the top of the HTML report."""
    images = ROOT / "docs" / "images"
    images.mkdir(parents=True, exist_ok=True)
    html = out / "minghu-culture-dept-2023.html"
    shot = out / "report-top.png"
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"]
    run(
        [
            chromium,
            *flags,
            f"--screenshot={shot}",
            "--window-size=820,1300",
            html.resolve().as_uri(),
        ]
    )
    if shot.exists():
        small(shot, images / "report.png")
    table = out / "table-80.png"
    if table.exists():
        small(table, images / "table.png")
    page = out / "bureau.html"
    if page.exists():
        top = out / "bureau-top.png"
        run([chromium, *flags, f"--screenshot={top}", "--window-size=1100,2300",
             page.resolve().as_uri()])  # fmt: skip
        if top.exists():
            small(top, images / "bureau.png")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("out", nargs="?", default="look", type=Path)
    parser.add_argument("--readme", action="store_true", help="refresh docs/images/*.png")
    args = parser.parse_args()
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    env = {"SOURCE_DATE_EPOCH": "1700000000"}
    os.environ.update(env)
    chromium, soffice, pdftoppm = tool(*CHROMIUM), tool("soffice", "libreoffice"), tool("pdftoppm")
    for name, found in (("chromium", chromium), ("soffice", soffice), ("pdftoppm", pdftoppm)):
        print(f"{name}: {found or 'missing — its pictures are skipped'}")
    tables(out, chromium)
    documents(out, chromium, soffice, pdftoppm)
    bureau(out, chromium)
    if args.readme and chromium:
        readme_pictures(out, chromium)
    print(f"written to {out}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
