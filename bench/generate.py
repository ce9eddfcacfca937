"""Synthetic corpus for the benchmarks: news articles built from the seed articles' sentence shapes.

Every sentence shape below is taken from an article in ``data/articles`` (meetings chaired by an
official, attendance lists, reports at a meeting, directives "X requested the Ministry of Y to ...
by <date>", modal and passive directives, figures "N communes ...", percentages, decrees,
decisions and party conclusions with their numbers), in English and in French; and the same
contents in Vietnamese, with shapes of their own written in the government press's style
("Sáng 4/10, tại Trụ sở Chính phủ, Thủ tướng Phạm Minh Chính chủ trì phiên họp ...", "Bộ trưởng
Bộ Nội vụ ... cho biết tính đến ngày 30/9 ...", "Thủ tướng giao Bộ Tài chính chủ trì, phối hợp
với ... trước ngày 15/10", "... có trách nhiệm ...", numbered lists after "Thủ tướng yêu cầu:",
"Công điện số 175/CĐ-TTg", "Nghị định 178/2024/NĐ-CP"). The slots are filled with:

- people: the current office holders of ``data/reference/people.ttl`` with their posts (their
  ``@vi`` labels, with diacritics, in Vietnamese articles), plus generated Vietnamese names (a
  family name from ``data/lexicon/surnames.json`` and two given syllables; spelt with diacritics
  in Vietnamese articles) holding provincial posts;
- organisations from ``data/reference/organisations.ttl`` (ministries in force, government and
  party bodies) and localities from ``data/reference/localities.ttl`` (the 34 units in force);
- dates across 2025 (the article's date, meeting dates, report dates, deadlines);
- numbers in the styles real input has: ``9,916`` and ``9 916``, ``9.916`` and a narrow no-break
  space; ``72.38%``, ``78,38 %`` and the damaged ``78 38 %``; ``1.234,5 milliards de VND``;
  ``6.6 million``; ratios ``296/3,321``; in Vietnamese ``143.210 người``, ``97,67%``,
  ``47,2 nghìn tỷ đồng``, ``1.500 tỷ đồng``.

A file looks like the seeds: a title line (no final full stop), a dated byline (``01/10/2025``,
which ``kg.sources`` reads as the article's date), then paragraphs. French articles are written
without accents one time in three, as some machine translations are. Vietnamese articles have a
byline such as ``Thứ Bảy, 04/10/2025 - 18:30``, often a dateline ``HÀ NỘI (VNA) —``, and are
always NFC with their diacritics.

Deterministic: article ``i`` depends only on ``--seed`` and ``i``, so the 100-article corpus is the
first 100 files of the 1,000-article one. One draw picks the language (French below
``--fr-share``, Vietnamese in the next ``--vi-share``, English above), so adding Vietnamese turns
some English articles into Vietnamese ones and leaves every other file byte for byte as it was
(``--vi-share 0`` gives the corpus of before Vietnamese).

    python bench/generate.py --n 1000 --out /tmp/corpus-1000 [--seed 7] [--fr-share 0.4] [--vi-share 0.2]
"""
from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"

KG = "https://w3id.org/vnkg/ontology#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December"]
MONTHS_FR = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
             "octobre", "novembre", "décembre"]

GIVEN = ["Van", "Thi", "Minh", "Hoang", "Thanh", "Quoc", "Duc", "Hong", "Ngoc", "Anh", "Tuan", "Hai", "Hung",
         "Dung", "Long", "Son", "Binh", "Phuong", "Lan", "Huong", "Thu", "Trung", "Khanh", "Nam", "Cuong",
         "Hieu", "Thang", "Tam", "Quang", "Vinh", "Phuc", "Linh", "Trang", "Hoa", "Tien", "Dat", "Kien", "Loc"]

# Vietnamese articles write names with their diacritics (NFC): the family names of
# data/lexicon/surnames.json that are listed here, and given syllables as the press writes them.
SURNAMES_VI = {"Nguyen": "Nguyễn", "Tran": "Trần", "Le": "Lê", "Pham": "Phạm", "Hoang": "Hoàng",
               "Huynh": "Huỳnh", "Phan": "Phan", "Vu": "Vũ", "Vo": "Võ", "Dang": "Đặng", "Bui": "Bùi",
               "Do": "Đỗ", "Ho": "Hồ", "Ngo": "Ngô", "Duong": "Dương", "Ly": "Lý", "Dao": "Đào",
               "Doan": "Đoàn", "Trinh": "Trịnh", "Mai": "Mai", "Luong": "Lương", "Ha": "Hà", "Lam": "Lâm",
               "Dinh": "Đinh", "Truong": "Trương", "Cao": "Cao", "Ta": "Tạ", "Trieu": "Triệu", "Thai": "Thái",
               "Luu": "Lưu", "Quach": "Quách", "Kieu": "Kiều", "Giang": "Giang", "Nong": "Nông",
               "Vuong": "Vương", "Phung": "Phùng", "Tong": "Tống", "Bach": "Bạch"}
GIVEN_VI = ["Văn", "Thị", "Minh", "Hoàng", "Thanh", "Quốc", "Đức", "Hồng", "Ngọc", "Anh", "Tuấn", "Hải", "Hùng",
            "Dũng", "Long", "Sơn", "Bình", "Phương", "Lan", "Hương", "Thu", "Trung", "Khánh", "Nam", "Cường",
            "Hiếu", "Thắng", "Tâm", "Quang", "Vinh", "Phúc", "Linh", "Trang", "Hoa", "Tiến", "Đạt", "Kiên", "Lộc"]
WEEKDAYS_VI = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]
NUMBER_WORDS_VI = {1: "một", 2: "hai", 3: "ba"}


# ----------------------------------------------------------------------------- reference data

@dataclass(frozen=True)
class Official:
    name: str
    post_en: str
    post_fr: str
    name_vi: str = ""           # with diacritics: "Phạm Minh Chính"
    post_vi: str = ""           # "Thủ tướng", "Bộ trưởng Bộ Nội vụ"


@dataclass(frozen=True)
class Org:
    en: str
    fr: str
    vi: str = ""                # "Bộ Nội vụ", "Thanh Hóa" ("" when the reference has no vi label)
    level: str = ""             # localities: "city" or "province"


@dataclass(frozen=True)
class Reference:
    officials: tuple[Official, ...]
    deputy_pms: tuple[Official, ...]
    ministers: tuple[Official, ...]
    ministries: tuple[Org, ...]
    bodies: tuple[Org, ...]
    localities: tuple[Org, ...]
    surnames: tuple[str, ...]


def _labels(triples, subject: str) -> dict[str, str]:
    out = {}
    for s, p, o in triples:
        if s == subject and p == SKOS + "prefLabel":
            out.setdefault(o[1], o[0])
    return out


@lru_cache(maxsize=1)
def reference() -> Reference:
    """People with their current posts, organisations and localities from ``data/reference``."""
    import pyoxigraph as ox

    triples = []
    for name in ("organisations", "localities", "posts", "people"):
        for t in ox.parse(path=str(DATA / "reference" / f"{name}.ttl"), format=ox.RdfFormat.TURTLE):
            o = t.object
            obj = (o.value, o.language) if isinstance(o, ox.Literal) else o.value
            triples.append((t.subject.value, t.predicate.value, obj))
    by_s: dict[str, dict[str, list]] = {}
    for s, p, o in triples:
        by_s.setdefault(s, {}).setdefault(p, []).append(o)

    def label(s: str, lang: str) -> str | None:
        for v in by_s.get(s, {}).get(SKOS + "prefLabel", []):
            if v[1] == lang:
                return v[0]
        return None

    def of_type(t: str) -> list[str]:
        return sorted(s for s, props in by_s.items() if KG + t in props.get(RDF_TYPE, []))

    officials = []
    for h in of_type("PostHolding"):
        props = by_s[h]
        if KG + "endDate" in props:
            continue
        person, post = props[KG + "holder"][0], props[KG + "post"][0]
        if label(post, "en") in (None, "Politburo member", "Secretariat member"):
            continue
        officials.append(Official(label(person, "en"), label(post, "en"), label(post, "fr"),
                                  label(person, "vi") or "", label(post, "vi") or ""))
    officials.sort(key=lambda o: (o.post_en, o.name))

    def orgs(t: str) -> list[Org]:
        out = []
        for s in of_type(t):
            props = by_s[s]
            if KG + "dissolvedOn" in props or KG + "endDate" in props:
                continue
            en, fr = label(s, "en"), label(s, "fr")
            if en and fr:
                level = props.get(KG + "localityLevel", [("", None)])[0]
                out.append(Org(en, fr, label(s, "vi") or "", level[0] if isinstance(level, tuple) else level))
        return out

    surnames = json.loads((DATA / "lexicon" / "surnames.json").read_text(encoding="utf-8"))["surnames"]
    return Reference(
        officials=tuple(officials),
        deputy_pms=tuple(o for o in officials if o.post_en == "Deputy Prime Minister"),
        ministers=tuple(o for o in officials if o.post_en.startswith("Minister of")),
        ministries=tuple(orgs("Ministry")),
        bodies=tuple(o for o in orgs("GovernmentBody") if o.en in (
            "Government Office", "Government Inspectorate", "State Bank of Vietnam", "Vietnam Social Security",
            "State Treasury", "National Statistics Office")),
        localities=tuple(orgs("Locality")),
        surnames=tuple(dict.fromkeys(surnames)),
    )


# ----------------------------------------------------------------------------- formatting

def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


class Writer:
    """Formats numbers, dates and names for one article, in its language and house style."""

    def __init__(self, rng: random.Random, lang: str, year: int = 2025):
        self.rng, self.lang, self.year = rng, lang, year
        # one house style per article, as one newspaper writes its numbers one way
        if lang == "en":
            self.thousands = rng.choice([",", ",", ",", ""])
            self.pct_space = rng.random() < 0.2
        elif lang == "vi":
            # "143.210 người", "97,67%", "47,2 nghìn tỷ đồng": dot for thousands, comma for decimals
            self.thousands = "."
            self.pct_space = rng.random() < 0.1
        else:
            self.thousands = rng.choice([" ", " ", "\u202f", "."])
            self.pct_space = True
        self.damaged_pct = lang == "fr" and rng.random() < 0.3     # "78 38 %": the comma lost

    def int(self, n: int) -> str:
        s = f"{n:,}"
        if self.thousands == "" and n < 100_000:
            return s.replace(",", "")
        return s.replace(",", self.thousands or ",")

    def dec(self, x: float, places: int = 1) -> str:
        s = f"{x:,.{places}f}"
        if self.lang == "en":
            return s
        # French: "1.234,5" or "1 234,5"; Vietnamese: "1.234,5"
        sep = "." if self.thousands == "." else " "
        return s.replace(",", "\0").replace(".", ",").replace("\0", sep)

    def pct(self, x: float) -> str:
        places = self.rng.choice([0, 1, 2]) if x != int(x) else 0
        if places == 0:
            s = f"{round(x)}"
        else:
            s = f"{x:.{places}f}"
            if self.lang == "fr":
                s = s.replace(".", " " if self.damaged_pct and places == 2 else ",")
            elif self.lang == "vi":
                s = s.replace(".", ",")
        return s + (" %" if self.pct_space else "%")

    def date(self, d: date, year: bool = True) -> str:
        if self.lang == "vi":
            return f"{d.day}/{d.month}" + (f"/{d.year}" if year else "")     # "4/10", "4/10/2025"
        if self.lang == "en":
            return f"{MONTHS_EN[d.month - 1]} {d.day}" + (f", {d.year}" if year else "")
        day = "1er" if d.day == 1 else str(d.day)
        return f"{day} {MONTHS_FR[d.month - 1]}" + (f" {d.year}" if year else "")

    def month(self, d: date) -> str:
        return f"{MONTHS_EN[d.month - 1]} {d.year}" if self.lang == "en" else f"{MONTHS_FR[d.month - 1]} {d.year}"

    def person_name(self) -> str:
        r = reference()
        if self.lang == "vi":        # family name, middle name, given name: "Nguyễn Văn Hùng"
            return " ".join([self.rng.choice(vi_surnames()), self.rng.choice(GIVEN_VI),
                             self.rng.choice(GIVEN_VI[2:])])
        return " ".join([self.rng.choice(r.surnames), self.rng.choice(GIVEN), self.rng.choice(GIVEN)])

    def money_vi(self, billions: float) -> str:
        """An amount in tỷ đồng (billions of VND): "1.500 tỷ đồng", "47,2 nghìn tỷ đồng"."""
        if billions >= 1000 and self.rng.random() < 0.7:
            return f"{self.dec(billions / 1000, 1)} nghìn tỷ đồng"
        return f"{self.int(round(billions))} tỷ đồng"


@lru_cache(maxsize=1)
def vi_surnames() -> tuple[str, ...]:
    """The family names of ``data/lexicon/surnames.json`` with their Vietnamese spelling."""
    return tuple(SURNAMES_VI[s] for s in reference().surnames if s in SURNAMES_VI)


def _fr_article(label: str) -> str:
    """'ministère des Finances' -> 'le ministère des Finances' (l' before a vowel)."""
    return ("l'" + label) if label[:1].lower() in "aeiouéèh" else ("le " + label)


def _fr_to(label: str) -> str:
    """'ministère des Finances' -> 'au ministère des Finances'."""
    return ("à l'" + label) if label[:1].lower() in "aeiouéèh" else ("au " + label)


def _de(action: str) -> str:
    """'de' + a French infinitive, elided before a vowel: 'd'allouer'."""
    return ("d'" + action) if action[:1].lower() in "aeiouéèh" else ("de " + action)


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


# ----------------------------------------------------------------------------- sentence shapes

ACTIONS = [
    ("urgently complete the guiding documents on decentralization and delegation of authority",
     "finaliser d'urgence les documents d'orientation sur la décentralisation et la délégation de pouvoirs"),
    ("completely resolve the payment of policies and regimes for people who have quit their jobs",
     "résoudre définitivement le paiement des régimes et des politiques pour les personnes ayant démissionné"),
    ("direct the early resolution of the shortage of cars in commune-level administrative units",
     "ordonner de remédier rapidement au manque de voitures dans les unités administratives communales"),
    ("finalize the information technology infrastructure and connect the national databases",
     "finaliser l'infrastructure informatique et connecter les bases de données nationales"),
    ("submit a draft decree on urban classification as a basis for the organization of personnel",
     "soumettre un projet de décret sur la classification urbaine comme base pour l'organisation du personnel"),
    ("guide localities in handling surplus houses and land",
     "guider les localités dans le traitement des maisons et terrains excédentaires"),
    ("speed up the archiving and digitizing of records and documents",
     "accélérer l'archivage et la numérisation des archives et des documents"),
    ("review the staffing of commune-level public administration service centers",
     "examiner les effectifs des centres de service public au niveau communal"),
    ("train commune-level cadres and civil servants in digital skills",
     "former les cadres et les fonctionnaires communaux aux compétences numériques"),
    ("review the feasibility of the tasks of decentralization and delegation to the grassroots",
     "examiner la faisabilité des tâches de décentralisation et de délégation aux échelons locaux"),
    ("eliminate telecommunications and electricity signal depressions in remote areas",
     "éliminer les zones sans couverture en électricité et en télécommunications dans les régions reculées"),
    ("simplify interconnected administrative procedures in the fields of land and construction",
     "simplifier les procédures administratives interconnectées dans les domaines foncier et de la construction"),
    ("allocate resources, facilities and equipment to localities",
     "allouer des ressources, des installations et des équipements aux localités"),
    ("inspect localities in the reinforcement of cadres from the provincial to the communal level",
     "inspecter les localités dans le renforcement des cadres du niveau provincial au niveau communal"),
    ("report the results of the review to the Politburo",
     "rendre compte des résultats de l'examen au Bureau politique"),
]

TOPICS = [
    ("the implementation and operation of the two-level local government model",
     "la situation de la mise en œuvre et de l'exploitation du modèle de gouvernement local à deux niveaux"),
    ("solutions to remove difficulties and obstacles in operating two-level local governments",
     "les solutions pour lever les difficultés et les obstacles dans le fonctionnement des administrations locales à deux niveaux"),
    ("the arrangement of headquarters and public assets after the merger of provinces",
     "l'aménagement des sièges et des biens publics après la fusion des provinces"),
    ("the settlement of policies and regimes for cadres, civil servants and public employees",
     "le règlement des régimes et des politiques pour les cadres, fonctionnaires et employés publics"),
]

FILLER = [
    ("Many difficulties and problems from the time of operating the two-level local government have been "
     "resolved and overcome, such as problems related to authority when implementing decentralization.",
     "De nombreuses difficultés et de nombreux problèmes rencontrés depuis le début du fonctionnement de "
     "l'administration locale à deux niveaux ont été résolus, notamment ceux liés aux compétences."),
    ("However, the implementation process still has many problems and shortcomings, such as some guiding "
     "documents that are still slow, especially in the fields of finance, land and education.",
     "Cependant le processus de mise en œuvre comporte encore de nombreux obstacles et lacunes qui doivent "
     "être résolus, tels que la situation des endroits excédentaires et des endroits où il y a un manque de personnel."),
    ("Opinions affirmed to continue to closely coordinate with localities in the operation of the two-level "
     "local government to promptly remove difficulties.",
     "Les délégués ont également suggéré de renforcer l'inspection et la supervision, et de lever les "
     "difficultés rencontrées par les collectivités locales."),
    ("The apparatus has basically completed its organization and personnel, operated relatively smoothly "
     "and without interruption, ensuring better service to the people.",
     "L'appareil administratif a été rationalisé et fonctionne de manière stable et fluide ; la discipline "
     "et l'ordre administratifs ont été maintenus."),
    ("Localities continue to organize in-depth training courses in various fields for cadres and civil "
     "servants and to promote the rotation and reinforcement of cadres to the grassroots.",
     "Parallèlement les localités continuent d'organiser des cours de formation approfondis dans divers "
     "domaines pour les cadres et les fonctionnaires."),
]

TITLES = [
    ("Proactively deploy the task of operating two-level local government",
     "Déployer de manière proactive la tâche de faire fonctionner l'administration locale à deux niveaux"),
    ("Resolutely remove all difficulties, operate smoothly at two levels of local government",
     "Lever résolument toutes les difficultés pour un fonctionnement fluide des deux niveaux d'administration locale"),
    ("Two-level local government: results after {months} months of operation",
     "Administration locale à deux niveaux : les résultats après {months} mois de fonctionnement"),
    ("{place} reviews the operation of its commune-level governments",
     "{place} fait le point sur le fonctionnement de ses administrations communales"),
    ("Government meets on the settlement of policies for people who quit their jobs",
     "Le gouvernement se réunit sur le règlement des régimes des personnes ayant démissionné"),
]


# Vietnamese shapes: written for this benchmark in the style of the Vietnamese government press
# (Báo Chính phủ, VNA), not translated word for word from the English ones.

ACTIONS_VI = [
    "hoàn thiện các văn bản hướng dẫn về phân cấp, phân quyền, bảo đảm thống nhất, đồng bộ",
    "giải quyết dứt điểm việc chi trả chế độ, chính sách cho người đã có quyết định nghỉ việc",
    "điều chuyển xe ô tô công dôi dư cho các xã, phường chưa được trang bị xe",
    "hoàn thiện hạ tầng công nghệ thông tin, kết nối, chia sẻ dữ liệu với các cơ sở dữ liệu quốc gia",
    "sớm trình Chính phủ nghị định quy định vị trí việc làm ở xã, phường",
    "hướng dẫn các địa phương sắp xếp, xử lý trụ sở, nhà, đất dôi dư sau sắp xếp",
    "đẩy nhanh việc chỉnh lý, số hóa hồ sơ, tài liệu lưu trữ của các đơn vị hành chính cũ",
    "rà soát, bố trí đủ biên chế cho các trung tâm phục vụ hành chính công cấp xã",
    "tổ chức bồi dưỡng kỹ năng số cho cán bộ, công chức cấp xã",
    "đánh giá tính khả thi của các nhiệm vụ đã phân cấp, phân quyền cho chính quyền cấp xã",
    "xóa các vùng lõm sóng di động và vùng chưa có điện lưới tại các xã vùng sâu, vùng xa",
    "cắt giảm, đơn giản hóa thủ tục hành chính liên thông trong lĩnh vực đất đai, xây dựng",
    "bố trí kinh phí, cơ sở vật chất và trang thiết bị làm việc cho các xã, phường, đặc khu",
    "kiểm tra việc tăng cường, luân chuyển cán bộ từ cấp tỉnh về cấp xã",
    "tổng hợp kết quả rà soát, báo cáo Bộ Chính trị",
]

TOPICS_VI = [
    "tình hình triển khai, vận hành mô hình chính quyền địa phương hai cấp",
    "các giải pháp tháo gỡ khó khăn, vướng mắc trong vận hành chính quyền địa phương 2 cấp",
    "việc sắp xếp trụ sở làm việc, tài sản công sau hợp nhất đơn vị hành chính",
    "việc giải quyết chế độ, chính sách đối với cán bộ, công chức, viên chức và người lao động",
]

FILLER_VI = [
    "Nhiều khó khăn, vướng mắc phát sinh trong thời gian đầu vận hành chính quyền địa phương hai cấp đã "
    "cơ bản được tháo gỡ, nhất là các vấn đề về thẩm quyền khi thực hiện phân cấp, phân quyền.",
    "Tuy nhiên, quá trình triển khai vẫn còn một số tồn tại, hạn chế; việc ban hành một số văn bản hướng dẫn "
    "còn chậm, nhất là trong các lĩnh vực tài chính, đất đai, giáo dục.",
    "Các ý kiến thống nhất cho rằng cần tiếp tục phối hợp chặt chẽ với địa phương để kịp thời tháo gỡ các "
    "điểm nghẽn trong quá trình vận hành.",
    "Bộ máy chính quyền cấp xã cơ bản đã kiện toàn về tổ chức, nhân sự, vận hành thông suốt, không gián đoạn, "
    "phục vụ người dân, doanh nghiệp ngày càng tốt hơn.",
    "Các địa phương tiếp tục mở các lớp bồi dưỡng chuyên sâu theo từng lĩnh vực cho đội ngũ cán bộ, công chức "
    "và đẩy mạnh luân chuyển, tăng cường cán bộ về cơ sở.",
]

TITLES_VI = [
    "Chủ động triển khai nhiệm vụ vận hành chính quyền địa phương hai cấp",
    "Tháo gỡ dứt điểm khó khăn, bảo đảm chính quyền hai cấp vận hành thông suốt",
    "Chính quyền địa phương 2 cấp: kết quả sau {months} tháng vận hành",
    "{place} rà soát hoạt động của chính quyền cấp xã",
    "Chính phủ họp bàn giải quyết chế độ cho người nghỉ việc theo Nghị định 178",
    "Thủ tướng: Không để gián đoạn công việc, ảnh hưởng đến người dân và doanh nghiệp",
]

# decrees the articles cite, with the year in their number ("Nghị định 178/2024/NĐ-CP")
DECREES_VI = [(178, 2024), (67, 2025), (29, 2024), (154, 2025), (120, 2025), (79, 2025)]


class Article:
    """One synthetic article: sentences appended in the order a news report has them."""

    def __init__(self, index: int, seed: int, fr_share: float, vi_share: float = 0.0):
        self.index = index
        self.seed = seed
        h = hashlib.sha256(f"{seed}:{index}".encode()).hexdigest()
        self.rng = rng = random.Random(int(h[:16], 16))
        self.id = f"{index:05d}_{h[16:32]}"
        # one draw decides the language: [0, fr) French, [fr, fr + vi) Vietnamese, the rest English;
        # so adding Vietnamese turns some English articles into Vietnamese ones and leaves every
        # other article as it was
        r = rng.random()
        self.lang = "fr" if r < fr_share else "vi" if r < fr_share + vi_share else "en"
        self.w = Writer(rng, self.lang)
        self.ref = reference()
        start = date(2025, 2, 10)
        self.date = start + timedelta(days=rng.randrange(0, 310))   # 10 Feb .. 16 Dec 2025
        self.paras: list[list[str]] = []

    # helpers ---------------------------------------------------------------
    def en(self) -> bool:
        return self.lang == "en"

    def pick(self, seq):
        return self.rng.choice(seq)

    def chair(self) -> Official:
        r = self.ref
        pool = [o for o in r.officials if o.post_en in ("Prime Minister", "Permanent Deputy Prime Minister")] \
            + list(r.deputy_pms)
        return self.pick(pool)

    def world(self, key: str, day: date) -> random.Random:
        """The draws of what was reported for ``key`` as of ``day``: every source of that day quotes the
        same figures, one in ten those of a week earlier (a stale report). Why: a value drawn afresh
        by every article made each indicator and date a crowd of differing values, the pairs of
        ``conflicts`` quadratic in the articles (70,896 for one indicator at 10,000), which no
        corpus of real reports has."""
        if self.rng.random() < 0.1:
            day -= timedelta(days=7)
        h = hashlib.sha256(f"{self.seed}:{key}:{day.isoformat()}".encode()).hexdigest()
        return random.Random(int(h[:16], 16))

    def earlier(self, days_lo: int = 5, days_hi: int = 40) -> date:
        return max(date(2025, 1, 1), self.date - timedelta(days=self.rng.randint(days_lo, days_hi)))

    def later(self, days_lo: int = 7, days_hi: int = 75) -> date:
        return min(date(2025, 12, 31), self.date + timedelta(days=self.rng.randint(days_lo, days_hi)))

    def official(self, o: Official, cap: bool = False) -> str:
        if self.lang == "vi":
            return f"{o.post_vi} {o.name_vi}"              # "Bộ trưởng Bộ Nội vụ Đỗ Thanh Bình"
        post = o.post_en if self.en() else o.post_fr
        s = f"{post} {o.name}" if self.en() else f"{'la' if o.name.split()[1:2] == ['Thi'] else 'le'} {post} {o.name}"
        return _cap(s) if cap else s

    def org(self, o: Org, form: str = "the") -> str:
        if self.lang == "vi":
            return o.vi
        if self.en():
            return {"the": "the " + o.en, "to": "the " + o.en, "bare": o.en}[form]
        return {"the": _fr_article(o.fr), "to": _fr_to(o.fr), "bare": o.fr}[form]

    # sentence shapes -------------------------------------------------------
    def meeting(self) -> list[str]:
        c = self.chair()
        self.chair_official = c
        topic = self.pick(TOPICS)
        part = self.pick(["morning", "afternoon"])
        when = self.w.date(self.date, year=False)
        if self.en():
            s = [self.pick([
                f"On the {part} of {when}, at the Government Headquarters, {self.official(c)} chaired a meeting "
                f"with leaders of ministries, branches and agencies on {topic[0]}.",
                f"{self.official(c, cap=True)} chaired a meeting with leaders of ministries, branches and agencies "
                f"on the {part} of {when} on {topic[0]}."])]
        else:
            s = [f"Le {when} {self.official(c)} a présidé une réunion avec les dirigeants des ministères, des "
                 f"secteurs et des agences sur {topic[1]}."]
        others = [o for o in self.ref.deputy_pms if o != c]
        attend = self.rng.sample(others, k=min(len(others), self.rng.randint(2, 4)))
        names = [o.name for o in attend]
        if self.en():
            s.append("Attending the meeting were Deputy Prime Ministers: " + ", ".join(names) + ".")
        else:
            s.append("Ont assisté à la réunion les vice-Premiers ministres " + ", ".join(names[:-1])
                     + " et " + names[-1] + ".")
        return s

    def report(self) -> list[str]:
        """A minister reports figures on the reform's apparatus (seed 000/001)."""
        m = self.pick(self.ref.ministers)
        w, v = self.w, self.world("apparatus", self.date)
        agencies, depts, communes = v.randint(400, 520), v.randint(9000, 10500), 3321
        if self.en():
            return [f"Reporting at the meeting, {self.official(m)} said that {w.int(agencies)} specialized agencies "
                    f"under the People's Committees of 34 provinces and cities and {w.int(depts)} specialized "
                    f"departments under the People's Committees of {w.int(communes)} communes, wards and special "
                    f"zones have come into operation in a disciplined, stable, smooth and effective manner."]
        return [f"Rapportant lors de la réunion, {self.official(m)} a déclaré que {w.int(agencies)} agences "
                f"spécialisées relevant des comités populaires de 34 provinces et villes et {w.int(depts)} bureaux "
                f"spécialisés relevant des comités populaires de {w.int(communes)} communes, quartiers et zones "
                f"spéciales sont entrés en activité de manière ordonnée."]

    def quit_figures(self) -> list[str]:
        """People who quit their jobs, the increase, those paid and the share (seeds 000, 001, 004)."""
        w, rng = self.w, self.rng
        v = self.world("quit", self.date)
        total = v.randint(90_000, 160_000)
        inc = v.randint(1_000, 40_000)
        paid = int(total * v.uniform(0.6, 0.999))
        share = round(100 * paid / total, 2)
        if rng.random() < 0.15:          # the sources are not always consistent
            share = round(share + rng.choice([-6, 6]), 2)
        prev = self.earlier()
        if self.en():
            return [f"Synthesized reports from ministries, branches and localities show that, up to now, the whole "
                    f"country has {w.int(total)} people who have decided to quit their jobs (an increase of "
                    f"{w.int(inc)} people compared to the report on {w.date(prev)}), of which {w.int(paid)} people "
                    f"({w.pct(share)}) have received payment for policies and regimes."]
        return [f"L'ensemble des rapports des ministères, des secteurs et des localités montre qu'à ce jour "
                f"{w.int(total)} personnes dans tout le pays ont pris des décisions de démission (soit une "
                f"augmentation de {w.int(inc)} personnes par rapport au rapport du {w.date(prev)}) dont "
                f"{w.int(paid)} personnes (soit un taux de {w.pct(share)}) ont reçu de l'argent pour payer les "
                f"politiques et les régimes."]

    def facilities(self) -> list[str]:
        w = self.w
        mof = next(o for o in self.ref.ministries if o.en == "Ministry of Finance")
        v = self.world("facilities", self.date)
        n, dec = v.randint(9_000, 18_000), v.randint(50, 900)
        cars = v.randint(100, 400)
        prev = self.earlier()
        if self.en():
            return [f"According to the report of {self.org(mof)}, the total number of surplus houses and land that "
                    f"need to be processed is currently {w.int(n)} (a decrease of {w.int(dec)} compared to the "
                    f"report on {w.date(prev)}).",
                    f"Currently, {cars}/{w.int(3321)} commune-level administrative units are still not equipped "
                    f"with cars."]
        return [f"Selon un rapport du {mof.fr}, le nombre total d'installations de maisons et "
                f"de terrains excédentaires à traiter actuellement est de {w.int(n)} (soit {w.int(dec)} "
                f"installations de moins que le rapport du {w.date(prev)}).",
                f"Actuellement {cars}/{w.int(3321)} unités administratives au niveau communal ne sont toujours pas "
                f"équipées de voitures."]

    def online(self) -> list[str]:
        w, rng = self.w, self.rng
        end = self.earlier(1, 10)
        v = self.world("online", end)
        records = round(v.uniform(3, 15), 1)
        on_time = round(v.uniform(80, 97), rng.choice([0, 1]))
        payments = v.randint(2, 6)
        amount = round(v.uniform(500, 2500), 1)
        centers = v.randint(3000, 3321)
        start = date(2025, 7, 1) if self.date > date(2025, 7, 20) else self.earlier(30, 40)
        if self.en():
            amount_s = f"{w.dec(amount / 1000, 1)} trillion VND" if rng.random() < 0.5 else f"VND{w.int(int(amount))} billion"
            return [f"From {w.date(start, year=False)} to {w.date(end)}, about {w.dec(records, 1)} "
                    f"million online records were received, with the on-time settlement rate reaching "
                    f"{w.pct(on_time)}; more than {payments} million online payment transactions with a total "
                    f"transaction amount of {amount_s}.",
                    f"More than {w.int(centers)} commune-level public administrative service centers have been put "
                    f"into operation."]
        return [f"Le taux de réception et de traitement des dossiers en ligne pour les citoyens (du "
                f"{w.date(start, year=False)} au {w.date(end)}) est d'environ {w.dec(records, 1)} "
                f"millions de dossiers traités à temps soit {w.pct(on_time)} ; plus de {payments} millions de "
                f"transactions de paiement en ligne avec un montant total de transactions de "
                f"{w.dec(amount, 1)} milliards de VND.",
                f"{w.int(centers)} centres de service public au niveau communal fonctionnent de manière stable."]

    def procedures(self) -> list[str]:
        w, asof = self.w, self.earlier(1, 10)
        v = self.world("procedures", asof)
        dec_, abol, simp = v.randint(300, 900), v.randint(100, 600), v.randint(800, 2500)
        central = v.randint(35, 50)
        if self.en():
            return [f"As of {w.date(asof, year=False)}, {w.int(dec_)} administrative procedures have "
                    f"been decentralized from the central level to localities; {w.int(abol)} administrative "
                    f"procedures have been abolished.",
                    f"The whole country has proposed to simplify {w.int(simp)} administrative procedures. Up to now, "
                    f"the percentage of tasks and powers delegated to the central government is {w.pct(central)}, "
                    f"and that of localities is {w.pct(100 - central)}."]
        return [f"Au {w.date(asof, year=False)}, {w.int(dec_)} procédures administratives ont été "
                f"décentralisées du niveau central aux localités ; {w.int(abol)} procédures administratives ont "
                f"été supprimées.",
                f"{w.pct(central)} des tâches relèvent de l'autorité centrale, tandis que {w.pct(100 - central)} ont "
                f"été décentralisées et confiées aux collectivités locales."]

    def locality(self) -> list[str]:
        """A provincial official reports on the communes of a locality (generated name)."""
        w = self.w
        place = self.pick(self.ref.localities)
        name = w.person_name()
        v = self.world("locality " + place.en, self.date)
        communes = v.randint(40, 170)
        staff = v.randint(200, 3000)
        accounts = round(v.uniform(60, 100), 1)
        if self.en():
            return [f"Vice Chairman of the People's Committee of {place.en} {name} said that {communes} communes and "
                    f"wards of the province have arranged {w.int(staff)} cadres and civil servants, and "
                    f"{w.pct(accounts)} of commune-level units have opened their accounts "
                    f"at the State Treasury."]
        return [f"Le vice-président du comité populaire de {place.fr} {name} a déclaré que {communes} communes et "
                f"quartiers de la province ont affecté {w.int(staff)} cadres et fonctionnaires, et que "
                f"{w.pct(accounts)} des unités communales ont ouvert leurs comptes au Trésor "
                f"public."]

    def documents(self) -> list[str]:
        w, rng = self.w, self.rng
        pm = next(o for o in self.ref.officials if o.post_en == "Prime Minister")
        out = []
        kind = rng.randrange(4)
        if kind == 0:
            n, d = rng.randint(1000, 2500), self.earlier(1, 20)
            if self.en():
                out.append(f"On {w.date(d, year=False)}, {self.official(pm)} signed Decision No. {n}/QD-TTg assigning "
                           f"members of the Government to work with localities on the implementation of two-level "
                           f"local government.")
            else:
                out.append(f"Le {w.date(d, year=False)} {self.official(pm)} a signé la décision n° {n}/QD-TTg confiant "
                           f"aux membres du gouvernement la tâche de travailler avec les localités.")
        elif kind == 1:
            n, d = rng.randint(150, 230), self.earlier(3, 30)
            if self.en():
                out.append(f"The meeting discussed solutions according to the conclusions of the Politburo and the "
                           f"Secretariat, especially Conclusion No. {n}-KL/TW dated {w.date(d)}.")
            else:
                out.append(f"La réunion a examiné les solutions conformément aux conclusions du Bureau politique et du "
                           f"Secrétariat, notamment la conclusion n° {n}-KL/TW du {w.date(d)}.")
        elif kind == 2:
            n = rng.choice([178, 67, 29, 154, 120, 79])
            if self.en():
                out.append(f"The Deputy Prime Minister also requested to completely resolve the payment of policies "
                           f"and regimes according to Decree {n}.")
            else:
                out.append(f"Le vice-Premier ministre a également demandé de résoudre définitivement le paiement des "
                           f"régimes et des politiques conformément au décret {n}.")
        else:
            n, d = rng.randint(10, 300), self.earlier(3, 30)
            if self.en():
                out.append(f"The Government issued Resolution No. {n}/NQ-CP dated {w.date(d)} on the tasks of "
                           f"ministries and localities.")
            else:
                out.append(f"Le gouvernement a publié la résolution n° {n}/NQ-CP du {w.date(d)} sur les tâches des "
                           f"ministères et des localités.")
        return out

    def deadline(self) -> str:
        w, rng = self.w, self.rng
        k = rng.randrange(5)
        d = self.later()
        if k == 0:
            return f" by {w.date(d)}" if self.en() else f" d'ici le {w.date(d)}"
        if k == 1:
            return f" before {w.date(d)}" if self.en() else f" avant le {w.date(d)}"
        if k == 2:
            return f" in {w.month(d)}" if self.en() else f" en {w.month(d)}"
        if k == 3:
            n = rng.randint(1, 3)
            return f" within {n} week{'s' if n > 1 else ''}" if self.en() else \
                f" dans un délai de {n} semaine{'s' if n > 1 else ''}"
        return ""

    def directives(self) -> list[str]:
        rng = self.rng
        c = getattr(self, "chair_official", None) or self.chair()
        out = []
        if self.en():
            out.append(f"Concluding the meeting, {self.official(c)} welcomed the Ministries for sending working "
                       f"delegations to 34 localities.")
        else:
            out.append(f"En conclusion de la réunion, {self.official(c)} a salué les ministères qui ont envoyé des "
                       f"délégations de travail dans 34 localités.")
        for _ in range(rng.randint(2, 5)):
            org = self.pick(self.ref.ministries + self.ref.bodies)
            act = self.pick(ACTIONS)
            shape = rng.randrange(4)
            dl = self.deadline()
            if shape == 0:
                if self.en():
                    who = self.pick(["The Prime Minister", "The Deputy Prime Minister", c.post_en + " " + c.name])
                    out.append(f"{who} requested {self.org(org, 'to')} to {act[0]}{dl}.")
                else:
                    who = self.pick(["Le Premier ministre", "Le vice-Premier ministre", _cap(self.official(c))])
                    out.append(f"{who} a demandé {self.org(org, 'to')} {_de(act[1])}{dl}.")
            elif shape == 1:
                if self.en():
                    out.append(f"{_cap(self.org(org))} needs to {act[0]}{dl}.")
                else:
                    out.append(f"{_cap(self.org(org))} doit {act[1]}{dl}.")
            elif shape == 2:
                if self.en():
                    out.append(f"{_cap(self.org(org))} was assigned to {act[0]}{dl}.")
                else:
                    out.append(f"{_cap(self.org(org))} a été chargé {_de(act[1])}{dl}.")
            else:
                if self.en():
                    out.append(f"He requested ministries and branches to {act[0]}{dl}.")
                else:
                    out.append(f"Il a demandé aux ministères et aux secteurs {_de(act[1])}{dl}.")
        return out

    def title(self) -> str:
        t = self.pick(TITLES)[0 if self.en() else 1]
        return t.format(months=max(1, self.date.month - 6), place=self.pick(self.ref.localities).en if self.en()
                        else self.pick(self.ref.localities).fr)

    def byline(self) -> str:
        paper = self.pick(["Nhan Dan", "VnExpress", "Bao Chinh phu", "Tuoi Tre", "VietnamPlus"])
        return f"{paper} {self.date.day:02d}/{self.date.month:02d}/{self.date.year}"

    # Vietnamese shapes ------------------------------------------------------
    # Separate methods (their own draws), so the English and French articles stay as they were.

    def place_vi(self, loc: Org) -> str:
        """'tỉnh Thanh Hóa', 'thành phố Hải Phòng', 'Thành phố Hồ Chí Minh'."""
        if loc.vi.lower().startswith("thành phố"):
            return loc.vi
        return ("thành phố " if loc.level == "city" else "tỉnh ") + loc.vi

    def orgs_vi(self) -> list[Org]:
        return [o for o in self.ref.ministries + self.ref.bodies if o.vi]

    def deadline_vi(self) -> str:
        w, rng = self.w, self.rng
        k = rng.randrange(6)
        d = self.later()
        if k == 0:
            return f" trước ngày {w.date(d, year=False)}"
        if k == 1:
            return f" trước ngày {w.date(d)}"
        if k == 2:
            return f" trong tháng {d.month}" + (f"/{d.year}" if rng.random() < 0.5 else "")
        if k == 3:
            n = rng.randint(1, 3)
            return f" trong {NUMBER_WORDS_VI[n] if rng.random() < 0.5 else n} tuần"
        if k == 4:
            return f", hoàn thành chậm nhất ngày {w.date(d, year=False)}"
        return ""

    def meeting_vi(self) -> list[str]:
        w, rng = self.w, self.rng
        c = self.chair()
        self.chair_official = c
        topic = self.pick(TOPICS_VI)
        part = self.pick(["Sáng", "Chiều", "Sáng", "Chiều", "Tối"])
        when = w.date(self.date, year=False)
        if c.post_en == "Prime Minister" and rng.random() < 0.5:
            prev_month = self.date.month - 1
            s = [f"{part} {when}, tại Trụ sở Chính phủ, {self.official(c)} chủ trì phiên họp Chính phủ thường kỳ "
                 f"tháng {prev_month}, dành phần lớn thời gian đánh giá {topic}."]
        else:
            s = [self.pick([
                f"{part} {when}, tại Trụ sở Chính phủ, {self.official(c)} chủ trì cuộc họp với lãnh đạo các bộ, "
                f"ngành, cơ quan về {topic}.",
                f"{part} {when}, {self.official(c)} chủ trì hội nghị trực tuyến với các địa phương để bàn {topic}.",
                f"Ngày {when}, {self.official(c)} đã chủ trì cuộc họp về {topic}."])]
        others = [o for o in self.ref.deputy_pms if o.name != c.name]
        attend = rng.sample(others, k=min(len(others), rng.randint(2, 4)))
        names = [o.name_vi for o in attend]
        if rng.random() < 0.5:
            s.append("Tham dự cuộc họp có các Phó Thủ tướng: " + ", ".join(names) + "; lãnh đạo các bộ, ngành, "
                     "cơ quan liên quan.")
        else:
            s.append("Cùng dự có " + ", ".join(f"Phó Thủ tướng {n}" for n in names[:-1]) + " và Phó Thủ tướng "
                     + names[-1] + ".")
        return s

    def report_vi(self) -> list[str]:
        w = self.w
        m = self.pick(self.ref.ministers)
        asof = self.earlier(1, 10)
        v = self.world("apparatus", asof)
        agencies, depts, communes = v.randint(400, 520), v.randint(9000, 10500), 3321
        lead = self.pick(["Báo cáo tại cuộc họp", "Trình bày báo cáo tại phiên họp", "Phát biểu tại cuộc họp"])
        return [f"{lead}, {self.official(m)} cho biết tính đến ngày {w.date(asof, year=False)}, "
                f"{w.int(agencies)} cơ quan chuyên môn thuộc Ủy ban nhân dân 34 tỉnh, thành phố và {w.int(depts)} "
                f"phòng chuyên môn thuộc Ủy ban nhân dân {w.int(communes)} xã, phường, đặc khu đã đi vào hoạt động "
                f"nền nếp, ổn định, thông suốt."]

    def quit_figures_vi(self) -> list[str]:
        w, rng = self.w, self.rng
        asof = self.earlier(1, 4)
        v = self.world("quit", asof)
        total = v.randint(90_000, 160_000)
        inc = v.randint(1_000, 40_000)
        paid = int(total * v.uniform(0.6, 0.999))
        share = round(100 * paid / total, 2)
        prev = self.earlier()
        decree = self.pick(DECREES_VI[:2])
        out = [f"Theo báo cáo tổng hợp của các bộ, ngành, địa phương, tính đến ngày {w.date(asof, year=False)}, cả "
               f"nước có {w.int(total)} người đã có quyết định nghỉ việc theo Nghị định {decree[0]}/{decree[1]}/NĐ-CP "
               f"(tăng {w.int(inc)} người so với báo cáo ngày {w.date(prev, year=False)}), trong đó {w.int(paid)} "
               f"người đã được chi trả chế độ, chính sách, đạt {w.pct(share)}."]
        if rng.random() < 0.6:
            billions = paid * v.uniform(0.28, 0.42)              # 280-420 triệu đồng (0,28-0,42 tỷ) a person
            out.append(f"Tổng kinh phí đã chi trả khoảng {w.money_vi(billions)}.")
        return out

    def facilities_vi(self) -> list[str]:
        w = self.w
        mof = next(o for o in self.ref.ministries if o.en == "Ministry of Finance")
        v = self.world("facilities", self.date)
        n, dec = v.randint(9_000, 18_000), v.randint(50, 900)
        cars = v.randint(100, 400)
        prev = self.earlier()
        return [f"Theo {mof.vi}, tổng số cơ sở nhà, đất dôi dư cần xử lý hiện còn {w.int(n)} cơ sở (giảm "
                f"{w.int(dec)} cơ sở so với báo cáo ngày {w.date(prev, year=False)}).",
                f"Hiện vẫn còn {cars}/{w.int(3321)} xã, phường, đặc khu chưa được trang bị xe ô tô công."]

    def online_vi(self) -> list[str]:
        w, rng = self.w, self.rng
        end = self.earlier(1, 10)
        v = self.world("online", end)
        records = round(v.uniform(3, 15), 1)
        on_time = round(v.uniform(80, 97), rng.choice([0, 1, 2]))
        payments = v.randint(2, 6)
        amount = v.uniform(500, 2500)
        amount = rng.choice([round(amount), round(amount / 100) * 100])     # "1.234 tỷ" or "1.200 tỷ"
        centers = v.randint(3000, 3321)
        start = date(2025, 7, 1) if self.date > date(2025, 7, 20) else self.earlier(30, 40)
        return [f"Từ ngày {w.date(start, year=False)} đến ngày {w.date(end, year=False)}, các "
                f"địa phương đã tiếp nhận khoảng {w.dec(records, 1)} triệu hồ sơ trực tuyến, tỷ lệ giải quyết đúng "
                f"hạn đạt {w.pct(on_time)}; có hơn {payments} triệu giao dịch thanh toán trực tuyến với tổng số tiền "
                f"{w.money_vi(amount)}.",
                f"Hơn {w.int(centers)} trung tâm phục vụ hành chính công cấp xã đã đi vào hoạt động ổn định."]

    def procedures_vi(self) -> list[str]:
        w, asof = self.w, self.earlier(1, 10)
        v = self.world("procedures", asof)
        dec_, abol, simp = v.randint(300, 900), v.randint(100, 600), v.randint(800, 2500)
        central = v.randint(35, 50)
        return [f"Tính đến ngày {w.date(asof, year=False)}, đã có {w.int(dec_)} thủ tục hành chính "
                f"được phân cấp từ trung ương cho địa phương; {w.int(abol)} thủ tục hành chính được bãi bỏ.",
                f"Cả nước đã đề xuất đơn giản hóa {w.int(simp)} thủ tục hành chính; đến nay, tỷ lệ nhiệm vụ, thẩm "
                f"quyền thuộc trung ương là {w.pct(central)}, của địa phương là {w.pct(100 - central)}."]

    def locality_vi(self) -> list[str]:
        w = self.w
        loc = self.pick([o for o in self.ref.localities if o.vi])
        name = w.person_name()
        v = self.world("locality " + loc.en, self.date)
        communes, staff = v.randint(40, 170), v.randint(200, 3000)
        accounts = round(v.uniform(60, 100), 1)
        own = "thành phố" if loc.level == "city" else "tỉnh"
        committee = self.pick(["Ủy ban nhân dân", "UBND"])
        return [f"Phó Chủ tịch {committee} {self.place_vi(loc)} {name} cho biết {communes} xã, phường của {own} đã "
                f"bố trí {w.int(staff)} cán bộ, công chức; {w.pct(accounts)} đơn vị cấp xã đã "
                f"mở tài khoản tại Kho bạc Nhà nước."]

    def documents_vi(self) -> list[str]:
        w, rng = self.w, self.rng
        pm = next(o for o in self.ref.officials if o.post_en == "Prime Minister")
        kind = rng.randrange(5)
        if kind == 0:
            n, d = rng.randint(1000, 2500), self.earlier(1, 20)
            return [f"Ngày {w.date(d, year=False)}, {self.official(pm)} đã ký Quyết định số {n}/QĐ-TTg phân công "
                    f"các thành viên Chính phủ làm việc với các địa phương về triển khai chính quyền địa phương "
                    f"hai cấp."]
        if kind == 1:
            n, d = rng.randint(150, 230), self.earlier(3, 30)
            return [f"Cuộc họp đã thảo luận các giải pháp theo kết luận của Bộ Chính trị, Ban Bí thư, nhất là Kết "
                    f"luận số {n}-KL/TW ngày {w.date(d)}."]
        if kind == 2:
            n, y = self.pick(DECREES_VI)
            return [f"Phó Thủ tướng cũng đề nghị giải quyết dứt điểm việc chi trả chế độ, chính sách theo Nghị "
                    f"định {n}/{y}/NĐ-CP."]
        if kind == 3:
            n, d = rng.randint(10, 300), self.earlier(3, 30)
            return [f"Chính phủ đã ban hành Nghị quyết số {n}/NQ-CP ngày {w.date(d)} về nhiệm vụ của các bộ, "
                    f"ngành và địa phương."]
        n, d = rng.randint(100, 200), self.earlier(2, 15)
        return [f"Trước đó, ngày {w.date(d, year=False)}, Thủ tướng đã ký Công điện số {n}/CĐ-TTg đề nghị Chủ tịch "
                f"Ủy ban nhân dân các tỉnh, thành phố báo cáo tình hình xử lý trụ sở dôi dư."]

    def directive_vi(self, who: str, item: bool = False) -> str:
        """One directive sentence; a list ``item`` (after "Thủ tướng yêu cầu:") has no speaker."""
        rng = self.rng
        orgs = self.orgs_vi()
        org = self.pick(orgs)
        act, dl = self.pick(ACTIONS_VI), self.deadline_vi()
        shape = rng.randrange(6)
        if item:
            if shape in (0, 4):
                return f"{org.vi} khẩn trương {act}{dl}."
            if shape == 1:
                partner = self.pick([o.vi for o in orgs if o != org] + ["các bộ, ngành, địa phương"])
                return f"{org.vi} chủ trì, phối hợp với {partner} {act}{dl}."
            if shape == 5:
                return f"Các bộ, ngành, địa phương {act}{dl}."
        if shape == 0:
            return f"{who} yêu cầu {org.vi} khẩn trương {act}{dl}."
        if shape == 1:
            partner = self.pick([o.vi for o in orgs if o != org] + ["các bộ, ngành, địa phương"])
            return f"{who} giao {org.vi} chủ trì, phối hợp với {partner} {act}{dl}."
        if shape == 2:
            return f"{org.vi} có trách nhiệm {act}{dl}."
        if shape == 3:
            return f"{org.vi} cần {act}{dl}."
        if shape == 4:
            who = who.lower() if who in ("Ông", "Bà") else who
            return f"Về {self.pick(TOPICS_VI)}, {who} đề nghị {org.vi} {act}{dl}."
        return f"{who} yêu cầu các bộ, ngành, địa phương {act}{dl}."

    def directives_vi(self) -> list[list[str]]:
        """The conclusion: directive sentences, sometimes as a numbered list after "... yêu cầu:"."""
        rng = self.rng
        c = getattr(self, "chair_official", None) or self.chair()
        short = "Thủ tướng" if c.post_en == "Prime Minister" else "Phó Thủ tướng"
        first = [self.pick([
            f"Kết luận cuộc họp, {self.official(c)} đánh giá cao các bộ, ngành đã cử đoàn công tác làm việc với "
            f"34 địa phương.",
            f"Phát biểu kết luận, {self.official(c)} ghi nhận nỗ lực của các bộ, ngành, địa phương trong ba tháng "
            f"vận hành chính quyền hai cấp."])]
        n = rng.randint(2, 5)
        if rng.random() < 0.35:
            items = []
            for k in range(1, n + 1):
                sent = self.directive_vi(short, item=True)
                items.append(f"{k}. {sent}")
            intro = self.pick([f"{short} yêu cầu:",
                               f"{short} yêu cầu các bộ, ngành, địa phương tập trung thực hiện các nhiệm vụ sau:"])
            return [first, [intro] + items]
        for _ in range(n):
            pronoun = "Bà" if " Thị " in c.name_vi else "Ông"
            first.append(self.directive_vi(self.pick([short, short, self.official(c), pronoun])))
        return [first]

    def title_vi(self) -> str:
        loc = self.pick([o for o in self.ref.localities if o.vi])
        return self.pick(TITLES_VI).format(months=max(1, self.date.month - 6), place=_cap(self.place_vi(loc)))

    def byline_vi(self) -> str:
        d, rng = self.date, self.rng
        hh, mm = rng.randint(6, 22), rng.choice([0, 5, 10, 15, 20, 30, 40, 45, 50])
        wd = WEEKDAYS_VI[d.weekday()]
        k = rng.randrange(3)
        if k == 0:                       # "Thứ Bảy, 04/10/2025 - 18:30"
            return f"{wd}, {d.day:02d}/{d.month:02d}/{d.year} - {hh:02d}:{mm:02d}"
        if k == 1:                       # "Thứ bảy, 4/10/2025, 18:30 (GMT+7)"
            return f"{wd[:1] + wd[1:].lower()}, {d.day}/{d.month}/{d.year}, {hh:02d}:{mm:02d} (GMT+7)"
        return f"{d.day:02d}/{d.month:02d}/{d.year} {hh:02d}:{mm:02d}"

    def text_vi(self) -> str:
        """A Vietnamese article, NFC with its diacritics: title, byline, dateline, paragraphs."""
        rng = self.rng
        paras: list[list[str]] = []
        has_meeting = rng.random() < 0.8
        if has_meeting:
            paras.append(self.meeting_vi())
        body = [self.report_vi, self.quit_figures_vi, self.facilities_vi, self.online_vi, self.procedures_vi,
                self.locality_vi]
        rng.shuffle(body)
        for fn in body[: rng.randint(2, len(body))]:
            paras.append(fn() + ([self.pick(FILLER_VI)] if rng.random() < 0.4 else []))
        if rng.random() < 0.6:
            paras.append(self.documents_vi())
        lists: set[int] = set()
        if has_meeting:
            for p in self.directives_vi():
                if p[0].endswith(":"):
                    lists.add(len(paras))
                paras.append(p)
        dateline = self.pick(["HÀ NỘI (VNA) — ", "HÀ NỘI (VNA) — ", "(Chinhphu.vn) - ", ""])
        paras[0] = [dateline + paras[0][0]] + paras[0][1:]
        lines = [self.title_vi(), self.byline_vi(), ""]
        for i, p in enumerate(paras):
            lines.append("\n".join(p) if i in lists or rng.random() >= 0.3 else " ".join(p))
            lines.append("")
        return unicodedata.normalize("NFC", "\n".join(lines))

    def text(self) -> str:
        if self.lang == "vi":
            return self.text_vi()
        rng = self.rng
        paras: list[list[str]] = []
        has_meeting = rng.random() < 0.8
        if has_meeting:
            paras.append(self.meeting())
        body = [self.report, self.quit_figures, self.facilities, self.online, self.procedures, self.locality]
        rng.shuffle(body)
        for fn in body[: rng.randint(2, len(body))]:
            paras.append(fn() + ([self.pick(FILLER)[0 if self.en() else 1]] if rng.random() < 0.4 else []))
        if rng.random() < 0.6:
            paras.append(self.documents())
        if has_meeting:
            paras.append(self.directives())
        lines = [self.title(), self.byline(), ""]
        for p in paras:
            lines.append(" ".join(p) if rng.random() < 0.3 else "\n".join(p))
            lines.append("")
        text = "\n".join(lines)
        if self.lang == "fr" and rng.random() < 1 / 3:
            text = strip_accents(text)
        return text


VI_SHARE = 0.2


def generate(n: int, out: Path, seed: int = 7, fr_share: float = 0.4, start: int = 0,
             vi_share: float = VI_SHARE) -> list[Path]:
    """Write articles ``start .. n-1`` into ``out``; returns their paths.

    ``fr_share`` and ``vi_share`` of the articles are French and Vietnamese, the rest English.
    """
    if not (0 <= fr_share and 0 <= vi_share and fr_share + vi_share <= 1):
        raise ValueError(f"fr_share ({fr_share}) and vi_share ({vi_share}) must be >= 0 and add up to at most 1")
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(start, n):
        a = Article(i, seed, fr_share, vi_share)
        p = out / f"{a.id}.txt"
        p.write_text(a.text(), encoding="utf-8")
        paths.append(p)
    return paths


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, required=True, help="number of articles")
    ap.add_argument("--out", type=Path, required=True, help="folder to write the .txt files into")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--fr-share", type=float, default=0.4, help="share of French articles (default 0.4)")
    ap.add_argument("--vi-share", type=float, default=VI_SHARE,
                    help=f"share of Vietnamese articles (default {VI_SHARE}); the rest is English")
    args = ap.parse_args(argv)
    if args.fr_share < 0 or args.vi_share < 0 or args.fr_share + args.vi_share > 1:
        ap.error("--fr-share and --vi-share must be >= 0 and add up to at most 1")
    paths = generate(args.n, args.out, args.seed, args.fr_share, vi_share=args.vi_share)
    size = sum(p.stat().st_size for p in paths)
    print(f"wrote {len(paths)} articles ({size / 1e6:.1f} MB) to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
