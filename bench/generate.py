"""Generate N realistic, distinct submissions and the 44-leaf bench rubric they name.

    python bench/generate.py OUT_DIR --count 10000 [--per-dir 500] [--format yaml|json]
                             [--warnings]

Submissions are spread over district folders (区) of at most `--per-dir` files; each folder
holds a copy of `bench-rubric.yaml`, because a submission's rubric path never leaves its own
folder. Every file is distinct (department, figures, narrative) and deterministic for a given
count and seed. About 1% claim a score that is off and about 0.5% are broken YAML, so the
summary's failure list has something to show, as a bureau's real batch would.

With `--warnings` every file also carries the seed's three warnings, as real submissions do
(examples/haizhu-2023.yaml): a duty item written twice (PE411), a sentence repeated in a
measure (PE412) and a deduction that no listed problem explains (PE414: the problems leave
out the fourth first-level indicator, where every file loses points on spending balance).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
RUBRIC = HERE / "bench-rubric.yaml"
DISTRICTS = [
    "海珠区",
    "天河区",
    "越秀区",
    "荔湾区",
    "白云区",
    "黄埔区",
    "番禺区",
    "花都区",
    "南沙区",
    "从化区",
    "增城区",
    "明湖区",
]
BUREAUS = [
    "教育局",
    "卫生健康局",
    "民政局",
    "司法局",
    "人力资源和社会保障局",
    "住房和城乡建设局",
    "交通运输局",
    "水务局",
    "农业农村局",
    "商务局",
    "文化广电旅游体育局",
    "市场监督管理局",
    "统计局",
    "医疗保障局",
    "城市管理和综合执法局",
    "应急管理局",
    "退役军人事务局",
    "科技工业和信息化局",
    "发展和改革局",
    "审计局",
    "信访局",
    "档案馆",
    "机关事务管理局",
    "政务服务数据管理局",
    "林业和园林局",
    "残疾人联合会",
    "妇女联合会",
    "总工会",
]
TASKS = ["全面落实年度重点工作部署，强化统筹调度，推动各项任务按期完成。",
         "深化“放管服”改革，优化办事流程，压缩办理时限，提升群众满意度。",
         "加强预算绩效管理，严控一般性支出，坚持过“紧日子”。",
         "推进数字化转型，建设业务协同平台，实现数据共享与业务联办。",
         "开展专项整治行动，排查安全隐患，建立问题清单并逐项销号。",
         "加强干部队伍建设，组织业务培训，提高依法行政能力。",
         "围绕民生实事项目，细化任务分工，按季度通报进度。"]  # fmt: skip
LEAF_WEIGHTS = {"ratio": 2, "inverse_ratio": 2, "deduct": 2, "bands": 3, "choice": 2,
                "checklist": 4, "violations": 2, "boolean": 2, "manual": 2, "tiered": 2,
                "targets": 2}  # fmt: skip


def _district(index: int, per_dir: int) -> str:
    return f"{index // per_dir:03d}-{DISTRICTS[(index // per_dir) % len(DISTRICTS)]}"


def _entry(kind: str, group: int, rng: random.Random) -> dict[str, Any] | None:
    """The submission's entry for one leaf of `kind` (None: the leaf reads a metric)."""
    if kind in ("ratio", "inverse_ratio", "deduct", "bands"):
        return None
    if kind == "choice":
        return {"choice": rng.choice(["full", "full", "full", "partial", "none"])}
    if kind == "checklist":
        items = ["planned", "monitored", "reviewed", "published"]
        return {"checked": [i for i in items if rng.random() < 0.92]}
    if kind == "violations":
        return {"count": rng.choice([0, 0, 0, 0, 1, 2])}
    if kind == "boolean":
        return {"value": rng.random() < 0.95}
    if kind == "manual":
        score = rng.choice(["2", "2", "1.5", "1.8"])
        return {
            "score": score,
            "justification": f"第{group + 1}类工作按计划推进，自评 {score} 分。",
        }
    if kind == "tiered":
        fraction = rng.choice(["100%", "95%", "90%", "85%"])
        return {"tier": "achieved", "fraction": fraction, "justification": "年度指标基本达成。"}
    rows = []
    for r in range(rng.randint(3, 8)):
        target = rng.randint(50, 2000)
        actual = target + rng.randint(-target // 10, target // 5)
        unit = rng.choice(["件", "次", "项"])
        name = f"产出数量指标{r + 1}（第{group + 1}组）"
        rows.append(
            {"name": name, "operator": ">=", "target": target, "actual": actual, "unit": unit}
        )
    rows.append({"name": "按时完成年度任务", "operator": "qualitative", "achieved": True})
    return {"targets": rows}


def _problems() -> list[str]:
    """One problem item per first-level indicator, naming some of its leaves — as a careful
    department explains its deductions under 三、存在的主要问题."""
    rubric = yaml.safe_load(RUBRIC.read_text(encoding="utf-8"))
    items = []
    for number, group in zip("一二三四", rubric["indicators"], strict=True):
        names = "、".join(leaf["name"] for leaf in group["children"])
        items.append(f"{number}是{group['name']['zh']}方面，{names}等仍有不足，需持续改进。")
    return items


PROBLEMS = _problems()


def with_warnings(doc: dict[str, Any]) -> dict[str, Any]:
    """The submission carrying the seed's warnings (PE411, PE412, PE414)."""
    department, narrative = doc["department"], doc["narrative"]
    department["functions"] = [*department["functions"], department["functions"][-1]]
    measure = "从源头抓好预算编制，提高预算编制的科学性，强化预算执行监控。"
    narrative["measures"] = [measure + measure, *narrative["measures"]]
    narrative["problems"] = narrative["problems"][:3]
    return doc


def submission(index: int, per_dir: int, rng: random.Random) -> dict[str, Any]:
    district = DISTRICTS[(index // per_dir) % len(DISTRICTS)]
    bureau = BUREAUS[index % len(BUREAUS)]
    adjusted = round(rng.uniform(300, 30000), 1)
    executed = round(adjusted * rng.uniform(0.85, 1.0), 1)
    quarters = sorted(round(executed * s, 1) for s in (rng.uniform(0.15, 0.3),
                      rng.uniform(0.4, 0.55), rng.uniform(0.65, 0.8)))  # fmt: skip
    data: dict[str, Any] = {}
    indicators: dict[str, Any] = {}
    for group in range(4):
        data[f"g{group}"] = {
            "planned": round(rng.uniform(50, 900), 1),
            "actual": round(rng.uniform(45, 950), 1),
            "cost_budget": round(rng.uniform(10, 90), 1),
            "cost_actual": round(rng.uniform(9, 95), 1),
            "balance": round(rng.uniform(0, 12), 2),
            "rate": f"{rng.uniform(72, 99.5):.1f}%",
        }
        for kind in LEAF_WEIGHTS:
            entry = _entry(kind, group, rng)
            if entry is not None:
                indicators[f"g{group}_{kind}"] = entry
    doc: dict[str, Any] = {
        "rubric": "bench-rubric.yaml",
        "department": {
            "name": f"{district}{bureau}（编号 {index:05d}）",
            "code": f"BENCH-{index:05d}",
            "year": 2023,
            "region": f"江州市{district}",
            "level": "区级",
            "functions": [
                f"负责全区{bureau[:-1]}领域的政策执行与监督管理。",
                "承办区政府交办的其他事项。",
            ],
            "tasks": rng.sample(TASKS, 4),
            "goal": f"{district}{bureau}全年完成重点工作任务，资金使用规范高效。",
        },
        "budget": {
            "adjusted": adjusted,
            "executed": executed,
            "balance": round(adjusted - executed, 1),
            "spending": {"Q1": quarters[0], "Q2": quarters[1], "Q3": quarters[2], "Q4": executed},
        },
        "data": data,
        "indicators": indicators,
        "narrative": {
            "performance_management": "年初编制整体支出绩效目标，年中开展运行监控，年末组织自评。",
            "conclusion": f"{bureau}较好完成年度目标，资金使用效益明显。",
            "problems": PROBLEMS,
            "measures": ["加强预算执行监控，提高绩效目标编制质量。"],
        },
    }
    if rng.random() < 0.01:
        doc["claimed_score"] = 100
    return doc


def write(out: Path, count: int, per_dir: int, fmt: str, seed: int, warnings: bool = False) -> None:
    rng = random.Random(seed)  # noqa: S311 — reproducible bench data, not cryptography
    for index in range(count):
        folder = out / _district(index, per_dir)
        if index % per_dir == 0:
            folder.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(RUBRIC, folder / RUBRIC.name)
        doc = submission(index, per_dir, rng)
        if warnings:
            doc = with_warnings(doc)
        if fmt == "json":
            text = json.dumps(doc, ensure_ascii=False, indent=1)
        else:
            text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=200)
        if rng.random() < 0.005:
            text = text.replace("indicators:", "indicators: [", 1)
        (folder / f"dept-{index:05d}.{fmt}").write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--per-dir", type=int, default=500)
    parser.add_argument("--format", choices=["yaml", "json"], default="yaml")
    parser.add_argument("--seed", type=int, default=2023)
    parser.add_argument("--warnings", action="store_true", help="the seed's warnings in each")
    args = parser.parse_args()
    write(args.out, args.count, args.per_dir, args.format, args.seed, args.warnings)


if __name__ == "__main__":
    main()
