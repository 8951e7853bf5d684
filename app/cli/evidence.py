"""Evidence commands (SPEC §15): attach, attachments, detach."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from app.cli.common import OK, UsageError, add_json, open_ledger
from app.evidence.types import BIG_IMAGE_SIDE, image_size


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "attach",
        help="为记录添加佐证材料",
        description="把文件作为佐证材料添加到一条记录（PDF、JPG/PNG、DOCX/XLSX、OFD，按内容识别类型）。"
        f"长边超过 {BIG_IMAGE_SIDE} 像素的图片可加 --shrink 改存缩小的副本（默认保存原图）。",
    )
    p.add_argument("--record", required=True, metavar="ID", help="记录ID")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE", help="一个或多个文件")
    p.add_argument("--shrink", action="store_true", help=f"长边超过 {BIG_IMAGE_SIDE} 像素的图片改存缩小的副本")
    p.set_defaults(run=cmd_attach)

    p = sub.add_parser("attachments", help="列出佐证材料", description="列出佐证材料：名称、大小、sha256。")
    p.add_argument("--record", metavar="ID", help="只列出这条记录的")
    add_json(p)
    p.set_defaults(run=cmd_attachments)

    p = sub.add_parser("detach", help="移除一个佐证材料", description="从记录中移除指定名称的佐证材料。")
    p.add_argument("--record", required=True, metavar="ID", help="记录ID")
    p.add_argument("name", metavar="NAME", help="佐证材料的名称（见 attachments 命令）")
    p.set_defaults(run=cmd_detach)


def cmd_attach(args: argparse.Namespace) -> int:
    missing = [str(f) for f in args.files if not f.is_file()]
    if missing:
        raise UsageError("找不到文件：" + "、".join(missing))
    from app.evidence import store

    with open_ledger(args) as ledger, ledger.session() as s:
        own = ledger.own_unit(s).id
        store.find_record(s, args.record)
        for path in args.files:
            data = path.read_bytes() if path.stat().st_size <= store.max_file_size(s) else b""
            size = image_size(data) if data else None
            name = path.name
            if size and max(size) > BIG_IMAGE_SIDE:
                if args.shrink:
                    from app.ui.evidence_images import smaller_copy  # Qt scales the image

                    data, name = smaller_copy(data, name)
                    print(f"“{path.name}”（{size[0]}×{size[1]} 像素）已缩小后保存。")
                else:
                    print(
                        f"提示：“{path.name}”为 {size[0]}×{size[1]} 像素，长边超过 {BIG_IMAGE_SIDE}；"
                        "已保存原图，加 --shrink 可改存缩小的副本。",
                        file=sys.stderr,
                    )
            if data:
                a = store.attach(s, args.record, name, data, own_unit_id=own)
            else:
                a = store.attach_path(s, args.record, path, own_unit_id=own)  # names the size limit
            print(f"已添加：{a.name}（{a.size_text}，{a.type_label}，sha256 {a.sha256}）")
    return OK


def cmd_attachments(args: argparse.Namespace) -> int:
    from app.evidence import store

    with open_ledger(args) as ledger, ledger.session() as s:
        if args.record:
            store.find_record(s, args.record)
        found = store.attached(s, args.record)
    if args.json:
        print(json.dumps([a.as_dict() for a in found], ensure_ascii=False, indent=1))
        return OK
    for a in found:
        print(f"{a.record_id}\t{a.name}\t{a.size}\t{a.sha256}\t{a.type_label}")
    if not found:
        print("没有佐证材料。")
    return OK


def cmd_detach(args: argparse.Namespace) -> int:
    from app.evidence import store

    with open_ledger(args) as ledger, ledger.session() as s:
        a = store.detach(s, args.record, args.name, own_unit_id=ledger.own_unit(s).id)
    print(f"已移除：{a.name}")
    return OK
