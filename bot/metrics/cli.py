"""``python -m bot report`` and ``seed-demo``: thin commands over the library.

Messages are Vietnamese (officers run ``report`` and ``seed-demo``); mistakes in the
arguments become one clear line and exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from bot.config import Settings
from bot.core.content import Deployment
from bot.metrics import period as periods
from bot.metrics.context import CatalogInfo
from bot.metrics.report import build_report, resolve_area
from bot.store import Store
from bot.store.database import is_postgres

FORMATS = ("xlsx", "csv", "text")
DEMO_DB = "demo.db"


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Register the metrics sub-commands on ``python -m bot``."""
    report = commands.add_parser("report", help="báo cáo kết quả truyền thông (xlsx, csv, text)")
    report.add_argument("--period", help="năm, tháng hoặc quý: 2026, 2026-11, 2026-Q3")
    report.add_argument("--from", dest="first", type=_date, help="ngày đầu (YYYY-MM-DD)")
    report.add_argument("--to", dest="last", type=_date, help="ngày cuối (YYYY-MM-DD)")
    report.add_argument("--commune", help="mã xã trong content/deployment.yaml")
    report.add_argument("--village", help="tên thôn/bản như trong content/deployment.yaml")
    report.add_argument("--format", choices=FORMATS, help="mặc định theo đuôi của --out")
    report.add_argument("--out", type=Path, help="tệp .xlsx, tệp .txt, hoặc thư mục cho csv")
    report.add_argument("--chart", type=Path, help="vẽ biểu đồ chính ra tệp PNG")
    report.add_argument(
        "--db", help="tệp cơ sở dữ liệu hoặc địa chỉ postgresql:// (mặc định BOT_DB)"
    )
    report.set_defaults(func=run_report)

    seed = commands.add_parser("seed-demo", help="tạo dữ liệu mẫu để xem thử báo cáo")
    seed.add_argument("--citizens", type=int, default=3000, help="số người dân mẫu (3000)")
    seed.add_argument("--days", type=int, default=365, help="số ngày hoạt động (365)")
    seed.add_argument("--end", type=_date, help="ngày cuối (mặc định hôm nay)")
    seed.add_argument("--seed", type=int, default=1, help="hạt giống ngẫu nhiên")
    seed.add_argument(
        "--db",
        help="tệp cơ sở dữ liệu hoặc địa chỉ postgresql:// (mặc định demo.db cạnh tệp BOT_DB)",
    )
    seed.set_defaults(func=run_seed)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"ngày {text!r} không hợp lệ; ví dụ 2026-01-31") from None


def _fail(message: str) -> int:
    print(f"Lỗi: {message}", file=sys.stderr)
    return 2


def load_catalog(content_dir: Path) -> CatalogInfo:
    """FAQ titles for the report; none (ids are shown) when there is no FAQ content."""
    from faq.catalog import Catalog, topic_files

    if not topic_files(content_dir):
        return CatalogInfo()
    try:
        return CatalogInfo.from_catalog(Catalog.load(content_dir))
    except ValueError as error:
        print(f"Cảnh báo: không đọc được nội dung hỏi đáp ({error})", file=sys.stderr)
        return CatalogInfo()


def choose_period(args: argparse.Namespace, tz: str) -> periods.Period:
    """From --period or --from/--to; the current year when neither is given."""
    if args.period and (args.first or args.last):
        raise ValueError("dùng --period hoặc --from/--to, không dùng cả hai")
    if args.period:
        return periods.parse_period(args.period, tz)
    if args.first or args.last:
        if not (args.first and args.last):
            raise ValueError("cần cả --from và --to")
        return periods.between(args.first, args.last, tz)
    return periods.year(periods.local_today(tz).year, tz)


def run_report(args: argparse.Namespace, settings: Settings) -> int:
    target = str(args.db) if args.db else settings.database
    if not is_postgres(target) and not Path(target).is_file():
        return _fail(f"không tìm thấy cơ sở dữ liệu {target}")
    fmt = args.format or _format_of(args.out)
    if fmt != "text" and args.out is None:
        return _fail(f"định dạng {fmt} cần --out")
    deployment = Deployment.load(settings.content_dir / "deployment.yaml")
    try:
        period = choose_period(args, settings.timezone)
        area = resolve_area(deployment, commune=args.commune, village=args.village)
    except ValueError as error:
        return _fail(str(error))
    store = Store.open(target)  # applies pending migrations, the report indexes included
    try:
        catalog = load_catalog(settings.content_dir)
        report = store.call(
            lambda r: build_report(
                r.reports, period=period, area=area, deployment=deployment, catalog=catalog
            )
        )
    finally:
        store.close()
    _write(report, fmt, args.out)
    if args.chart:
        from bot.metrics.chart import chart_png

        args.chart.write_bytes(chart_png(report))
        print(f"Đã vẽ biểu đồ: {args.chart}", file=sys.stderr)
    return 0


def _format_of(out: Path | None) -> str:
    if out is None or out.suffix.lower() in (".txt", ".text"):
        return "text"
    return "xlsx" if out.suffix.lower() == ".xlsx" else "csv"


def _write(report: object, fmt: str, out: Path | None) -> None:
    from bot.metrics import plain, xlsx

    if fmt == "xlsx":
        assert out is not None
        xlsx.write_workbook(report, out)  # type: ignore[arg-type]
        print(f"Đã ghi báo cáo: {out}", file=sys.stderr)
    elif fmt == "csv":
        assert out is not None
        files = plain.write_csv(report, out)  # type: ignore[arg-type]
        print(f"Đã ghi {len(files)} tệp CSV vào thư mục {out}", file=sys.stderr)
    elif out is None:
        print(plain.report_text(report))  # type: ignore[arg-type]
    else:
        out.write_text(plain.report_text(report) + "\n", encoding="utf-8")  # type: ignore[arg-type]
        print(f"Đã ghi báo cáo: {out}", file=sys.stderr)


def run_seed(args: argparse.Namespace, settings: Settings) -> int:
    from bot.metrics.seed import RealDataPresent, seed_demo

    if args.citizens < 1 or not 1 <= args.days <= 3660:
        return _fail("--citizens phải lớn hơn 0 và --days trong khoảng 1–3660")
    deployment = Deployment.load(settings.content_dir / "deployment.yaml")
    end = args.end or periods.local_today(settings.timezone)
    # Demo citizens are subscribed: in the bot's own database a broadcast would try them.
    store = Store.open(args.db or settings.db_path.parent / DEMO_DB)
    where = store.name  # a URL without its password
    try:
        result = seed_demo(
            store,
            deployment,
            citizens=args.citizens,
            days=args.days,
            end=end,
            tz=settings.timezone,
            intents=demo_intents(settings.content_dir),
            seed=args.seed,
        )
    except RealDataPresent as error:
        return _fail(f"cơ sở dữ liệu {where} có dữ liệu thật ({error}); không tạo dữ liệu mẫu")
    finally:
        store.close()
    print(
        f"Đã tạo dữ liệu MẪU trong {where}: {result.citizens} người dân, {result.events} sự "
        f"kiện, {result.questions} câu hỏi gửi cán bộ, {result.campaigns} đợt gửi tin, "
        f"{result.sessions} buổi đối thoại, {args.days} ngày đến {end:%d/%m/%Y}.\n"
        f"Xem báo cáo: python -m bot report --db {where} --period {end.year}"
    )
    return 0


def demo_intents(content_dir: Path) -> list[tuple[str, str]]:
    """(intent, topic) pairs of the FAQ content, for realistic demo questions."""
    from faq.catalog import Catalog, topic_files

    if not topic_files(content_dir):
        return []
    try:
        catalog = Catalog.load(content_dir)
    except ValueError:
        return []
    return [(i.id, i.topic) for i in catalog.intents.values() if i.kind == "info"]
