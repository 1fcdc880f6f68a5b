"""The balance report as text (`wargame simulate`): figures with their 95% intervals."""

from __future__ import annotations

from typing import Any


#: undecided pairs listed in the text report (all of them are in the JSON report)
UNDECIDED_SHOWN = 8


def _pct(x) -> str:
    return "   -" if x is None else f"{100 * x:3.0f}%"


def _p(x) -> str:
    return _pct(x).strip()


def _ci(pair) -> str:
    return "" if not pair else f" [{100 * pair[0]:.0f}-{100 * pair[1]:.0f}]"


def _diff_ci(pair) -> str:
    return f"[{100 * pair[0]:+.0f}..{100 * pair[1]:+.0f}]"


def format_report(report: dict[str, Any]) -> str:
    from wargame.model.scenario import DELEGATION_NAMES

    mixed = report["policy"] == "mixed"
    out = [f"{report['title']} — {report['games']} games, seed {report['seed']}, {report['policy']} policy"
           + (f" ({report['policies'].get('first', 0)} first, {report['policies'].get('random', 0)} random)"
              if mixed else "")
           + f", {report['mode']} adjudication", ""]
    out.append("Final tracks                              mean   p10   p50   p90  at min  at max")
    for key, t in report["tracks"].items():
        flag = "  <- saturates" if key in report["saturating"] else ""
        label = t["label"] if len(t["label"]) <= 36 else t["label"][:35] + "…"
        out.append(f"  {label:<36} {t['mean']:>6.2f} {t['p10']:>5g} {t['p50']:>5g} {t['p90']:>5g}  "
                   f"{_pct(t['at_min'])}    {_pct(t['at_max'])}{flag}")
    out += ["", "Objectives met                 (mean score as a share of the delegation's total weight)"]
    for d, o in report["objectives"].items():
        met = ", ".join(f"{oid} {_p(r)}" for oid, r in o["met"].items()) or "no objectives"
        out.append(f"  {DELEGATION_NAMES.get(d, d):<18} {_pct(o['mean_score'])}   {met}")
    out += ["", "Injects reached"]
    for iid, r in report["injects"].items():
        out.append(f"  {iid:<36} {_pct(r['reached'])}")
    out += ["", "Options: picks (share of the delegation's moves), success rate and the delegation's mean objective",
            "score in games where it was picked; [lo-hi] is the 95% interval (Wilson for success rates)"]
    for iid, per_del in report["options"].items():
        for d, row in per_del.items():
            if not row["moves"]:
                continue
            out.append(f"  {iid} {d}")
            for oid, s in row["options"].items():
                out.append(f"    {oid:<28} {s['picks']:>5} ({_pct(s['picked'])})  success {_pct(s['success'])}"
                           f"{_ci(s.get('success_ci')):<10}  score {_pct(s['score'])}{_ci(s.get('score_ci'))}")
    conf = report.get("confidence", {})
    out += ["", f"Verdicts at {conf.get('level', 0.95):.0%} for the whole report ({conf.get('comparisons', 0)} pairs of "
                f"options compared, each at z = {conf.get('z', 0):g}; options picked under "
                f"{conf.get('min_picks', 10)} times are left out)"]
    out += ["", "Dominant options (better than every other option, settled; interval of the difference in points)"]
    out += [f"  {x['inject']} {x['delegation']}: {x['option']} {_p(x['score'])} vs {x['next']} "
            f"{_p(x['next_score'])} {_diff_ci(x['interval'])}" for x in report["dominant"]] or ["  none"]
    out += ["", "Dominated options (another option scores better, settled: the interval clears zero with room "
                "to spare)"]
    out += [f"  {x['inject']} {x['delegation']}: {x['option']} {_p(x['score'])} < {x['by']} "
            f"{_p(x['by_score'])} {_diff_ci(x['interval'])}" for x in report["dominated"]] or ["  none"]
    undecided = report.get("undecided", [])
    margin = conf.get("margin", 0.1)
    out += ["", f"Undecided (not settled; the interval is clear of zero or reaches a {100 * margin:.0f}-point gap), "
                f"nearest to settling first"]
    shown = undecided[:UNDECIDED_SHOWN]
    out += [f"  {x['inject']} {x['delegation']}: {x['option']} {_p(x['score'])} vs {x['versus']} "
            f"{_p(x['versus_score'])} {_diff_ci(x['interval'])}, about {x['games_needed']} games to settle"
            for x in shown] or ["  none"]
    if len(undecided) > len(shown):
        out.append(f"  ... and {len(undecided) - len(shown)} more (--format json lists them all)")
    need = report.get("games_needed")
    if need:
        out.append(f"  {len(undecided)} undecided pair(s): half would settle by about {report['games_needed_median']} "
                   f"games, all by about {need} (this run: {report['games']}).")
    else:
        out.append(f"  Every verdict is settled at {report['games']} games.")
    out += ["", "Saturating tracks (at least 25% of games end at the minimum or maximum)"]
    out += [f"  {report['tracks'][k]['label']}" for k in report["saturating"]] or ["  none"]
    th = report.get("throughput")
    if th:
        rate = th["games_per_second"]
        out += ["", f"Throughput: {report['games']} games in {th['seconds']:.2f} s = "
                    f"{rate if rate is not None else '-'} games/s with {th['jobs']} process(es)"]
    return "\n".join(out)
