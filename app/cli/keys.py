"""The signature commands (SPEC §15): key, keys, trust, untrust."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli.common import add_json, add_unit, open_ledger

if TYPE_CHECKING:  # the ledger and its keys load with the command
    from app.store.ledger import Ledger


def add_parsers(sub) -> None:  # noqa: ANN001 - argparse's subparsers action
    p = sub.add_parser(
        "key",
        help="显示本台账签名密钥的指纹",
        description="显示本台账签名密钥的指纹（如 3F2A-91C0-7B1E-44D2），供对方电话核对。私钥只保存在台账中。",
    )
    p.set_defaults(run=cmd_key)

    p = sub.add_parser(
        "keys",
        help="列出已确认的签名密钥",
        description="列出本台账已确认的签名密钥：所属单位、指纹和确认时间；以及待确认签名的文件。",
    )
    add_json(p)
    p.set_defaults(run=cmd_keys)

    p = sub.add_parser(
        "trust",
        help="确认某单位的签名密钥（电话核对指纹后）",
        description="确认某单位的签名密钥：电话核对对方读出的指纹后登记。待确认签名的该单位文件随即导入。"
        "填报单位确认区局的密钥时，单位写 区知识产权局。",
    )
    add_unit(p, "单位名称")
    p.add_argument("--fingerprint", required=True, metavar="F", help="指纹，如 3F2A-91C0-7B1E-44D2")
    p.set_defaults(run=cmd_trust)

    p = sub.add_parser(
        "untrust",
        help="删除某单位已登记的签名密钥",
        description="删除某单位已登记的签名密钥（如该单位换了电脑）；之后收到的签名文件须重新确认密钥。",
    )
    add_unit(p, "单位名称")
    p.set_defaults(run=cmd_untrust)


def cmd_key(args: argparse.Namespace) -> int:
    from app.store import keys

    with open_ledger(args) as ledger, ledger.session() as s:
        print(keys.own_fingerprint(s))
    return 0


def cmd_keys(args: argparse.Namespace) -> int:
    from app.store import keys

    with open_ledger(args) as ledger, ledger.session() as s:
        known = keys.known_keys(s)
        held = keys.held_for_key(s)
        names = {h.id: keys.unit_name(s, h.unit_id) for h in held}
        if args.json:
            out = {
                "own": keys.own_fingerprint(s),
                "keys": [k.as_dict() for k in known],
                "pending": [{"unit": names[h.id], "fingerprint": h.key_fingerprint, "file": h.file_name} for h in held],
            }
            print(json.dumps(out, ensure_ascii=False, indent=1))
            return 0
        print(f"本台账：{keys.own_fingerprint(s)}")
        if not known:
            print("尚未确认任何单位的签名密钥。")
        for k in known:
            print(f"{k.unit}\t{k.fingerprint}\t确认于 {k.confirmed_at:%Y-%m-%d %H:%M}")
        for h in held:
            print(f"待确认签名：{names[h.id]}\t{h.key_fingerprint}\t{h.file_name}")
    return 0


def cmd_trust(args: argparse.Namespace) -> int:
    from app.review import state as review
    from app.store import keys

    with open_ledger(args) as ledger:
        with ledger.session() as s:
            unit, held = keys.trust(s, args.unit, args.fingerprint)
            fp = keys.key_of(s, unit.id).fingerprint
            paths = [p for h in held for p in review.held_inputs(s, h)]
        print(f"已确认“{unit.name}”的签名密钥 {fp}。")
        if paths:
            return import_released(ledger, paths)
    return 0


def import_released(ledger: Ledger, paths: list[Path]) -> int:
    """Import the files that were held for a key now confirmed."""
    from app.merge import ACTION_LABELS, apply_plan, plan_import

    plan = plan_import(ledger, paths)
    for f in plan.files:
        counts = "，".join(f"{label} {f.count(a)}" for a, label in ACTION_LABELS.items() if f.count(a))
        print(f"文件：{f.name}（{f.signature_text}）{counts}")
        for issue in f.warnings:
            print(f"  提示：{issue}")
        for issue in f.errors:
            print(f"  错误：{issue}", file=sys.stderr)
    if plan.refused:
        print("待确认签名的文件有错误，未导入（文件仍保留）。", file=sys.stderr)
        return 1
    ids = apply_plan(ledger, plan)
    if ids:
        print(f"待确认签名的文件已导入（导入编号 {'、'.join(map(str, ids))}，可用 undo-import 撤销）。")
    return 0


def cmd_untrust(args: argparse.Namespace) -> int:
    from app.store import keys

    with open_ledger(args) as ledger, ledger.session() as s:
        fp = keys.untrust(s, args.unit)
        unit = keys.find_unit(s, args.unit)
        print(f"已删除“{unit.name}”的签名密钥 {fp}；该单位之后的签名文件须重新确认密钥。")
    return 0
