"""On a machine with no fonts at all, a certificate still draws every name with shipped fonts."""

import os
import subprocess
import sys
import textwrap

from django.conf import settings

from tests.pdf.fonts import NAMES, embedded_fonts, pdf_text, tofu, uncovered

# Renders the real certificate template in a process whose fontconfig knows no font directory.
RENDER = textwrap.dedent(
    """
    import datetime, sys
    import django
    django.setup()
    from portal.exports.writers import write_pdf

    names = sys.argv[2:]
    context = {
        "certificate": {"number": "JC-2025-000001", "verification_code": "K7QF-2M9X"},
        "name": " · ".join(names),
        "session": {"title": "Land release", "start_date": datetime.date(2025, 3, 3),
                    "end_date": datetime.date(2025, 3, 14), "venue": "Kampong Chhnang"},
        "programme": {"name": "JICA-CMAC Knowledge Sharing Programme"},
        "host": {"name": "Cambodian Mine Action Centre"},
        "funders": [],
        "verification_url": "https://portal.example.org/verify",
        "qr_svg": "",
        "issued_on": datetime.date(2025, 3, 14),
    }
    with open(sys.argv[1], "wb") as target:
        write_pdf(target, "trainings/pdf/certificate.html", context)
    """
)


def test_a_certificate_needs_no_font_installed_on_the_machine(tmp_path):
    config = tmp_path / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd">'
        f"<fontconfig><cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>"
    )
    target = tmp_path / "certificate.pdf"
    environment = {
        **os.environ,
        "FONTCONFIG_FILE": str(config),
        "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "portal.settings"),
    }

    subprocess.run(  # noqa: S603 - our own interpreter running our own code
        [sys.executable, "-c", RENDER, str(target), *NAMES.values()],
        env=environment,
        cwd=settings.BASE_DIR,
        check=True,
        capture_output=True,
    )

    pdf = target.read_bytes()
    fonts = embedded_fonts(pdf)
    text = " ".join(pdf_text(pdf).split())  # a long line of names wraps
    assert all(name in text for name in NAMES.values())
    assert {"Portal-Serif", "Portal-Arabic", "Portal-Khmer", "Portal-Lao"} <= fonts
    assert all(font.startswith("Portal-") for font in fonts), fonts
    assert uncovered(" ".join(NAMES.values()), fonts) == set()
    assert tofu(pdf) == {}
