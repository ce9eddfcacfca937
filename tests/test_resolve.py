from kg.resolve import link_same_tasks, similarity


def test_resolve_cognates_across_languages():
    en = "urges the resolution of policies, the allocation of resources, facilities and equipment to localities"
    fr = "incite a resoudre les regimes et les politiques a allouer des ressources materielles et des equipements aux localites"
    assert similarity(en, fr) >= 0.34


def test_resolve_links_one_to_one_within_meeting_and_assignee():
    mine = [("t1", "m", "mof", "allocate resources and equipment to localities"),
            ("t2", "m", "mof", "resolve the 296 communes without cars")]
    theirs = [("u1", "m", "mof", "allouer des ressources et des equipements aux localites"),
              ("u2", "m", "mof", "remedier aux 296 communes sans voitures"),
              ("u3", "other", "mof", "allouer des ressources et des equipements aux localites"),
              ("u4", "m", "moha", "allouer des ressources et des equipements aux localites")]
    assert link_same_tasks(mine, theirs) == [("t1", "u1"), ("t2", "u2")]


def test_resolve_unrelated_tasks_stay_apart():
    assert link_same_tasks([("t", "m", "a", "weekly reports")], [("u", "m", "a", "digital signatures")]) == []


def test_resolve_links_the_only_directive_of_each_source_across_scripts():
    """Vietnamese and English share no stems: the only task of an assignee at a meeting pairs up."""
    mine = [("t1", "m", "org/mof", "sớm phân bổ lại ô tô công thừa cho những xã còn thiếu", "vi")]
    theirs = [("u1", "m", "org/mof", "reallocate spare official cars to the communes lacking them", "en")]
    assert link_same_tasks(mine, theirs) == [("t1", "u1")]


def test_resolve_does_not_guess_between_several_directives():
    mine = [("t1", "m", "org/mof", "điều chuyển xe công", "vi"), ("t2", "m", "org/mof", "bổ sung kinh phí", "vi")]
    theirs = [("u1", "m", "org/mof", "transfer surplus cars", "en")]
    assert link_same_tasks(mine, theirs) == []


def test_resolve_same_language_dissimilar_tasks_are_not_forced_together():
    mine = [("t1", "m", "org/mof", "allocate funds to the provinces", "en")]
    theirs = [("u1", "m", "org/mof", "publish the list of late provinces", "en")]
    assert link_same_tasks(mine, theirs) == []
