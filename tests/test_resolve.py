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
