"""Explanations in every language: the catalogues, the texts they write, and choosing a language.

Run as a script, it prints docs/messages.md (the reference of every message id).
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aulso_returns import (
    AULSO_HISTORY,
    AULSO_POLICY,
    DEMO_CASES,
    HKT,
    LANGUAGES,
    LINE_FACTS,
    MESSAGES,
    Case,
    Catalogue,
    Category,
    Condition,
    Decision,
    Order,
    Reason,
    ReturnCase,
    ReturnRequest,
    Settlement,
    ValidationError,
    _cli,
    _decision,
    bar,
    catalogue,
    evaluate,
    ground,
    is_cash_on_delivery,
    options,
    payment_key,
    predicate,
    settle,
)
from aulso_returns._cli import EXAMPLES, main
from aulso_returns._messages import _KINDS, LineNotes, PaymentMethod, _compile
from aulso_returns._policy import REASON_CLAUSES
from aulso_returns._rules import split_clauses
from aulso_returns._template import placeholders
from strategies import cases, instants, policies, return_cases

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "src" / "aulso_returns" / "examples"
EN, ZH = catalogue("en"), catalogue("zh-Hant-HK")
ALWAYS = predicate(lambda _: True, code="always", description="always")


def decide(name: str, language: str | Catalogue = "en") -> Decision:
    case = Case.from_dict(DEMO_CASES[name])
    return evaluate(case.order, case.request, language=language)


def decide_with(policy: Any, name: str) -> Decision:
    case = Case.from_dict(DEMO_CASES[name])
    return evaluate(case.order, case.request, policy=policy)


# --- the shipped catalogues ----------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_shipped_language_has_every_id_and_only_the_placeholders_it_may_use(
    language: str,
) -> None:
    cat = catalogue(language)
    names = {key for key in cat.messages if key.startswith("payment.")}
    assert set(cat.messages) - names == set(MESSAGES)
    assert names  # and the names of payment methods, which no decision needs
    loaded = Catalogue.from_dict({"language": language, "messages": dict(cat.messages)})
    assert loaded.messages == cat.messages
    for key, text in cat.messages.items():
        assert placeholders(text) <= MESSAGES.get(key, frozenset()), key
    for rule in AULSO_POLICY.rules:  # and every rule of the shop's policy has its sentence
        text = rule.text(language)
        assert text is not None, rule.code
        assert placeholders(text) <= LINE_FACTS.keys()


def test_the_languages_are_english_and_hong_kong_chinese() -> None:
    assert LANGUAGES == ("en", "zh-Hant-HK")
    assert catalogue("EN") is EN
    assert catalogue("zh-hant-hk") is ZH
    assert catalogue(ZH) is ZH
    assert repr(ZH) == f"<Catalogue zh-Hant-HK: {len(ZH.messages)} messages>"


@pytest.mark.parametrize("language", ["fr", "zh-Hant", "zh", "", "en-GB"])
def test_an_unknown_language_is_refused_with_the_list(language: str) -> None:
    with pytest.raises(ValueError, match=r"the languages are en, zh-Hant-HK \(or load"):
        catalogue(language)
    with pytest.raises(ValueError, match="unknown language"):
        decide("worn earrings", language)


def test_every_clause_the_library_cites_is_in_the_policy_and_translated() -> None:
    policy_text = (ROOT / "docs" / "aulso-return-policy.txt").read_text(encoding="utf-8")
    from aulso_returns import _lifecycle  # noqa: PLC0415 - its private clauses

    cited = {c for r in AULSO_POLICY.rules for c in split_clauses(r.clause)}
    cited |= set(REASON_CLAUSES.values())
    cited |= {
        c for name, value in vars(_lifecycle).items() if name.startswith("_CLAUSES_") for c in value
    }
    for clause in cited:
        section = clause.partition(": ")[0]
        assert section.split()[0] in policy_text, clause
        assert clause in ZH.clauses, clause
    assert set(ZH.clauses) >= cited


# --- dates, times and money ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "en", "zh"),
    [
        (date(2026, 11, 10), "Tuesday 10 November 2026", "2026年11月10日（星期二）"),
        (date(2026, 1, 4), "Sunday 4 January 2026", "2026年1月4日（星期日）"),
        (date(2099, 12, 31), "Thursday 31 December 2099", "2099年12月31日（星期四）"),
        (date(1990, 1, 1), "Monday 1 January 1990", "1990年1月1日（星期一）"),
    ],
)
def test_dates(day: date, en: str, zh: str) -> None:
    assert (EN.date(day), ZH.date(day)) == (en, zh)


@pytest.mark.parametrize(
    ("moment", "en", "zh"),
    [
        (datetime(2026, 11, 5, 14, 30, tzinfo=HKT), "Thursday 5 November 2026, 14:30 Hong Kong time",
         "2026年11月5日（星期四）14:30（香港時間）"),
        (datetime(2026, 11, 5, 6, 30, tzinfo=timezone.utc), "Thursday 5 November 2026, 14:30 Hong Kong time",
         "2026年11月5日（星期四）14:30（香港時間）"),
        (datetime(2026, 11, 5, 23, 59, 59, tzinfo=HKT), "Thursday 5 November 2026, 23:59 Hong Kong time",
         "2026年11月5日（星期四）23:59（香港時間）"),
        (datetime(2026, 11, 5, 0, 0, 0, 1, tzinfo=HKT), "Thursday 5 November 2026, 00:00 Hong Kong time",
         "2026年11月5日（星期四）00:00（香港時間）"),
        (datetime(2026, 11, 4, 20, 0, tzinfo=timezone(timedelta(hours=-5))),
         "Thursday 5 November 2026, 09:00 Hong Kong time", "2026年11月5日（星期四）09:00（香港時間）"),
    ],
)  # fmt: skip
def test_instants_are_written_in_hong_kong_time(moment: datetime, en: str, zh: str) -> None:
    assert (EN.instant(moment), ZH.instant(moment)) == (en, zh)


@pytest.mark.parametrize(
    ("amount", "currency", "written"),
    [
        (Decimal(1020), "HKD", "HK$1,020.00"),
        (Decimal("1234567.5"), "HKD", "HK$1,234,567.50"),
        (Decimal(0), "HKD", "HK$0.00"),
        (Decimal("-0.00"), "HKD", "HK$0.00"),
        (Decimal("999.99"), "HKD", "HK$999.99"),
        (Decimal(1865), "JPY", "JPY 1,865"),
        (Decimal("12.5"), "USD", "USD 12.50"),
    ],
)
def test_money_has_its_minor_units_and_grouped_digits(
    amount: Decimal, currency: str, written: str
) -> None:
    assert EN.money(amount, currency) == written
    assert ZH.money(amount, currency) == written


def test_lists_and_unknown_values() -> None:
    assert [EN.listing(w) for w in ([], ["a"], ["a", "b"], ["a", "b", "c"])] == [
        "",
        "a",
        "a and b",
        "a, b and c",
    ]
    assert ZH.listing(["甲", "乙", "丙"]) == "甲、乙及丙"
    assert (EN.value(None), ZH.value(None)) == ("not known", "不詳")
    assert EN.value(3) == "3"


# --- what the explanations say ---------------------------------------------------------------------


def test_a_defect_gets_a_sentence_about_its_own_reason_and_clause() -> None:
    doc = {**DEMO_CASES["cash on delivery"]}
    doc["order"] = {**doc["order"], "payment_method": "visa"}
    case = Case.from_dict(doc)
    (sentence,) = evaluate(case.order, case.request).explanation
    assert sentence == (
        "BRAC-CHAIN (1 × bracelet, refund because it is defective): accepted. We are sorry that it "
        "is defective: we cover the return shipping and offer a full refund (HK$890.00) or a free "
        "exchange. "
        "(Policy: We Accept Returns/Exchanges If: damaged, defective, or color discrepancy.)"
    )


def test_one_header_per_line_then_each_reason() -> None:
    (sentence,) = decide("worn earrings").explanation
    assert sentence.count("EAR-HOOP-S") == 1
    assert sentence.startswith("EAR-HOOP-S (1 × earrings, refund because you changed your mind): ")
    assert sentence.count("(Policy: ") == 2


def test_a_late_request_names_the_dates_that_decided() -> None:
    doc = {**DEMO_CASES["change of mind in time"]}
    doc["request"] = {**doc["request"], "requested_at": "2026-12-03T10:00:00+08:00"}
    case = Case.from_dict(doc)
    (sentence,) = evaluate(case.order, case.request).explanation
    assert (
        "the item was delivered on Monday 2 November 2026, so the last day to ask was Wednesday 2 "
        "December 2026, and the request came on Thursday 3 December 2026." in sentence
    )
    (zh,) = evaluate(case.order, case.request, language="zh-Hant-HK").explanation
    assert (
        "貨品於2026年11月2日（星期一）送達，最後申請日期為2026年12月2日（星期三），"
        "而閣下於2026年12月3日（星期四）才提出申請。" in zh
    )


def test_an_item_not_delivered_says_so_and_unknown_facts_are_written_as_such() -> None:
    doc = {**DEMO_CASES["change of mind in time"]}
    doc["order"] = {**doc["order"], "items": [{**doc["order"]["items"][0], "delivered_at": None}]}
    case = Case.from_dict(doc)
    (sentence,) = evaluate(case.order, case.request).explanation
    assert sentence.endswith(
        "The item had not been delivered when you asked on Thursday 5 November 2026, 14:30 Hong "
        "Kong time, so it cannot be returned yet. (Policy: General Return/Exchange Guidelines: "
        "Return Window.)"
    )
    policy = AULSO_POLICY.with_rule(
        bar("not_delivered", AULSO_POLICY.rule("not_delivered").when, "Delivered: {delivered_on}.")
    )
    (sentence,) = evaluate(case.order, case.request, policy=policy).explanation
    assert sentence.endswith("): not accepted. Delivered: not known.")


def test_the_merchant_error_ground_cites_the_clause_of_each_reason() -> None:
    rule = AULSO_POLICY.rule("merchant_error")
    assert split_clauses(rule.clause) == tuple(dict.fromkeys(REASON_CLAUSES.values()))
    assert {r.value for r in REASON_CLAUSES} == {
        "wrong_item", "wrong_size", "wrong_color", "arrived_damaged", "defective", "color_discrepancy",
    }  # fmt: skip


def test_split_clauses() -> None:
    assert split_clauses(None) == ()
    assert split_clauses("") == ()
    assert split_clauses("a; b;a ;; c") == ("a", "b", "c")


# --- laws over generated cases ---------------------------------------------------------------------

#: What must never reach a customer: a placeholder, a code, a Python repr.
_LEAKS = re.compile(
    r"[{}]|\b[a-z]+_[a-z_]+\b|Decimal\(|datetime|<|\bNone\b|Reason\.|Condition\.|Resolution\.|Category\."
)


def _free_of_leaks(text: str, *own: str) -> None:
    for value in own:  # the order's own values are written as given
        text = text.replace(value, "")
    assert not _LEAKS.search(text), text


def _own_values(order: Order) -> list[str]:
    return sorted(
        {
            order.order_id,
            order.payment_method,
            *(i.sku for i in order.items),
            "SF",
            *(c.value(PaymentMethod(order.payment_method)) for c in (EN, ZH)),
        },  # a method's name
        key=len,
        reverse=True,
    )


@given(cases(), st.sampled_from(LANGUAGES))
def test_no_rendered_text_leaks_a_placeholder_a_code_or_a_repr(
    case: tuple[Order, ReturnRequest], language: str
) -> None:
    order, request = case
    decision = evaluate(order, request, language=language)
    _free_of_leaks(decision.explain(), *_own_values(order))
    if language != "en":  # everything is translated: no English word is left
        text = decision.explain()
        for value in _own_values(order):
            text = text.replace(value, "")
        assert not re.search(r"[a-z]{3,}", text.replace("Aulso", "").replace("COD", "")), text


@given(return_cases(), st.sampled_from(LANGUAGES))
def test_no_settlement_text_leaks_either(case: ReturnCase, language: str) -> None:
    settlement = settle(case, language=language)
    _free_of_leaks(settlement.explain(), *_own_values(case.order))


@given(cases(), policies())
def test_the_language_never_changes_the_decision(
    case: tuple[Order, ReturnRequest], policy: Any
) -> None:
    order, request = case
    english = evaluate(order, request, policy=policy)
    chinese = evaluate(order, request, policy=policy, language="zh-Hant-HK")
    assert {**english.to_dict(), "explanation": None, "language": None} == {
        **chinese.to_dict(), "explanation": None, "language": None,
    }  # fmt: skip
    assert (english.language, chinese.language) == ("en", "zh-Hant-HK")
    # a decision explains itself in any language: the same text evaluate writes in it
    assert english.explain("zh-Hant-HK") == chinese.explain()
    assert chinese.explain("en") == english.explain()
    assert len(english.explanation) == len(english.lines)


@given(return_cases())
def test_the_language_never_changes_the_settlement(case: ReturnCase) -> None:
    english, chinese = settle(case), settle(case, language="zh-Hant-HK")
    assert {**english.to_dict(), "explanation": None, "language": None} == {
        **chinese.to_dict(), "explanation": None, "language": None,
    }  # fmt: skip
    assert english.explain("zh-Hant-HK") == chinese.explain()
    assert chinese.explain("en") == english.explain()


# --- customer text as a careful person writes it ---------------------------------------------------

#: A written time of day: hours and minutes, then seconds and microseconds where written.
_TIME = re.compile(r"(\d{2}:\d{2})(?::(\d{2})(\.\d{6})?)?")
#: Where a sentence ends, in either language (a microsecond's dot is followed by digits).
_SENTENCE_END = re.compile(r"(?<=[。.])\s+|(?<=。)|\n")


def _seconds_only_to_tell_instants_apart(text: str) -> None:
    for sentence in _SENTENCE_END.split(text):
        times = _TIME.findall(sentence)
        for minute, second, micro in times:
            if second:  # another instant of the sentence falls in the same minute...
                assert [t for t in times if t[0] == minute and t != (minute, second, micro)], (
                    sentence
                )
            if micro:  # ... or, written to the microsecond, in the same second
                assert [t for t in times if t[:2] == (minute, second) and t[2] != micro], sentence


@given(cases(), st.sampled_from(LANGUAGES))
def test_a_decisions_text_writes_seconds_only_where_two_instants_would_read_alike(
    case: tuple[Order, ReturnRequest], language: str
) -> None:
    order, request = case
    _seconds_only_to_tell_instants_apart(evaluate(order, request, language=language).explain())


@given(return_cases(), st.sampled_from(LANGUAGES))
def test_a_settlements_and_an_orders_options_text_write_seconds_only_where_needed(
    case: ReturnCase, language: str
) -> None:
    _seconds_only_to_tell_instants_apart(settle(case, language=language).explain())
    at = max(case.case.request.requested_at, case.order.placed_at)
    _seconds_only_to_tell_instants_apart(options(case.order, at, language=language).explain())


@given(st.lists(instants(), min_size=1, max_size=4), st.sampled_from(LANGUAGES))
def test_the_instants_of_a_sentence_read_apart_exactly_when_they_differ(
    moments: list[datetime], language: str
) -> None:
    cat = catalogue(language)
    written = cat.instants(tuple(moments))
    for moment, text in zip(moments, written, strict=True):
        alone = cat.instant(moment)
        others = [m for m in moments if m != moment]
        if all(cat.instant(m) != alone for m in others):
            assert text == alone  # to the minute, unless another would read the same
        for other, other_text in zip(moments, written, strict=True):
            assert (text == other_text) is (other == moment)


def test_the_shops_deadlines_read_as_what_the_shop_will_do_by_then() -> None:
    customers = {"en": re.compile(r"\bdue\b|deadline|settled", re.IGNORECASE),
                 "zh-Hant-HK": re.compile("限期|期限|處理完畢")}  # fmt: skip
    for language in LANGUAGES:
        cat = catalogue(language)
        for key in MESSAGES:
            if key.startswith(("settlement.heading", "status.")):
                text = re.sub(r"\{\w+\}", "", cat.messages[key])
                assert not customers[language].search(text), (language, key)
        for name in EXAMPLES:
            if name.startswith("settle-"):
                case = ReturnCase.from_dict(json.loads((FOLDER / name).read_text(encoding="utf-8")))
                heading = settle(case, language=language).explain().splitlines()[0]
                assert not customers[language].search(heading), (language, name, heading)
    settled = json.loads((FOLDER / "settle-settled.json").read_text(encoding="utf-8"))
    assert settle(ReturnCase.from_dict(settled)).explain().splitlines()[0] == (
        "Order A-3001: we have inspected your return and will refund HK$1,978.00 by Thursday 19 "
        "November 2026."
    )
    assert settle(ReturnCase.from_dict(settled), language="zh-Hant-HK").explain().splitlines()[
        0
    ] == (
        "訂單A-3001：我們已完成檢驗閣下的退貨，並會於2026年11月19日（星期四）或之前退款HK$1,978.00。"
    )


def test_every_payment_method_of_the_examples_and_the_demo_is_written_by_its_name() -> None:
    documents = [
        json.loads((FOLDER / n).read_text(encoding="utf-8"))
        for n in EXAMPLES
        if n.endswith(".json") and not n.startswith("shopify-")
    ]
    documents += [json.loads(line) for line in (FOLDER / "batch.jsonl").read_text().splitlines()]
    documents += [  # an order imported from Shopify: the order it becomes
        json.loads((FOLDER / "expected" / n).read_text(encoding="utf-8"))
        for n in ("shopify-order.json", "shopify-graphql.json")
    ]
    methods = {d["order"]["payment_method"] for d in [*documents, *DEMO_CASES.values()]}
    for method in methods - {m for m in methods if is_cash_on_delivery(m)}:
        for cat in (EN, ZH):
            name = cat.messages[payment_key(method)]  # the catalogue has its name
            assert cat.value(PaymentMethod(method)) == name != method
    assert "(Visa)" in decide("change of mind in time").explain()
    assert EN.value(PaymentMethod("Alipay (HK)")) == "AlipayHK"
    assert (EN.value(PaymentMethod("FPS")), ZH.value(PaymentMethod("fps"))) == ("FPS", "轉數快")
    assert ZH.value(PaymentMethod("Shop Credit 積分")) == "Shop Credit 積分"  # as the shop wrote it
    shop = Catalogue.from_dict(
        {"language": "en-x-shop", "base": "en", "messages": {"payment.shop_credit": "store credit"}}
    )
    assert shop.value(PaymentMethod("Shop Credit")) == "store credit"


def _chinese_texts() -> dict[str, str]:
    """Every Chinese template the shop's texts are written from, by where it is."""
    texts = {f"message {k}": v for k, v in ZH.messages.items()}
    texts |= {f"rule {r.code}": r.text("zh-Hant-HK") or "" for r in AULSO_POLICY.rules}
    texts |= {f"clause {k}": v for k, v in ZH.clauses.items()}
    return texts


#: A label a Chinese colon may follow: what precedes it in its sentence, placeholders and
#: bracketed parts left out, is a short noun phrase (訂單, 下一步, 退款) or nothing (a sku).
_LABEL = re.compile(r"[^，。；、：]{0,3}")


def test_a_chinese_colon_only_follows_a_label_never_a_clause() -> None:
    for where, text in _chinese_texts().items():
        for sentence in re.split("[。\uff01\uff1f；\n]", text):  # full stops, ! and ? end one
            before, colon, _ = sentence.partition("：")
            if colon:
                bare = re.sub(r"（[^（）]*）", "", re.sub(r"\{\w+\}", "", before))
                assert _LABEL.fullmatch(bare), (where, sentence)
                assert "：" not in sentence[len(before) + 1 :], (where, sentence)


def test_chinese_puts_no_space_beside_a_chinese_character() -> None:
    han = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
    beside = re.compile(f"[{han}] | [{han}]")
    for where, text in _chinese_texts().items():
        assert not beside.search(re.sub(r"\{\w+\}", "X", text)), (where, text)


@pytest.mark.parametrize(
    ("category", "quantity", "en", "zh"),
    [("earrings", 1, "1 × earrings", "耳環1對"), ("ring", 2, "2 × ring", "戒指2隻"),
     ("bracelet", 1, "1 × bracelet", "手鏈1條"), ("necklace", 3, "3 × necklace", "頸鏈3條"),
     ("other", 1, "1 × item", "貨品1件")],
)  # fmt: skip
def test_a_line_counts_its_units_with_the_measure_word_of_its_kind(
    category: str, quantity: int, en: str, zh: str
) -> None:
    kind = Category(category)
    assert (EN.count(kind, quantity), ZH.count(kind, quantity)) == (en, zh)


def test_a_request_is_named_by_what_it_asks_for() -> None:
    for name, en, zh in [
        ("change of mind in time", "your return request", "閣下的退貨申請"),
        ("damaged on arrival", "your exchange request", "閣下的換貨申請"),
        ("partial approval", "your return and exchange request", "閣下的退換申請"),
    ]:
        assert en in decide(name).explain().splitlines()[0]
        assert zh in decide(name, "zh-Hant-HK").explain().splitlines()[0]


def test_the_conditions_of_an_item_are_written_as_its_states() -> None:
    worn = (Condition.WORN, Condition.MISSING_PACKAGING)
    assert (EN.value(worn), ZH.value(worn)) == (
        "worn and without its original packaging",
        "曾被佩戴，並缺少原裝包裝",
    )
    assert ZH.value((Condition.WORN, Condition.WASHED, Condition.TAGS_REMOVED)) == (
        "曾被佩戴、曾被清洗，並吊牌已被除下"
    )


# --- read back from JSON ---------------------------------------------------------------------------


def test_the_language_round_trips_and_defaults_to_english() -> None:
    decision = decide("partial approval", "zh-Hant-HK")
    doc = decision.to_dict()
    again = Decision.from_dict(doc)
    assert again == decision
    assert again.explain() == decision.explain()
    assert again.explain("zh-Hant-HK") == decision.explain()
    with pytest.raises(ValueError, match="read from JSON and is written in zh-Hant-HK"):
        again.explain("en")
    del doc["language"]  # written before the field existed
    assert Decision.from_dict(doc).language == "en"
    settlement = settle(ReturnCase.from_dict(DEMO_CASES["partial approval"]), language="zh-Hant-HK")
    assert Settlement.from_dict(settlement.to_dict()).explain() == settlement.explain()


@pytest.mark.parametrize("bad", ["", "x", "english", "zh_Hant", "zh-Hant-HK-", 7, None])
def test_a_language_that_is_not_a_tag_is_refused_when_read(bad: object) -> None:
    doc = {**decide("worn earrings").to_dict(), "language": bad}
    with pytest.raises(ValidationError) as caught:
        Decision.from_dict(doc)
    assert caught.value.path == "decision.language"
    if isinstance(bad, str) and bad:
        assert caught.value.problem == f"expected a language tag such as zh-Hant-HK, got {bad!r}"
    settlement = {**settle(ReturnCase.from_dict(DEMO_CASES["worn earrings"])).to_dict()}
    with pytest.raises(ValidationError) as caught:
        Settlement.from_dict({**settlement, "language": bad})
    assert caught.value.path == "settlement.language"


# --- a catalogue of the shop's own -----------------------------------------------------------------


def _shop(**messages: str) -> Catalogue:
    return Catalogue.from_dict({"language": "en-x-shop", "base": "en", "messages": messages})


@given(cases(), policies(), st.sampled_from([*LANGUAGES, "shop"]))
def test_a_line_is_written_as_its_notes_one_by_one(
    case: tuple[Order, ReturnRequest], policy: Any, language: str
) -> None:
    # the writers kept per plan (and per catalogue) give the text of writing each note alone
    order, request = case
    cat = (
        _shop(**{"line.refused": "{sku}: no ({reason}).", "line.no_ground": "Not for {item}."})
        if language == "shop"
        else catalogue(language)
    )
    decision = evaluate(order, request, policy=policy, language=cat)
    assert decision._notes is not None
    for line, notes, written in zip(
        decision.lines, decision._notes, decision.explanation, strict=True
    ):
        one_by_one = [cat.write(note) for note in notes]
        assert written == cat.messages["sentence.separator"].join(one_by_one)
        assert one_by_one[0].startswith(line.sku)  # the header, then the sentences that decided


def test_a_shop_catalogue_overrides_some_wording_and_a_rules_sentence() -> None:
    shop = _shop(
        **{
            "next.heading": "What happens next:",
            "rule.hygiene_excluded": "No worn earrings ({sku}).",
        }
    )
    assert shop.language == "en-x-shop"
    text = decide("partial approval", shop).explain()
    assert "\nWhat happens next:\n" in text
    assert (
        "No worn earrings (EAR-STUD-G). (Policy: General Return/Exchange Guidelines: Non-Returnable Items.)"
        in text
    )
    assert decide("partial approval", shop).to_dict()["language"] == "en-x-shop"
    # the base is untouched
    assert "\nNext steps:\n" in decide("partial approval").explain()


def test_a_catalogue_of_a_new_language_gives_every_id() -> None:
    full = {key: EN.messages[key].upper() for key in MESSAGES}
    for key, text in full.items():  # keep the placeholders' names
        full[key] = re.sub(r"\{([A-Z_]+)\}", lambda m: "{" + m.group(1).lower() + "}", text)
    policy_texts = {f"rule.{r.code}": r.message for r in AULSO_POLICY.rules}
    loud = Catalogue.from_dict({"language": "fr", "messages": {**full, **policy_texts}})
    assert decide("worn earrings", loud).explain().startswith("ORDER A-1001: YOUR RETURN REQUEST")
    without_rules = Catalogue.from_dict({"language": "fr", "messages": full})
    with pytest.raises(ValueError, match="no fr text for the rule"):
        decide("worn earrings", without_rules)
    # a variant of English falls back to the rules' English sentences
    variant = Catalogue.from_dict({"language": "en-x-loud", "messages": full})
    assert "For hygiene and safety reasons" in decide("worn earrings", variant).explain()


def test_settle_checks_the_policy_in_the_language_before_writing() -> None:
    policy = AULSO_POLICY.with_rule(bar("closed", ALWAYS, "Closed."))
    case = ReturnCase.from_dict(DEMO_CASES["worn earrings"])
    with pytest.raises(ValueError, match=r"^no zh-Hant-HK text for the rule\(s\) closed: give it"):
        settle(case, policy=policy, language="zh-Hant-HK")


def test_a_decision_explained_in_a_language_its_rules_lack_says_so() -> None:
    policy = AULSO_POLICY.with_rule(bar("closed", ALWAYS, "Closed."))
    case = Case.from_dict(DEMO_CASES["worn earrings"])
    decision = evaluate(case.order, case.request, policy=policy)
    assert decision.explanation[0].endswith("Closed.")
    with pytest.raises(ValueError, match=r"^no zh-Hant-HK text for the rule closed$"):
        decision.explain("zh-Hant-HK")


def test_a_rule_translation_is_found_by_the_more_general_tag() -> None:
    rule = bar("closed", ALWAYS, "Closed.", translations={"zh-Hant": "休息。", "zh": "关门。"})
    assert rule.text("zh-Hant") == "休息。"
    hk_shop = Catalogue.from_dict({"language": "zh-Hant-HK-x-shop", "base": "zh-Hant-HK"})
    policy = AULSO_POLICY.with_rule(rule)
    hk_shop.check(policy)  # zh-Hant-HK-x-shop -> zh-Hant-HK -> zh-Hant: found
    assert hk_shop._lookup(rule) == "休息。"


@pytest.mark.parametrize(
    ("data", "path", "problem"),
    [
        ([], "catalogue", "expected an object with language and messages"),
        ({"language": "en-x", "base": "en", "message": {}}, "catalogue.message", "is not a field of a catalogue"),
        ({"base": "en"}, "catalogue.language", "expected a language tag such as zh-Hant-HK, got None"),
        ({"language": "en x", "base": "en"}, "catalogue.language", "expected a language tag"),
        ({"language": "en-x", "base": 1}, "catalogue.base", "expected the name of a language"),
        ({"language": "en-x", "base": "fr"}, "catalogue.base", "unknown language 'fr'"),
        ({"language": "en-x", "base": "en", "messages": []}, "catalogue.messages", "expected an object of texts"),
        ({"language": "en-x", "base": "en", "messages": {"next.heading": 1}}, "catalogue.messages.next.heading",
         "expected a text"),
        ({"language": "en-x", "base": "en", "messages": {"next.heding": "x"}}, "catalogue.messages.next.heding",
         "is not a message id"),
        ({"language": "en-x", "base": "en", "messages": {"rule.Bad": "x"}}, "catalogue.messages.rule.Bad",
         "is not a message id"),
        ({"language": "en-x", "base": "en", "messages": {"next.wait": "by {day}"}}, "catalogue.messages.next.wait",
         "{day} is not a placeholder it can use (it can use: {date})"),
        ({"language": "en-x", "base": "en", "messages": {"next.heading": "{}"}}, "catalogue.messages.next.heading",
         "placeholder {} is not a plain name"),
        ({"language": "en-x", "base": "en", "messages": {"next.wait": "{date:%Y}"}}, "catalogue.messages.next.wait",
         "placeholder {date:%Y} is not a plain name"),
        ({"language": "en-x", "base": "en", "messages": {"next.wait": "{date!r}"}}, "catalogue.messages.next.wait",
         "placeholder {date!r} is not a plain name"),
        ({"language": "en-x", "base": "en", "messages": {"next.wait": "{date.year}"}}, "catalogue.messages.next.wait",
         "placeholder {date.year} is not a plain name"),
        ({"language": "en-x", "base": "en", "messages": {"next.wait": "by {date"}}, "catalogue.messages.next.wait",
         "expected '}' before end of string (write a brace as {{ or }})"),
        ({"language": "en-x", "base": "en", "messages": {"next.heading": "{x}"}}, "catalogue.messages.next.heading",
         "{x} is not a placeholder it can use (it can use: none)"),
        ({"language": "en-x", "base": "en", "messages": {"rule.x": "{order_id!r}"}}, "catalogue.messages.rule.x",
         "placeholder {order_id!r} is not a plain name"),
        ({"language": "en-x", "base": "en", "clauses": {"A": ""}}, "catalogue.clauses.A", "expected a non-empty text"),
        ({"language": "en-x", "messages": {"next.heading": "x"}}, "catalogue.messages",
         "decision.approved is missing"),
    ],
)  # fmt: skip
def test_a_catalogue_is_checked_whole_when_it_is_built(
    data: object, path: str, problem: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        Catalogue.from_dict(data)
    assert caught.value.path == path
    assert caught.value.problem.startswith(problem)


def test_a_catalogue_loads_from_json_and_toml(tmp_path: Path) -> None:
    doc = {"language": "en-x-shop", "base": "en", "messages": {"next.heading": "Then:"},
           "clauses": {"Refunds: within 7 business days after we receive and inspect your return": "Refunds"}}  # fmt: skip
    (tmp_path / "shop.json").write_text(json.dumps(doc), encoding="utf-8")
    (tmp_path / "shop.toml").write_text(
        'language = "en-x-shop"\nbase = "en"\n[messages]\n"next.heading" = "Then:"\n[clauses]\n'
        '"Refunds: within 7 business days after we receive and inspect your return" = "Refunds"\n',
        encoding="utf-8",
    )
    for name in ("shop.json", "shop.toml"):
        shop = Catalogue.load(tmp_path / name)
        assert shop.text("next.heading") == "Then:"
        assert shop.cite(
            ("Refunds: within 7 business days after we receive and inspect your return",)
        ) == (" (Policy: Refunds.)")
    (tmp_path / "latin.json").write_bytes(
        '{"language": "en-x", "base": "en", "messages": {"next.heading": "Ç"}}'.encode("latin-1")
    )
    (tmp_path / "latin.toml").write_bytes('language = "Ç"'.encode("latin-1"))
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    (tmp_path / "bad.toml").write_text("language = ", encoding="utf-8")
    for name, problem in [("bad.json", "not valid JSON: "), ("bad.toml", "not valid TOML: "),
                          ("missing.json", "cannot read"),
        ("latin.json", "not UTF-8 text: byte 0xc7 at offset 65"), ("latin.toml", "not valid TOML: 'utf-8' codec can't decode")]:  # fmt: skip
        with pytest.raises(ValidationError) as caught:
            Catalogue.load(str(tmp_path / name))
        assert caught.value.path == "catalogue"
        assert problem in caught.value.problem


def test_check_covers_every_version_of_a_history() -> None:
    english_only = AULSO_POLICY.with_rule(bar("closed", ALWAYS, "Closed.")).renamed(
        "aulso", "2027.1"
    )
    history = AULSO_HISTORY.with_version(datetime(2027, 1, 1, tzinfo=HKT), english_only)
    EN.check(history)
    with pytest.raises(ValueError, match=r"no zh-Hant-HK text for the rule\(s\) closed"):
        ZH.check(history)
    ZH.check(AULSO_HISTORY)


def test_a_policy_is_checked_once_and_the_checked_are_kept_bounded() -> None:
    cat = Catalogue.from_dict({"language": "en-x-count", "base": "en"})
    cat.check(AULSO_POLICY)
    assert cat._checked[id(AULSO_POLICY)] is AULSO_POLICY
    for n in range(70):
        cat.check(AULSO_POLICY.renamed("p", str(n)))
    assert len(cat._checked) <= 64


def test_every_rule_without_a_text_is_named() -> None:
    policy = AULSO_POLICY.with_rule(bar("closed", ALWAYS, "Closed.")).with_rule(
        bar("shut", ALWAYS, "Shut.")
    )
    with pytest.raises(ValueError, match="closed, shut") as caught:
        ZH.check(policy)
    assert str(caught.value) == (
        "no zh-Hant-HK text for the rule(s) closed, shut: give it in the rule's translations or "
        "as rule.<code> in the catalogue"
    )


def test_a_rule_cites_its_own_clauses_unless_it_says_what_it_cites() -> None:
    # the merchant-error ground cites its reason's clause because it says so (cites), not
    # because of its predicate: another rule on the same predicate cites its own clauses
    when = AULSO_POLICY.rule("merchant_error").when
    policy = AULSO_POLICY.with_rule(bar("no_errors", when, "No.", clause="x; y"))
    (sentence,) = decide_with(policy, "cash on delivery").explanation
    assert sentence.endswith("No. (Policy: x; y.)")
    cites = AULSO_POLICY.rule("merchant_error").cites
    policy = AULSO_POLICY.with_rule(bar("no_errors", when, "No.", clause="x; y", cites=cites))
    (sentence,) = decide_with(policy, "cash on delivery").explanation
    assert sentence.endswith(
        "No. (Policy: We Accept Returns/Exchanges If: damaged, defective, or color discrepancy.)"
    )


def test_a_line_without_a_ground_is_written_with_its_facts() -> None:
    policy = AULSO_POLICY.without("merchant_error").without("change_of_mind")
    shop = _shop(**{"line.no_ground": "Nothing covers {sku} ({amount})."})
    case = Case.from_dict(DEMO_CASES["damaged on arrival"])
    (sentence,) = evaluate(case.order, case.request, policy=policy, language=shop).explanation
    assert sentence.endswith("not accepted. Nothing covers NECK-PEARL (HK$2,450.00).")


def test_a_language_that_is_not_text_is_unknown() -> None:
    with pytest.raises(ValueError, match=r"^unknown language 3: the languages are"):
        catalogue(3)  # type: ignore[arg-type]


def test_a_catalogue_without_suffix_is_read_as_json_and_toml_needs_its_module(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "shop").write_text("{", encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        Catalogue.load(tmp_path / "shop")
    assert caught.value.problem.startswith(f"{tmp_path / 'shop'}: not valid JSON: ")
    (tmp_path / "twice.json").write_text(
        '{"language": "en-x", "base": "en", "messages": {"next.heading": "A", "next.heading": "B"}}',
        encoding="utf-8",
    )
    with pytest.raises(ValidationError) as caught:
        Catalogue.load(tmp_path / "twice.json")
    assert (caught.value.path, caught.value.problem) == (
        "catalogue.messages.next.heading",
        "is named twice in the same object",
    )
    (tmp_path / "shop.toml").write_text('language = "en-x"\nbase = "en"\n', encoding="utf-8")
    from aulso_returns import _messages  # noqa: PLC0415 - its import of tomllib

    def no_tomllib(name: str) -> object:
        raise ImportError(name)

    monkeypatch.setattr(_messages.importlib, "import_module", no_tomllib)
    with pytest.raises(ValidationError) as caught:
        Catalogue.load(tmp_path / "shop.toml")
    assert (caught.value.path, caught.value.problem) == (
        "catalogue",
        "TOML needs Python 3.11 or later: use JSON",
    )


def test_a_key_named_twice_is_refused_at_any_level(tmp_path: Path) -> None:
    (tmp_path / "twice.json").write_text(
        '{"language": "en-x", "language": "en-y", "base": "en"}', encoding="utf-8"
    )
    with pytest.raises(ValidationError) as caught:
        Catalogue.load(tmp_path / "twice.json")
    assert (caught.value.path, caught.value.problem) == (
        "catalogue.language",
        "is named twice in the same object",
    )


def test_a_shop_catalogue_overrides_a_grounds_sentence() -> None:
    shop = _shop(**{"rule.change_of_mind": "Yes, {sku} comes back."})
    (sentence,) = decide("change of mind in time", shop).explanation
    assert sentence.endswith(
        ": accepted. Yes, RING-ROSE-7 comes back. (Policy: Change of Mind Returns: Return Window.)"
    )


def test_a_catalogue_based_on_another_keeps_its_clause_titles() -> None:
    hk = Catalogue.from_dict({"language": "zh-Hant-HK-x-shop", "base": "zh-Hant-HK"})
    assert hk.clauses == ZH.clauses
    clause = "Refunds: within 7 business days after we receive and inspect your return"
    assert hk.cite((clause,)) == "（見政策「退款」中「於我們收到並檢驗退貨後7個工作天內」一項）"


def test_a_fresh_catalogue_writes_every_kind_of_value() -> None:
    # a new catalogue has empty caches: what it writes is computed here
    fresh = Catalogue.from_dict({"language": "en-x-fresh", "base": "en"})
    assert fresh.value((Condition.WORN, Condition.USED)) == "worn and used"
    assert fresh.value(()) == ""
    assert fresh.value(Decimal("1.5")) == "1.5"
    assert fresh.value(None) == "not known"
    assert fresh.value(Reason.DEFECTIVE) == "it is defective"
    assert fresh.value(date(2026, 11, 10)) == "Tuesday 10 November 2026"


def test_the_kept_texts_are_the_ones_written_again() -> None:
    fresh = Catalogue.from_dict({"language": "en-x-fresh", "base": "en"})
    rule = AULSO_POLICY.rule("hygiene_excluded")
    assert fresh._rule_text(rule) == rule.message
    assert fresh._by_rule[id(rule)] == (rule, rule.message)
    fresh._by_rule[id(rule)] = (rule, "kept")  # what is kept is what is written
    assert fresh._rule_text(rule) == "kept"
    other = AULSO_POLICY.rule("cash_on_delivery")
    fresh._by_rule[id(other)] = (rule, "another rule's")  # an id reused by another rule
    assert fresh._rule_text(other) == other.message
    clauses = ("a", "b")
    assert fresh.cite(clauses) == " (Policy: a; b.)"
    assert fresh._citations[clauses] == " (Policy: a; b.)"
    fresh._citations[clauses] = "kept"
    assert fresh.cite(clauses) == "kept"


def test_a_lines_plan_and_its_writers_are_kept_and_used(monkeypatch: pytest.MonkeyPatch) -> None:
    # no plan kept yet (mutmut forks after the suite has filled the module's cache)
    monkeypatch.setattr(_decision, "_PLANS", {})
    fresh = Catalogue.from_dict({"language": "en-x-fresh", "base": "en"})
    decision = decide("worn earrings", fresh)
    assert decision._notes is not None
    (notes,) = decision._notes
    assert isinstance(notes, LineNotes)
    again = decide("worn earrings", fresh)._notes
    assert again is not None
    assert isinstance(again[0], LineNotes)
    assert again[0].plan is notes.plan  # one plan per ruling and reason
    readers = notes.facts.readers
    parts = fresh._line_parts(notes.plan, readers)
    assert fresh._lines[id(notes.plan)] == (notes.plan, parts)
    assert fresh._line_parts(notes.plan, readers) is parts
    write = parts[0][0]
    assert fresh._writer(fresh.messages["line.refused"], readers) is write
    fresh._lines[id(notes.plan)] = (notes.plan, ((write, " kept."),))  # what is kept is used
    written = write(notes.facts)
    assert fresh.sentences(notes) == written + " kept."


def test_a_decision_read_back_explains_its_return_postage() -> None:
    doc = decide("change of mind in time").to_dict()
    refund = doc["refund"]
    doc["refund"] = {**refund, "return_shipping": "45.00", "total": "1325.00"}
    text = Decision.from_dict(doc).explain()
    assert (
        "Refund: HK$1,325.00 (HK$1,280.00 for the items, plus HK$45.00 return postage) to" in text
    )


def test_a_settlement_read_back_without_a_language_is_english_and_a_shop_catalogue_is_kept() -> (
    None
):
    case = ReturnCase.from_dict(DEMO_CASES["partial approval"])
    doc = settle(case).to_dict()
    del doc["language"]
    assert Settlement.from_dict(doc).language == "en"
    shop = _shop(**{"settle.wait": "Hold on for our email."})
    settled = settle(case, language=shop)
    assert settled.explain().endswith("- Hold on for our email.")
    assert settled.language == "en-x-shop"


# --- rules: their sentences and translations, checked where they are defined ----------------------


def test_a_rule_sentence_is_checked_where_the_rule_is_defined() -> None:
    # its syntax with the rule; the facts it names with the policy that declares them
    with pytest.raises(ValueError, match=r"a rule's message: .*is not a plain name"):
        ground("g", ALWAYS, "Refund {total:>9}.")
    with pytest.raises(ValueError, match=r"translations\['zh-Hant-HK'\]: .*write a brace as"):
        ground("g", ALWAYS, "Yes.", translations={"zh-Hant-HK": "{x"})
    with pytest.raises(ValueError, match=r"rule g \(en\): \{total\} is not a placeholder"):
        AULSO_POLICY.with_rule(ground("g", ALWAYS, "Refund {total}."))
    with pytest.raises(ValueError, match=r"rule g \(zh-Hant-HK\): \{x\} is not a placeholder"):
        AULSO_POLICY.with_rule(ground("g", ALWAYS, "Yes.", translations={"zh-Hant-HK": "{x}"}))
    with pytest.raises(ValueError, match="'zh_HK' is not a language tag"):
        ground("g", ALWAYS, "Yes.", translations={"zh_HK": "是。"})
    with pytest.raises(TypeError, match="translations must map languages to texts, got list"):
        ground("g", ALWAYS, "Yes.", translations=["是。"])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="a text must be a string, got int"):
        ground("g", ALWAYS, "Yes.", translations={"zh": 1})  # type: ignore[dict-item]
    assert ground("g", ALWAYS, "{{braces}} and {sku}").message == "{{braces}} and {sku}"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", sorted(LINE_FACTS))
def test_a_line_fact_is_written_as_the_catalogue_writes_its_value(name: str, language: str) -> None:
    # each fact's writer skips the catalogue's look-up by type; it writes the same text
    assert set(_KINDS) <= set(LINE_FACTS)
    case = Case.from_dict(DEMO_CASES["worn earrings"])
    notes = evaluate(case.order, case.request)._notes
    assert notes is not None
    (line,) = notes
    assert isinstance(line, LineNotes)
    facts = line.facts
    cat = catalogue(language)
    value = LINE_FACTS[name](facts)
    expected = cat.count(*value) if name == "items" else cat.value(value)
    assert _compile(f"<{{{name}}}>", LINE_FACTS, cat)(facts) == f"<{expected}>"


def test_every_line_fact_is_written() -> None:
    facts = "; ".join(f"{name}={{{name}}}" for name in sorted(LINE_FACTS))
    policy = AULSO_POLICY.with_rule(
        ground(
            "change_of_mind",
            AULSO_POLICY.rule("change_of_mind").when,
            facts,
            return_shipping="merchant",
        )
    )
    case = Case.from_dict(DEMO_CASES["change of mind in time"])
    (sentence,) = evaluate(case.order, case.request, policy=policy).explanation
    assert sentence == (
        "RING-ROSE-7 (1 × ring, refund because you changed your mind): accepted. "
        "amount=HK$1,280.00; change_of_mind_until=Thursday 5 November 2026, 14:30 Hong Kong time; "
        "condition=; delivered_at=Monday 2 November 2026, 14:30 Hong Kong time; "
        "delivered_on=Monday 2 November 2026; item=ring; items=1 × ring; last_day=Wednesday 2 December 2026; quantity=1; "
        "reason=you changed your mind; refund_until=not known; remaining=1; requested_at=Thursday 5 November 2026, 14:30 Hong Kong time; "
        "requested_on=Thursday 5 November 2026; resolution=refund; sku=RING-ROSE-7"
    )


# --- the command line ------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _cli_state() -> Iterator[None]:
    """The command line keeps its policy and language per process: each test leaves them as found."""
    saved = (list(_cli._in_use), list(_cli._language))
    yield
    _cli._in_use[:], _cli._language[:] = saved


def test_the_command_line_writes_in_the_language_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(DEMO_CASES["worn earrings"]), encoding="utf-8")
    assert main(["evaluate", "--explain", "--language", "zh-Hant-HK", str(path)]) == 0
    assert capsys.readouterr().out == decide("worn earrings", "zh-Hant-HK").explain() + "\n"
    assert main(["evaluate", "--language", "zh-Hant-HK", str(path)]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert (doc["language"], doc["explanation"]) == (
        "zh-Hant-HK",
        list(decide("worn earrings", "zh-Hant-HK").explanation),
    )
    assert main(["settle", "--explain", "--language", "zh-hant-hk", str(path)]) == 0
    assert capsys.readouterr().out.startswith("訂單A-1001：我們未能接受此退貨。")
    assert main(["demo", "--language", "zh-Hant-HK"]) == 0
    assert "閣下的退貨申請" in capsys.readouterr().out


def test_the_command_line_loads_a_catalogue_file_and_refuses_a_bad_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(DEMO_CASES["cash on delivery"]), encoding="utf-8")
    shop = tmp_path / "shop.json"
    shop.write_text(json.dumps({"language": "en-x-shop", "base": "en",
                                "messages": {"rule.cash_on_delivery": "No COD returns."}}), encoding="utf-8")  # fmt: skip
    assert main(["evaluate", "--explain", "--language", str(shop), str(path)]) == 0
    assert "No COD returns." in capsys.readouterr().out
    for language, message in [
        ("fr", "--language: unknown language 'fr'"),
        (str(tmp_path / "none.json"), "catalogue: cannot read"),
    ]:
        assert main(["evaluate", "--language", language, str(path)]) == 2
        captured = capsys.readouterr()
        assert captured.out == ""
        assert message in captured.err
    english_only = tmp_path / "english_only_policies.py"
    english_only.write_text(
        "from aulso_returns import AULSO_POLICY, bar, predicate\n"
        "CLOSED = AULSO_POLICY.with_rule(bar('closed', predicate(lambda c: True, code='always', "
        "description='always'), 'Closed.'))\n",
        encoding="utf-8",
    )
    before = (list(_cli._in_use), list(_cli._language))
    sys.path.insert(0, str(tmp_path))
    try:
        spec = "english_only_policies:CLOSED"
        code = main(
            ["evaluate", "--jsonl", "--policy", spec, "--language", "zh-Hant-HK", str(path)]
        )
    finally:
        sys.path.remove(str(tmp_path))
        sys.modules.pop("english_only_policies", None)
    assert code == 2
    assert "--language: no zh-Hant-HK text for the rule(s) closed" in capsys.readouterr().err
    assert (_cli._in_use, _cli._language) == before  # nothing is half set


def test_the_readme_shows_the_chinese_text_the_command_prints(
    capsys: pytest.CaptureFixture[str],
) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = re.search(r"with `--language zh-Hant-HK`.*?```text\n(.*?)```", readme, re.DOTALL)
    assert shown is not None
    example = ROOT / "src" / "aulso_returns" / "examples" / "worn-earrings.json"
    assert main(["evaluate", "--explain", "--language", "zh-Hant-HK", str(example)]) == 0
    assert shown.group(1) == capsys.readouterr().out


# --- the reference of every message id ----------------------------------------------------------


def reference() -> str:
    """docs/messages.md: every message id with its English and Chinese text, side by side."""

    def cell(text: str) -> str:
        return text.replace("|", "\\|") or "(nothing)"

    out = [
        "# Messages",
        "",
        "Every text the explanations are written from, by message id, in the two shipped languages,",
        "for review. Generated: `python tests/test_messages.py > docs/messages.md` (a test checks it).",
        "See [explanations](explanations.md) for how a shop changes or adds them.",
        "",
        "## The rules' sentences",
        "",
        "Written with the rules (`message`, `translations`); `rule.<code>` in a catalogue overrides one.",
        "",
        "| id | en | zh-Hant-HK |",
        "|---|---|---|",
        *(
            f"| `rule.{r.code}` | {cell(r.message)} | {cell(r.text('zh-Hant-HK') or '')} |"
            for r in AULSO_POLICY.rules
        ),
        "",
        "## The catalogue",
        "",
        "| id | placeholders | en | zh-Hant-HK |",
        "|---|---|---|---|",
        *(
            f"| `{key}` | {', '.join(f'`{{{n}}}`' for n in sorted(MESSAGES[key])) or '-'} "
            f"| {cell(EN.messages[key])} | {cell(ZH.messages[key])} |"
            for key in MESSAGES
            if MESSAGES[key] != LINE_FACTS.keys()
        ),
        *(
            f"| `{key}` | any fact of the line | {cell(EN.messages[key])} | {cell(ZH.messages[key])} |"
            for key in MESSAGES
            if MESSAGES[key] == LINE_FACTS.keys()
        ),
        "",
        "## Payment methods",
        "",
        "A method is written by the name under `payment.<key>` (`payment_key`: its words joined by",
        "`_`), and as the shop wrote it when no name is there; a catalogue may add its own.",
        "",
        "| id | en | zh-Hant-HK |",
        "|---|---|---|",
        *(
            f"| `{key}` | {cell(EN.messages[key])} | {cell(ZH.messages[key])} |"
            for key in EN.messages
            if key.startswith("payment.")
        ),
        "",
        "## Clause titles",
        "",
        "Cited as published in English; a catalogue's `clauses` translate them.",
        "",
        "| clause | zh-Hant-HK |",
        "|---|---|",
        *(f"| {cell(clause)} | {cell(text)} |" for clause, text in ZH.clauses.items()),
    ]
    return "\n".join(out) + "\n"


def test_the_reference_of_every_message_is_generated() -> None:
    committed = (ROOT / "docs" / "messages.md").read_text(encoding="utf-8")
    assert committed == reference(), "run: python tests/test_messages.py > docs/messages.md"


if __name__ == "__main__":
    sys.stdout.write(reference())


def test_a_policy_names_a_fact_of_its_own_in_its_sentences() -> None:
    # the cookbook's final-sale bar says when the order was placed: a fact the line does not have
    placed = AULSO_POLICY.with_facts(placed_on=lambda f: f.context.order.placed_at.date())
    final = bar(
        "final_sale",
        ALWAYS,
        "Ordered on {placed_on}, a final sale: {sku} cannot be returned.",
        translations={"zh-Hant-HK": "{placed_on}訂購的{sku}屬最後清貨，恕不退換。"},
    )
    with pytest.raises(ValueError, match=r"rule final_sale \(en\): \{placed_on\} is not a"):
        AULSO_POLICY.with_rule(final)
    case = Case.from_dict(DEMO_CASES["change of mind in time"])
    decision = evaluate(case.order, case.request, policy=placed.with_rule(final))
    assert (
        "Ordered on Wednesday 28 October 2026, a final sale: RING-ROSE-7 cannot be returned."
        in (decision.explanation[0])
    )
    assert "2026年10月28日（星期三）訂購的RING-ROSE-7屬最後清貨" in decision.explain("zh-Hant-HK")


def test_a_catalogues_rule_text_may_name_only_the_policys_facts() -> None:
    # which facts it may name is the policy's: checked when the catalogue meets the policy
    shop = _shop(**{"rule.cash_on_delivery": "Paid on {placed_on}: no returns."})
    with pytest.raises(ValueError, match=r"rule.cash_on_delivery: \{placed_on\} is not a"):
        shop.check(AULSO_POLICY)
    placed = AULSO_POLICY.with_facts(placed_on=lambda f: f.context.order.placed_at.date())
    shop.check(placed)
    case = Case.from_dict(DEMO_CASES["cash on delivery"])
    decision = evaluate(case.order, case.request, policy=placed, language=shop)
    assert "Paid on Wednesday 28 October 2026: no returns." in decision.explanation[0]
