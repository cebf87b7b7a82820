"""Rules from resources/rules/shenzhen.toml (via app.rules) said in the words a notice uses,
each with the legal source it rests on, so a printed notice always names its rule."""

from __future__ import annotations

import re
from fractions import Fraction

from app.rules import Rules, Source, Threshold, load_rules

_NUMERALS = "零一二三四五六七八九十"


def zh_fraction(share: Fraction) -> str:
    """2/3 → 三分之二 (denominators and numerators up to ten)."""
    def num(n: int) -> str:
        return _NUMERALS[n] if 0 <= n <= 10 else str(n)

    if share == Fraction(1, 2):
        return "半数"
    return f"{num(share.denominator)}分之{num(share.numerator)}"


def zh_threshold(threshold: Threshold) -> str:
    """"三分之二以上" (inclusive) or "过半数" (strict)."""
    if threshold.inclusive:
        return f"{zh_fraction(threshold.share)}以上"
    if threshold.share == Fraction(1, 2):
        return "过半数"
    return f"超过{zh_fraction(threshold.share)}"


def rules() -> Rules:
    return load_rules()


def cite(origin: Source) -> str:
    """"（《…》第…条）" after a sentence: verified rules only — paper never carries a rule
    the district has not confirmed. A note inside the citation ("（2019年修订）") is left out
    there, so parentheses never nest; `according_to` keeps it."""
    if not origin.citation:
        return ""
    return f"（{re.sub(r'（[^（）]*）', '', origin.citation)}）"


def according_to(*grounds: Source | str) -> str:
    """"根据《…》、…的规定，" naming each ground: a rule only when verified, text as it is."""
    names = [g.citation if isinstance(g, Source) else g for g in grounds]
    kept = [n for n in names if n]
    return f"根据{'、'.join(kept)}的规定，" if kept else ""


def basis(origin: Source) -> str:
    """A form's 依据 column: the verified citation, else what kind of rule it is in words a
    reviewer knows — an unverified text is never cited on paper."""
    return origin.citation or ("有关法律法规规定" if origin.is_law else "本区工作要求")


def quorum_sentence(r: Rules) -> str:
    q = r.quorum
    return (
        f"须有专有部分面积占比{zh_threshold(q)}且人数占比{zh_threshold(q)}的业主参与表决"
        + cite(q.origin)
    )


def election_sentence(r: Rules) -> str:
    e = r.election
    return (
        f"候选人须经参与表决专有部分面积{zh_threshold(e)}的业主且参与表决人数{zh_threshold(e)}"
        f"的业主同意方可当选{cite(e.origin)}"
    )


def e_vote_sentence(r: Rules) -> str:
    return (
        "业主可通过深圳市物业管理电子投票系统投票，也可填写纸质选票；"
        # how this meeting counts (cited only once the e-voting rules' text is verified)
        + ("本次会议计票时，同一业主既纸质投票又电子投票的，以电子投票为准"
           if r.counting.electronic_beats_paper else "同一业主只能选择一种方式投票")
        + cite(r.counting.e_vote_origin)
    )


def counting_sentence(r: Rules) -> str:
    return (
        "业主人数和专有部分面积按下列规则计算：建设单位未出售和虽已出售但尚未交付的部分合并计算为一人，"
        "一个业主拥有一个以上专有部分的按一人计算，一个专有部分的共有人按一人计算"
        + cite(r.counting.origin)
    )
