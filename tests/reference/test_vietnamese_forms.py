"""The reference KB names what the Vietnamese press names, as the press writes it (issue 13)."""
from __future__ import annotations

import pytest

from kg.extract.gazetteer import load_gazetteer

FORMS = [
    ("Bộ Nội vụ", "org/ministry-of-home-affairs"),
    ("Bộ Tài chính", "org/ministry-of-finance"),
    ("Văn phòng Chính phủ", "org/government-office"),
    ("MTTQ", "org/vietnam-fatherland-front"),
    ("Mặt trận Tổ quốc Việt Nam", "org/vietnam-fatherland-front"),
    ("Ủy ban Trung ương MTTQ Việt Nam", "org/vietnam-fatherland-front"),
    ("Chính phủ", "org/government"),
    ("Quốc hội", "org/national-assembly"),
    ("Bộ Chính trị", "org/politburo"),
    ("Ban Bí thư", "org/secretariat"),
    ("Kho bạc Nhà nước", "org/state-treasury"),
    ("Ban Chỉ đạo của Chính phủ về sắp xếp đơn vị hành chính",
     "org/government-steering-committee-on-administrative-unit-rearrangement"),
    ("tỉnh Thanh Hóa", "place/thanh-hoa"),
    ("Thanh Hoá", "place/thanh-hoa"),
    ("TP Hồ Chí Minh", "place/ho-chi-minh-city"),
    ("TP.HCM", "place/ho-chi-minh-city"),
    ("Hà Nội", "place/hanoi"),
    ("thành phố Hà Nội", "place/hanoi"),
    ("Thủ tướng", "post/prime-minister"),
    ("Thủ tướng Chính phủ", "post/prime-minister"),
    ("Phó Thủ tướng", "post/deputy-prime-minister"),
    ("Phó Thủ tướng Thường trực", "post/permanent-deputy-prime-minister"),
    ("Bộ trưởng Bộ Nội vụ", "post/minister-of-home-affairs"),
    ("Bộ trưởng, Chủ nhiệm Văn phòng Chính phủ", "post/minister-and-head-of-the-government-office"),
    ("Thứ trưởng Bộ Nội vụ", "post/deputy-minister-of-home-affairs"),
    ("Thứ trưởng Bộ Tài chính", "post/deputy-minister-of-finance"),
    ("đại biểu Quốc hội", "post/national-assembly-deputy"),
    ("Trưởng đoàn đại biểu Quốc hội", "post/head-of-the-national-assembly-delegation"),
    ("Trưởng Ban Chỉ đạo", "post/head-of-the-steering-committee"),
    ("các bộ, ngành", "group/ministries-and-branches"),
    ("Chủ tịch UBND các tỉnh, thành phố", "group/chairpersons-of-provincial-people-s-committees"),
    ("UBND cấp xã", "group/commune-level-people-s-committees"),
    ("các đảng ủy xã, phường", "group/party-committees"),
    ("các Bộ trưởng, Thủ trưởng cơ quan ngang bộ", "group/ministers-and-heads-of-ministerial-level-agencies"),
]


@pytest.mark.parametrize("form,key", FORMS)
def test_vietnamese_form_is_one_whole_match(form, key):
    found = load_gazetteer().find(form, "vi")
    assert [(m.start, m.end, m.key) for m in found] == [(0, len(form), key)]


def test_deputy_ministers_of_every_ministry_in_force():
    gaz = load_gazetteer()
    ministries = [e for e in gaz.entries.values() if e.type == "Ministry" and not e.merged_into]
    for m in ministries:
        post = gaz.entries.get("post/deputy-" + m.key.split("/", 1)[1].replace("ministry-of-", "minister-of-", 1))
        assert post is not None and post.org == m.key, m.key


def test_a_list_item_group_needs_the_list():
    """'địa phương' is localities after another group ('các bộ, ngành, địa phương'), not in 'chính quyền địa phương'."""
    gaz = load_gazetteer()
    assert [m.key for m in gaz.find("các bộ, ngành, địa phương", "vi")] == ["group/ministries-and-branches",
                                                                          "group/localities"]
    assert [m.key for m in gaz.find("chính quyền địa phương hai cấp", "vi")] == []
