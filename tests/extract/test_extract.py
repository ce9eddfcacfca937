"""Extraction on hand-built sentences (each one a pattern that once broke or must keep working)."""
from __future__ import annotations

from decimal import Decimal

import pytest

from kg.extract import extract
from kg.model import Article


def ex(text: str, lang: str = "en", date: str = "2025-10-01"):
    return extract(Article(id="t", text=text, lang=lang, date=date))


def tasks(e):
    return [(t.assignee, t.description, t.assigner, t.deadline) for t in e.tasks]


def test_extract_directive_with_addressee_list_en():
    e = ex("Prime Minister Pham Minh Chinh requested ministries and branches to urgently review the regulations.")
    assert tasks(e) == [("group/ministries-and-branches", "urgently review the regulations",
                         "person/pham-minh-chinh", None)]


def test_extract_french_dative_list_split_by_et_au():
    e = ex("Le Premier ministre Pham Minh Chinh a demandé au Groupe vietnamien de l'électricité, au Groupe vietnamien "
           "des postes et télécommunications et au Groupe de l'industrie militaire et des télécommunications "
           "d'élaborer un plan d'ici 2025.", "fr", "2025-10-29")
    got = {t.assignee: t.deadline for t in e.tasks}
    assert got == {"org/vietnam-electricity": "2025", "org/vnpt": "2025", "org/viettel": "2025"}


def test_extract_modal_subject_while_directing():
    e = ex("Concluding the meeting, Deputy Prime Minister Nguyen Hoa Binh requested ministries to act. "
           "The Ministry of Finance needs to direct the early resolution of this problem.")
    mof = [t for t in e.tasks if t.assignee == "org/ministry-of-finance"]
    assert mof and mof[0].assigner == "person/nguyen-hoa-binh"


def test_extract_passive_french_has_no_assigner():
    e = ex("Le ministère de l'Intérieur a également été chargé d'instruire et de contrôler les localités.", "fr")
    assert tasks(e) == [("org/ministry-of-home-affairs", "instruire et de contrôler les localités", None, None)]


def test_extract_relative_deadline_from_meeting_date():
    e = ex("On October 1, Prime Minister Pham Minh Chinh chaired a meeting. The Prime Minister asked delegates "
           "to resolve the payment within 1 week.")
    assert [t.deadline for t in e.tasks] == ["2025-10-08"]


def test_extract_post_chain_and_list_of_names():
    e = ex("Attending the meeting were Deputy Prime Ministers: Le Thanh Long, Bui Thanh Son.")
    assert {(h.person, h.post) for h in e.holdings} == {
        ("person/le-thanh-long", "post/deputy-prime-minister"), ("person/bui-thanh-son", "post/deputy-prime-minister")}


def test_extract_two_posts_before_one_name_fr():
    e = ex("Le 17 septembre le membre du Bureau politique et vice-Premier ministre Nguyen Hoa Binh a preside une reunion.",
           "fr", "2025-09-17")
    posts = {h.post for h in e.holdings}
    assert posts == {"post/politburo-member", "post/deputy-prime-minister"}
    assert "org/politburo" in e.entities
    assert [(m.date, m.chair) for m in e.meetings] == [("2025-09-17", "person/nguyen-hoa-binh")]


def test_extract_place_inside_a_name_is_not_a_place():
    e = ex("Permanent Deputy Prime Minister Nguyen Hoa Binh spoke.")
    assert "place/hoa-binh" not in e.entities


def test_extract_damaged_french_percent_in_parentheses():
    e = ex("dont 102 378 personnes (soit un taux de 78 38 %) ont reçu de l'argent pour payer les politiques.", "fr")
    vals = {(f.value, f.unit, f.indicator) for f in e.figures}
    assert (Decimal("78.38"), "percent", "indicator/share-quit-paid") in vals
    assert (Decimal("102378"), "person", "indicator/people-quit-paid") in vals


def test_extract_ratio_and_as_of_date():
    e = ex("As of September 15, 14 ministries have publicized 1,383/1,385 procedures.", date="2025-09-17")
    f = [x for x in e.figures if x.value == 1383][0]
    assert f.total == Decimal(1385) and f.unit == "procedure" and f.as_of == "2025-09-15"


def test_extract_document_identifiers_and_types():
    e = ex("The Politburo issued Conclusion No. 195-KL/TW dated September 26, 2025, and Decree 178 applies.")
    docs = {(d.identifier, d.type, d.date) for d in e.documents}
    assert docs == {("195-KL/TW", "Conclusion", "2025-09-26"), ("Decree 178", "Decree", None)}


def test_extract_government_in_two_level_local_government_is_not_the_government():
    e = ex("the operation of the two-level local government model", "en")
    assert "org/government" not in e.entities
    e = ex("le modèle de gouvernement local à deux niveaux", "fr")
    assert "org/government" not in e.entities


@pytest.mark.parametrize("text,lang", [
    ("", "en"), ("123", "en"), ("; ; ;", "fr"), ("Le ministère des Finances doit.", "fr")])
def test_extract_degenerate_inputs_do_not_crash(text, lang):
    ex(text, lang)


def test_extract_participle_after_task_noun_is_not_a_directive():
    e = ex("42/69 tasks assigned in the 6 Conclusions of the Politburo have been implemented by ministries and branches.")
    assert e.tasks == []


def test_extract_organisation_subject_while_someone_directs_is_the_assignee():
    e = ex("Concluding the meeting, Permanent Deputy Prime Minister Nguyen Hoa Binh requested ministries to act. "
           "The Ministry of Finance urges the resolution of policies and the allocation of resources to localities.")
    mof = [t for t in e.tasks if t.assignee == "org/ministry-of-finance"]
    assert [(t.assigner, t.description[:20]) for t in mof] == [("person/nguyen-hoa-binh", "urges the resolution")]


def test_extract_requested_that_without_addressee_goes_to_the_last_group():
    e = ex("The Prime Minister Pham Minh Chinh asked delegates to focus on solutions. "
           "Regarding this payment, the Prime Minister requested that this issue be resolved within 1 week.")
    assert [t.assignee for t in e.tasks] == ["group/delegates", "group/delegates"]
    assert e.tasks[1].deadline == "2025-10-08"


def test_extract_headline_directive_is_taken_once_from_the_body():
    text = ("PM asks ministries to speed up handover of surplus offices\n\n"
            "Prime Minister Pham Minh Chinh on June 26 asked ministries to speed up the handover of surplus offices "
            "before July 15.")
    e = extract(Article(id="t", text=text, lang="en", date="2025-06-27",
                        title="PM asks ministries to speed up handover of surplus offices"))
    assert [(t.assignee, t.assigner, t.deadline) for t in e.tasks] == [
        ("group/ministries", "person/pham-minh-chinh", "2025-07-15")]


def test_extract_headline_figure_repeated_by_the_body_is_one_figure():
    text = ("99.9% of people who quit have been paid\n\n"
            "As of October 14, 99.9% of the 146,846 people who quit had been paid, the Ministry of Home Affairs said.")
    e = extract(Article(id="t", text=text, lang="en", date="2025-10-15", title="99.9% of people who quit have been paid"))
    assert [(str(f.value), f.as_of) for f in e.figures if f.unit == "percent"] == [("99.9", "2025-10-14")]
