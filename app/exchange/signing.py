"""Signatures on the workbooks the app writes (SPEC §15: who really sent a file).

Every workbook carries, at the end of its hidden _meta sheet, the public key of the ledger that
wrote it (`signed_by`: fingerprint and key) and an Ed25519 signature (`signature`) over the rest of
_meta: unit, period, submission id, the per-row digests, tombstones, the evidence manifest — every
row but the signature itself. The rows' digests tie the data sheets to the signature: a row whose
cells no longer match its digest was edited after signing.

What is signed is not the sheet's XML but a canonical text of its values (`canonical_meta`): Excel,
WPS and LibreOffice rewrite the XML on saving (shared strings, attribute order, veryHidden becomes
hidden) and may store a text that looks like a number or a date as one. Each cell is reduced to
one text form the same for all of them: a number by its value (1 and 1.0 alike), a date by its ISO
form, text as it stands; rows keep their order (a spreadsheet never reorders rows), empty trailing
cells and rows without a key are left out (the reader ignores them too).

Whether the key is the one the bureau (or the office) knows for the sender is decided against the
ledger (app.store.keys, the import planner): here only whether the signature holds.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

DOMAIN = b"IPLedger _meta signature, version 1\n"  # a signature made for anything else never fits
SIGNED_BY, SIGNATURE = "signed_by", "signature"
KEY_BYTES, SIGNATURE_BYTES = 32, 64

UNSIGNED, VALID, BROKEN = "unsigned", "valid", "broken"


def fingerprint(public: bytes) -> str:
    """What people compare over the phone: 16 hex digits of the key's SHA-256, as 3F2A-91C0-7B1E-44D2."""
    text = hashlib.sha256(public).hexdigest().upper()[:16]
    return "-".join(text[i : i + 4] for i in range(0, 16, 4))


def normal_fingerprint(text: str) -> str:
    """A fingerprint as typed (lower case, spaces, no dashes, full-width dashes) in its printed form;
    "" when it cannot be one."""
    digits = "".join(c for c in str(text).upper() if c in "0123456789ABCDEF")
    if len(digits) != 16 or any(c not in "0123456789ABCDEF-－— \t" for c in str(text).upper()):
        return ""
    return "-".join(digits[i : i + 4] for i in range(0, 16, 4))


@dataclass(frozen=True)
class SigningKey:
    """A ledger's own key (its 32 private bytes; they never leave the ledger but in a backup)."""

    private: bytes

    @classmethod
    def generate(cls) -> SigningKey:
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        key = Ed25519PrivateKey.generate()
        raw = key.private_bytes(
            serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
        )
        return cls(raw)

    @classmethod
    def from_text(cls, text: str) -> SigningKey:
        return cls(bytes.fromhex(text))

    def as_text(self) -> str:
        return self.private.hex()

    @property
    def public(self) -> bytes:
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        key = Ed25519PrivateKey.from_private_bytes(self.private).public_key()
        return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public)

    def __repr__(self) -> str:  # never the private bytes, in a log or a traceback
        return f"SigningKey({self.fingerprint})"

    def sign(self, rows: Iterable[Sequence[object]]) -> list[list[object]]:
        """The _meta rows followed by the key's row and the signature's row."""
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        signed = [list(r) for r in rows if not _is_signature_row(r) and not (r and canonical_cell(r[0]) == SIGNED_BY)]
        signed.append(self.key_row())
        key = Ed25519PrivateKey.from_private_bytes(self.private)
        signed.append([SIGNATURE, _b64(key.sign(DOMAIN + canonical_meta(signed)))])
        return signed

    def key_row(self) -> list[object]:
        return [SIGNED_BY, self.fingerprint, _b64(self.public)]

    def signature_of(self, rows: Iterable[Sequence[object]]) -> str:
        """The signature cell for _meta rows as they stand (their key row included, wherever it is)."""
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        return _b64(Ed25519PrivateKey.from_private_bytes(self.private).sign(DOMAIN + canonical_meta(rows)))

    def __reduce__(self):  # noqa: ANN204 - kept out of pickles sent to other processes by mistake
        raise TypeError("a signing key is not pickled")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str, size: int) -> bytes | None:
    try:
        data = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        return None
    return data if len(data) == size else None


def _is_signature_row(row: Sequence[object]) -> bool:
    return bool(row) and canonical_cell(row[0]) == SIGNATURE


def canonical_cell(value: object) -> str:
    """One text form of a _meta cell, the same before and after a spreadsheet re-saved it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 2**53:
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).replace("\r\n", "\n")


def canonical_meta(rows: Iterable[Sequence[object]]) -> bytes:
    """The bytes a signature covers: every keyed _meta row but the signature's, in order."""
    return bytes(_signed_text(rows, bytearray()))


def _signed_text(rows: Iterable[Sequence[object]], out: bytearray) -> bytearray:
    """canonical_meta(rows) added to `out`: the JSON text of the list of rows, each row's text
    added as it is made (a 100,000-row file's _meta is some 6 MB: the whole text, its JSON
    pieces and its bytes were made one after the other, ~28 MB at once)."""
    out += b"["
    first = True
    for row in rows:
        cells = [canonical_cell(c) for c in row]
        while cells and cells[-1] == "":
            cells.pop()
        if not cells or not cells[0].strip() or cells[0].strip() == SIGNATURE:
            continue
        cells[0] = cells[0].strip()
        if not first:
            out += b","
        first = False
        out += json.dumps(cells, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    out += b"]"
    return out


@dataclass(frozen=True)
class Check:
    """What a file's signature says, before the ledger is asked whose key it is."""

    state: str  # UNSIGNED, VALID, BROKEN
    public: bytes = b""
    problem: str = ""  # why a BROKEN signature is refused, in Chinese

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public) if self.public else ""


def check(rows: Sequence[Sequence[object]]) -> Check:
    """Whether the _meta rows carry a signature, and whether it holds for them."""
    keyed = [(canonical_cell(r[0]).strip(), r) for r in rows if r]
    by = [r for k, r in keyed if k == SIGNED_BY]
    sigs = [r for k, r in keyed if k == SIGNATURE]
    if not by and not sigs:
        return Check(UNSIGNED)
    if len(by) != 1 or len(sigs) != 1:
        what = "签名" if len(sigs) != 1 else "签名密钥"
        count = len(sigs) if len(sigs) != 1 else len(by)
        return Check(BROKEN, problem=f"_meta 中有 {count} 个{what}行，应有且只有一个")
    claimed = canonical_cell(by[0][1]).strip() if len(by[0]) > 1 else ""
    public = _unb64(canonical_cell(by[0][2]), KEY_BYTES) if len(by[0]) > 2 else None
    if public is None:
        return Check(BROKEN, problem="签名密钥无法识别（不是本程序写入的公钥）")
    if claimed != fingerprint(public):
        return Check(BROKEN, public, f"签名密钥的编号“{claimed[:24]}”与其公钥（指纹 {fingerprint(public)}）不符")
    signature = _unb64(canonical_cell(sigs[0][1]), SIGNATURE_BYTES) if len(sigs[0]) > 1 else None
    if signature is None:
        return Check(BROKEN, public, "签名无法识别（不是本程序写入的签名）")
    from cryptography.exceptions import InvalidSignature  # loaded when a signed file is read
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        Ed25519PublicKey.from_public_bytes(public).verify(signature, _signed_text(rows, bytearray(DOMAIN)))
    except (InvalidSignature, ValueError):
        return Check(BROKEN, public, "签名与文件内容不符：_meta 在签名后被改动，或签名是从另一个文件复制来的")
    return Check(VALID, public)
