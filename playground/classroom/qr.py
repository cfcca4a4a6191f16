"""QR codes for the projector, drawn as inline SVG on the server.

The SVG is built from the code's module matrix: one path of unit squares
(merged into horizontal runs) in a square viewBox, so it scales to any
size on the projector and contains nothing but numbers.
"""
from __future__ import annotations

import qrcode
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def qr_svg(text: str, label: str) -> SafeString:
    """An ``<svg>`` of a QR code for ``text``; ``label`` is its accessible name."""
    code = qrcode.QRCode(border=2, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(text)
    code.make(fit=True)
    matrix = code.get_matrix()
    size = len(matrix)
    runs: list[str] = []
    for y, row in enumerate(matrix):
        x = 0
        while x < size:
            if not row[x]:
                x += 1
                continue
            start = x
            while x < size and row[x]:
                x += 1
            runs.append(f"M{start},{y}h{x - start}v1h{start - x}z")
    # Only integers and the escaped label go into the markup.
    return mark_safe(
        f'<svg class="qr-code" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
        f'role="img" aria-label="{escape(label)}" shape-rendering="crispEdges">'
        f'<rect width="{size}" height="{size}" fill="#fff"/>'
        f'<path fill="#000" d="{"".join(runs)}"/></svg>'
    )
