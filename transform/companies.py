"""Company gazetteer and company-mention finding.

The gazetteer (``data/companies.tsv``) maps every known surface form of a company
to one English canonical name, so that アマゾン, AWS and Amazon.com all count as
``Amazon`` in the warehouse. Companies nobody listed are still found from the way
Japanese news introduces them (株式会社X, 米X社, X(東京・港), スタートアップのX, ...)
and reported under their own surface name without legal-form words:

* a company-type word after a name-like stem (みらい製薬, ナギ自動車, ミカゲシステムズ;
  not 地方銀行, 電気自動車, トヨタグループ); a dictionary-word stem (東洋商事) only
  where the text introduces a company;
* a descriptor that introduces the name (電力大手の北斗電力, 投資会社X, AI新興、X,
  英半導体設計のX, …を開発するX);
* every item of a list counted as companies (A、B、Cの3社 / 3行);
* deal patterns (Xを買収, Xの買収, Xには…を出資, Xから…を受注) and a location in
  parentheses (X(東京・港), X(杭州市), X(広東省深圳市));
* cues gathered across the article for names whose shape says little (蒼天重工,
  玄武ソフト, ショップブリッジ): the dated subject of a deal report (Xは19日、),
  a deal counterparty (Xと…契約を結んだ, Xから受注), a descriptor or a country
  (物流大手のX, ドイツのX, …を開発するX), a counterparty list (出資先は、A、Bで),
  "Xの<person>社長", a headline subject, repetition and a coordinated known
  company; plainer shapes need more cues (see _ev_shape);
* short second mentions (ヘリオス after ヘリオス・オートメーション, 北辰 after 北辰精機)
  are reported under the full name.

TSV columns: canonical, aliases (``|``-separated), parent (a canonical name or
empty), category, country (ISO 3166 alpha-2). Aliases are stored NFKC-normalised;
callers pass NFKC-normalised text (full-width Latin and digits become ASCII).

Context rules for ambiguous aliases (documented here because the TSV has no room):

* ``NEEDS_SUPPORT`` aliases are ordinary words too (メタ "meta", アーム "arm",
  デル in モデル, リクルート "recruiting", アルファベット "alphabet", MS, ...). They
  count only when the text supports them: a country prefix before them (米メタ,
  英アーム), a legal-form word after them (メタ社), or another, unambiguous alias
  of the same company elsewhere in the same text (Meta Platforms ... メタ).
* ``BAD_FOLLOWERS``: 楽天 is nearly always Rakuten in business news, but not in
  楽天的/楽天家/楽天主義; アマゾン is not the company in アマゾン川.
* Katakana aliases never match inside a longer katakana word (デル in モデル,
  シスコ in サンフランシスコ) and Latin aliases never match inside a longer Latin
  word (MS in MSCI); a known name followed by さん/氏/君 is a person, not a company.
* A descriptor before an ambiguous alias supports it too (米GPUクラウドのLambda), and so does
  a deal it is the counterparty or the object of, named right after it (ロームと協業,
  シャープに出資).
"""

from __future__ import annotations

import bisect
import functools
import itertools
import operator
import re
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, NamedTuple

from transform.word_cache import Memo, per_word

if TYPE_CHECKING:  # tokens imports this module; avoid a cycle at import time
    from .tokens import Token

DEFAULT_PATH = Path(__file__).with_name("data") / "companies.tsv"

CATEGORIES = frozenset(
    "ai_lab cloud chip semicap memory hardware telecom it_services internet "
    "electronics auto trading bank investor startup other".split()
)

NEEDS_SUPPORT = frozenset(
    {
        "メタ", "アーム", "デル", "MS", "リクルート", "アルファベット", "チューリング",
        "Turing", "りんな", "シャープ", "ディスコ", "マーベル", "ローム", "ムジン",
        "SSI", "M3", "Lambda", "小米", "Sharp", "Canon", "Accel", "Sequoia",
        "セコイア", "Cadence", "Juniper", "Arista", "Morpho", "モルフォ",
        "コンステレーション", "ダイアログ", "シエナ", "コヒレント", "Coherent", "Integral", "インテグラル",
        "Apollo", "Altimeter", "スズキ", "スバル", "Zoom", "Stripe", "ストライプ", "バンガード", "Vanguard",
        "NEA", "GV", "M12", "Glean", "Etched", "Poolside", "Physical Intelligence", "アイコニック・キャピタル",
        "X", "Wiz", "ウィズ", "カカオ", "タレス", "Joby", "ジョビー", "MOL", "SKT", "JIP",
        "ラムダ", "ランウェイ", "ウェイブ", "ウェイヴ", "ネオン", "Neon", "ハイレゾ", "カラクリ", "アトス", "リンデ",
        "イートン", "オクタ", "KT", "パワーチップ", "ヘルシング", "ハイロ",
    }
)
BAD_FOLLOWERS: dict[str, tuple[str, ...]] = {
    "楽天": ("的", "家", "主義", "観", "性"),
    "アマゾン": ("川", "流域", "の森", "の熱帯", "の奥地"),
}

COUNTRY_PREFIXES = ("中国", "台湾", "韓国", "香港", "米", "英", "仏", "独", "中", "加", "豪", "蘭", "印")
_COUNTRY_FIRST = re.compile("[" + "".join(sorted({p[0] for p in COUNTRY_PREFIXES})) + "]")
_LEGAL_PREFIXES = ("株式会社", "(株)", "㈱", "有限会社", "合同会社")
_LEGAL_SUFFIXES = (
    "株式会社", "(株)", "㈱", "有限会社", "合同会社", "社",
    " Inc.", " Inc", ",Inc.", " Corp.", " Corporation", " Co.,Ltd.", " Co., Ltd.", " Ltd.", " LLC",
)


@dataclass(frozen=True, slots=True)
class Company:
    canonical: str
    aliases: tuple[str, ...]
    parent: str | None
    category: str
    country: str


@dataclass(frozen=True, slots=True)
class CompanyMention:
    name: str  # canonical name, or the cleaned surface of an unknown company
    surface: str  # text[start:end]
    start: int
    end: int
    known: bool


def normalize(text: str) -> str:
    """NFKC, the form both aliases and article text are compared in."""
    return unicodedata.normalize("NFKC", text)


def _variants(alias: str) -> set[str]:
    """Spelling variants news sites use for the same name (・ dropped, spaces dropped)."""
    out = {alias}
    if "・" in alias:
        out.add(alias.replace("・", ""))
    if " " in alias and re.fullmatch(r"[A-Za-z0-9 .&\-]+", alias):
        out.add(alias.replace(" ", ""))
    if alias.endswith("銀行") and len(alias) >= 4:
        out.add(alias[:-1])  # みずほ銀, りそな銀: headlines drop 行
    return out


class Gazetteer:
    """Alias -> Company index loaded from a TSV file."""

    def __init__(self, companies: Iterable[Company]):
        self._companies = tuple(companies)
        by_name = {c.canonical: c for c in self._companies}
        if len(by_name) != len(self._companies):
            raise ValueError("duplicate canonical name in gazetteer")
        explicit: dict[str, Company] = {}
        for c in self._companies:
            for alias in (c.canonical, *c.aliases):
                prev = explicit.get(alias)
                if prev is not None and prev is not c:
                    raise ValueError(f"alias {alias!r} maps to {prev.canonical} and {c.canonical}")
                explicit[alias] = c
        index = dict(explicit)
        clashes: set[str] = set()
        for alias, c in explicit.items():
            for v in _variants(alias) - {alias}:
                if v in explicit:
                    continue
                if v in index and index[v] is not c:
                    clashes.add(v)
                index[v] = c
        for v in clashes:
            del index[v]
        self._index = index
        self._folded: dict[str, Company | None] = {}
        for alias, c in index.items():
            key = alias.casefold()
            if key in self._folded and self._folded[key] is not c:
                self._folded[key] = None  # ambiguous when case is ignored
            else:
                self._folded[key] = c
        self._by_name = by_name

    @classmethod
    def load(cls, path: str | Path | None = None) -> Gazetteer:
        """Read a gazetteer TSV; ``path=None`` gives the bundled one, cached per process."""
        if path is None:
            return _default_gazetteer()
        return cls(_read_tsv(Path(path)))

    @property
    def companies(self) -> tuple[Company, ...]:
        return self._companies

    @property
    def aliases(self) -> dict[str, Company]:
        """Every matchable surface (canonical names, aliases, variants) -> Company."""
        return dict(self._index)

    def get(self, canonical: str) -> Company | None:
        return self._by_name.get(canonical)

    def lookup(self, surface: str) -> Company | None:
        """Exact (NFKC) alias match, then a case-insensitive one if it is unique."""
        s = normalize(surface).strip()
        hit = self._index.get(s)
        if hit is None:
            hit = self._folded.get(s.casefold())
        return hit

    def __len__(self) -> int:
        return len(self._companies)

    def __iter__(self):
        return iter(self._companies)


def _read_tsv(path: Path) -> list[Company]:
    companies = []
    lines = path.read_text(encoding="utf-8").splitlines()
    for lineno, line in enumerate(lines[1:], start=2):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != 5:
            raise ValueError(f"{path}:{lineno}: expected 5 tab-separated columns")
        canonical, aliases, parent, category, country = (c.strip() for c in cols)
        if category not in CATEGORIES:
            raise ValueError(f"{path}:{lineno}: unknown category {category!r}")
        alias_t = tuple(dict.fromkeys(normalize(a).strip() for a in aliases.split("|") if a.strip()))
        companies.append(Company(canonical, alias_t, parent or None, category, country))
    names = {c.canonical for c in companies}
    for c in companies:
        if c.parent is not None and c.parent not in names:
            raise ValueError(f"{path}: parent {c.parent!r} of {c.canonical!r} is not in the gazetteer")
    return companies


@functools.lru_cache(maxsize=1)
def _default_gazetteer() -> Gazetteer:
    return Gazetteer(_read_tsv(DEFAULT_PATH))


# --------------------------------------------------------------------------
# Mention finding
# --------------------------------------------------------------------------

_KATA_CH = re.compile(r"[ァ-ヺー]")
_KATA_ONLY = re.compile(r"[ァ-ヺー・]+")
# Latin letters, accented ones included: European names keep them after NFKC (Prüfwerk, Nestlé).
_LATIN = "A-Za-zÀ-ÖØ-öø-ɏ"
_HAS_LATIN = re.compile(f"[{_LATIN}]")
_HAS_KANA_OR_LATIN = re.compile(f"[ァ-ヺ{_LATIN}]")
_KANJI_ONLY = re.compile(r"[一-龯々〆ヶ]+")
_NAME_CHARS = re.compile(f"[ァ-ヺー・{_LATIN}0-9一-龯々〆ヶぁ-ゖ&.\\-'+]+")
_JOINERS = frozenset({"・", "&", "-", ".", "'", "+"})


def _all_of(pattern: re.Pattern[str]) -> Memo:
    """pattern.fullmatch(s) is not None, remembered per string (see word_cache.Memo):
    the passes test the same token surfaces over and over."""
    return Memo(lambda s: pattern.fullmatch(s) is not None)


_kata_ch, _kata_only, _kanji_only, _name_chars = map(_all_of, (_KATA_CH, _KATA_ONLY, _KANJI_ONLY, _NAME_CHARS))
# Whether a string starts with katakana or a Latin letter (_HAS_KANA_OR_LATIN.match).
_kana_or_latin_first = Memo(lambda s: _HAS_KANA_OR_LATIN.match(s) is not None)

# Words that end a company name when collecting tokens (people, roles, places in a firm).
_STOP_NOUNS = frozenset(
    """社長 会長 氏 さん 様 君 代表 代表取締役 取締役 CEO COO CTO CFO 最高経営責任者 最高技術責任者
    副社長 幹部 創業者 共同創業者 担当者 広報 教授 部長 本部長 執行役員 専務 常務 会長兼社長 兼
    本社 傘下 子会社 親会社 株 株式 会社 社 日 年 月 時点 同日 同月 今回 以降 など 等 ら 側 製 発
    向け 向 間 内 外 上 下 中 後 前 経由 主導 連合 陣営 グループ傘下 首脳 トップ 関係者 幹部ら""".split()
)
# Descriptors that precede a name without の (生成AI開発ミライ推論, 半導体大手X).
_DESCRIPTORS = frozenset(
    """開発 大手 新興 企業 新興企業 スタートアップ メーカー ベンダー 運営 提供 系 発 中堅 老舗 ベンチャー
    最大手 準大手 子会社 傘下 出資先 投資先 買収先 提携先 取引先 顧客 会社 事業者 社 の""".split()
)
# Generic names that must never be reported as companies.
_GENERIC_NAMES = frozenset(
    """同社 当社 各社 他社 自社 本社 新会社 子会社 親会社 両社 会社 弊社 御社 貴社 全社 前社 数社 複数社
    持ち株会社 持株会社 合弁会社 事業会社 運営会社 関連会社 投資会社 証券会社 保険会社 通信会社 商社 新聞社
    出版社 通信社 神社 支社 中央銀行 地方銀行 都市銀行 ベンチャーキャピタル コーポレートベンチャーキャピタル
    コーポレート・ベンチャー・キャピタル 買収目的会社 特別目的会社 銀行団 同 当 各 他 自 本 新 両 全 弊 御 貴 前 旧 親 子 数 同業他社 大手 新興 企業
    スタートアップ 新興企業 ベンチャー メーカー 政府 日本 米国 中国 英国 海外 国内 世界 グループ 同グループ
    AI 生成AI IT DX GPU CPU LLM API SaaS EV PC HBM AGI GPT ML OS SNS VR AR IoT データセンター クラウド""".split()
)
_GENERIC_LATIN = frozenset(
    "AI IT IoT DX GPU GPUs CPU NPU TPU LLM LLMs API SaaS EV PC HBM AGI GPT ML OS SNS VR AR XR SoC DRAM NAND "
    "CEO CTO CFO COO IPO M&A B2B B2C ESG R&D PoC SDK UI UX RAG SLM CVC VC PE SPC SPV TOB MBO MOU PPA OEM ODM "
    # products, not their makers
    "iPhone iPad Mac Windows Android ChatGPT Claude Gemini Copilot Alexa Siri Llama Grok".split()
)
# Organisations that are not companies (X(東京・文京) for a university, a ministry, a city).
_NON_COMPANY_ENDINGS = (
    "大", "大学", "大学院", "高専", "高校", "省", "庁", "機構", "病院", "学園", "学校", "協会", "財団", "学会", "委員会",
    "組合", "党", "裁判所", "警察", "署", "議会", "都", "道", "府", "県", "市", "区", "町", "村", "国", "取引所",
)
# Company words that end like a public body (鉄道 like 北海道): ホクト鉄道 is a firm.
_FIRM_ENDINGS = ("鉄道",)
_COMPANY_WORDS = frozenset(
    """電子 電機 工業 製作所 集団 科技 技研 化学 自動車 通信 銀行 証券 商事 物産 重工 精密 電工 半導体
    ホールディングス HD テクノロジーズ テクノロジー システムズ ラボ ラボズ Labs AI Technologies Inc""".split()
)
_PERSON_FOLLOWERS = ("さん", "氏", "君", "様", "社長", "会長", "代表", "CEO", "最高経営責任者", "教授", "容疑者", "被告", "選手", "監督", "首相", "大統領")
_PRODUCT_FOLLOWERS = ("を搭載", "搭載", "モデル", "シリーズ", "ブランド", "アプリ", "エンジン", "チップ", "ファミリー")
_GENERIC_HEADS = frozenset(
    """サービス 事業 ビジネス 部門 技術 プラットフォーム ソリューション 製品 システム ソフトウェア ソフト アプリ
    モデル チップ 半導体 工場 拠点 施設 センター インフラ データ プロジェクト 基盤 機能 開発 分野 市場 領域
    ツール エージェント サーバー ネットワーク デバイス ロボット 計画 構想 戦略 ファンド サイト メディア
    ニュース 紙 誌 新聞 テレビ 放送 番組 アカウント""".split()
)
# After a name, these show the "name" was a description: 米データセンター大手.
_DESCRIPTOR_FOLLOWERS = ("大手", "企業", "各社", "メーカー", "業界", "事業", "市場", "関連", "勢", "系")
_DEAL_WORDS = re.compile(r"買収|出資|提携|協業|契約|投資|合意|締結|資金調達|合弁|子会社化|傘下に")
_OBJECT_DEAL = re.compile(
    r"(?:[をも](?:[^。、をに]{0,20}?で)?(?:買収|(?:完全)?子会社化|傘下に|(?:完全)?子会社に(?:する|し))|[をも]、?[^。をに]{0,16}?(?:に|へ)(?:売却|譲渡)|(?:に|へ)(?:売却|譲渡)|(?:に対する|に対して)(?:TOB|株式公開買い付け|公開買い付け|買収提案)|に(?:TOB|株式公開買い付け|公開買い付け)(?:を?(?:実施|行|開始|かけ|仕掛け)|[\s、。]|$)|に(?:は|も)?(?:[^。、をに]{0,20}?[をで]|追加|再)?(?:出資|投資)|へ(?:の)?(?:出資|投資)|と(?:の|も)?(?:[^。、をにと]{1,16}?(?:で|の))?(?:資本業務提携|資本提携|業務提携|戦略的提携|提携|協業|[^。、をにと]{0,6}?契約|合弁)|から(?:出資|資金)|から[^。、]{0,40}?(?:受注|を買収|を取得)|の(?:買収|子会社化|完全子会社化|全株式))"
)
_LEGAL_FORMS = ("株式会社", "有限会社", "合同会社", "(株)", "㈱")
_LEGAL_FIRST = frozenset(f[0] for f in _LEGAL_FORMS)
_SHA_NOT_LEGAL = "長員内外会債名是歴宅屋交説用風費友"  # 社長, 社員, 社内 ... are not 'X社'
_PREFECTURES = (
    "北海道 青森 岩手 宮城 秋田 山形 福島 茨城 栃木 群馬 埼玉 千葉 東京 神奈川 新潟 富山 石川 福井 山梨 長野 岐阜 "
    "静岡 愛知 三重 滋賀 京都 大阪 兵庫 奈良 和歌山 鳥取 島根 岡山 広島 山口 徳島 香川 愛媛 高知 福岡 佐賀 長崎 "
    "熊本 大分 宮崎 鹿児島 沖縄 札幌 仙台 横浜 川崎 名古屋 神戸 北九州 さいたま つくば 浜松"
).split()
_FOREIGN_CITIES = (
    "上海 北京 深圳 深セン 杭州 広州 蘇州 南京 成都 武漢 天津 台北 新竹 台中 高雄 ソウル 釜山 香港 シンガポール "
    "ロンドン パリ ベルリン ミュンヘン アムステルダム テルアビブ トロント バンガロール"
).split()
_LOCATION_PAREN = re.compile(
    r"\((?:[A-Za-z0-9&\-ァ-ヺー]{2,12}、)?(?:東証(?:プライム|スタンダード|グロース|1部|2部|マザーズ)?|名証(?:プレミア|メイン)?|"
    r"ナスダック|NASDAQ|ニューヨーク証券取引所|NYSE|(?:" + "|".join(sorted(_PREFECTURES, key=len, reverse=True)) + r")(?:都|府|県)?"
    r"(?:・[^()\n、]{1,10}|[^()\n、]{0,10}?[区市町村郡])?"
    r"|[一-龯]{1,4}[市区町村](?:[一-龯]{1,4}[区町村])?"  # (金沢市), (杭州市)
    r"|[一-龯]{2,3}省(?:[一-龯]{1,4}[市区県])?"  # (広東省深圳市), (浙江省)
    r"|(?:" + "|".join(_FOREIGN_CITIES) + r")(?:市)?"
    r"|(?:米|英|仏|独|中国|台湾|韓国|米国|英国|ドイツ|フランス|イスラエル|インド)・?[ァ-ヺー・一-龯]{2,}(?:州|市)?)"
    r"(?:、[^()\n]{0,80})?\)"
)
# Words that introduce the company named right after them: 電力大手の北斗電力,
# 投資会社アトレイデス, AI新興、シーネンラボ. With の or 、, or directly before a
# katakana/Latin name (_INTRO_ADJ).
_INTRO_WORDS = (
    "大手", "最大手", "準大手", "中堅", "老舗", "新興", "新興企業", "スタートアップ", "ベンチャー", "会社", "企業",
    "メーカー", "商社", "私鉄", "事業者", "ベンダー", "投資家", "ファンド", "VC", "ベンチャーキャピタル",
    "出資先", "投資先", "買収先", "提携先", "取引先", "地銀", "銀行", "クラウド", "傘下",
)
_INTRO_RE = re.compile("(?:" + "|".join(sorted(_INTRO_WORDS, key=len, reverse=True)) + ")([の、]?)$")
_INTRO_SET = frozenset(_INTRO_WORDS)
_INTRO_LENGTHS = sorted({len(w) for w in _INTRO_WORDS}, reverse=True)
_INTRO_LAST = frozenset(w[-1] for w in _INTRO_WORDS)
_INTRO_ADJ = frozenset({"会社", "企業", "新興", "新興企業", "スタートアップ", "ベンチャー", "ファンド", "大手", "VC"})
_INTRO_PREV = _INTRO_ADJ | {"の", "、"}
# Words for a kind of firm: a phrase ending in one is a description (AIスタートアップ).
_KIND_WORDS = frozenset("スタートアップ ベンチャー メーカー 企業 新興企業 商社 事業者 ベンダー 投資家 大手 新興".split())
# "…を開発する X": a relative clause describing what the company does.
_VERB_INTRO_WORDS = ("手がける", "手掛ける", "運営する", "開発する", "展開する", "提供する", "製造する", "販売する", "運用する")
_VERB_INTRO_RE = re.compile("(?:" + "|".join(_VERB_INTRO_WORDS) + ")$")
# Company-type words a name may end with (みらい製薬, ナギ自動車, ミカゲシステムズ), longest first.
_COMPANY_SUFFIXES = tuple(sorted(
    """製薬 薬品 薬局 総研 銀行 電鉄 鉄道 自動車 汽車 商事 物産 電子 電機 電器 電業 電気 電工 電力 工業 重工 重工業 化学 化成 建設
    物流 運輸 運送 急便 商船 造船 製菓 製紙 紡績 海運 航空 証券 生命 損保 保険 製作所 製鋼 製鉄 精機 精工 技研 通信 食品 不動産 商会 産業 興業 能源
    科技 集団 控股 情報システム 研究所 キャピタル ベンチャーズ パートナーズ インベストメンツ インベストメント
    マネジメント ファイナンス ホールディングス HD グループ エナジー ロボティクス セミコンダクター ネットワークス
    ソリューションズ システムズ テクノロジーズ テクノロジー テック ラボ ラボズ Labs デバイス デバイシズ 計算
    テレコム インダストリーズ エレクトロニクス マテリアルズ ダイナミクス DC AI 電装 機工 自工 工房 ロジスティクス
    システム エンジニアリング 解析""".split(),
    key=len, reverse=True,
))
_SUFFIX_LAST = frozenset(x[-1] for x in _COMPANY_SUFFIXES)
_SUFFIX_SET = frozenset(_COMPANY_SUFFIXES)
_SUFFIX_LENGTHS = sorted({len(x) for x in _COMPANY_SUFFIXES}, reverse=True)


@functools.lru_cache(maxsize=65536)
def _company_suffix(name: str) -> str | None:
    """The longest company-type word `name` ends with, leaving a stem (ナギ自動車 -> 自動車).
    A string has one ending of each length, so trying lengths longest first finds
    the same word as scanning the suffix list in its order."""
    for n in _SUFFIX_LENGTHS:
        if len(name) > n and name[-n:] in _SUFFIX_SET:
            return name[-n:]
    return None
# Suffixes that are also ordinary words after a common noun (生成AI, 研究グループ): the stem must look like a name.
_WEAK_SUFFIXES = frozenset("AI テック ラボ ラボズ Labs DC デバイス 計算 テクノロジー グループ 電子 通信 研究所 システム エンジニアリング 解析".split())
# Stems that make "stem + company word" a generic phrase (地方銀行, 米国自動車, 同グループ).
_GENERIC_STEMS = frozenset(
    """地方 都市 信託 投資 開発 商業 民間 政府系 国有 国営 大手 最大手 中堅 新興 国内 海外 外資 外資系 日系 米系
    欧州 欧米 日本 米国 中国 韓国 台湾 英国 米 英 中 独 仏 世界 全国 国際 地域 地場 総合 石油 電気 自動 次世代 生成
    生命 損害 大型 中小 各 同 当 他 自 本 両 全 一部 主要 複数 関連 系列 子 親 ネット インターネット オンライン
    デジタル モバイル クラウド グローバル アメリカ ヨーロッパ アジア ドイツ フランス イギリス インド 東南アジア
    半導体 電子 情報 通信 金融 証券 保険 企業 研究 AI IT ネット専業 メガ 第二地方 第一地方 独立系
    海上 陸上 航空 宅配 貨物 長距離 鉄道 港湾 物流 運輸""".split()
)



def _is_kata(ch: str) -> bool:
    return _kata_ch[ch]


def _is_latin(ch: str) -> bool:
    return ch.isalnum() and (ch.isascii() or "À" <= ch <= "ɏ")


@functools.lru_cache(maxsize=65536)
def _strip_legal(name: str) -> str:
    """Remove legal-form words and a leading country prefix: 米クラウドX社 -> クラウドX."""
    changed = True
    while changed and name:
        changed = False
        for p in _LEGAL_PREFIXES:
            if name.startswith(p):
                name, changed = name[len(p):].strip(), True
        for s in _LEGAL_SUFFIXES:
            if name.endswith(s) and len(name) > len(s):
                name, changed = name[: -len(s)].strip(), True
    for p in COUNTRY_PREFIXES:
        rest = name[len(p):]
        if name.startswith(p) and rest and (_is_kata(rest[0]) or _is_latin(rest[0])):
            name = rest
            break
    return name.strip(" ・")


def clean_name(surface: str) -> str:
    """Public form of an unknown company's name (NFKC, no legal-form words or country prefix)."""
    return _strip_legal(normalize(surface).strip())


def matchable_aliases(gaz: Gazetteer) -> dict[str, Company]:
    """Aliases to look for in text: all but country-prefixed duplicates (米マイクロソフト
    is found as 米 + マイクロソフト, so the mention's surface is the name itself)."""
    out = {}
    for alias, c in gaz.aliases.items():
        dup = False
        for p in COUNTRY_PREFIXES:
            if alias.startswith(p) and len(alias) > len(p) and gaz.lookup(alias[len(p):]) is c:
                dup = True
                break
        if not dup:
            out[alias] = c
    return out


class _Matcher:
    """Per-gazetteer lookup table for matching aliases at token boundaries."""

    def __init__(self, gaz: Gazetteer):
        self.aliases = matchable_aliases(gaz)
        self.max_len: dict[str, int] = {}  # first character -> longest alias
        # Every prefix of an alias: a run of tokens that is none cannot grow into one.
        self.prefixes: frozenset[str] = frozenset(a[:n] for a in self.aliases for n in range(1, len(a) + 1))
        for a in self.aliases:
            self.max_len[a[0]] = max(self.max_len.get(a[0], 0), len(a))
        # Per word (tokens.Word, else (surface, company)): can an alias start with it?
        self.opens: dict[object, bool] = {}


@functools.lru_cache(maxsize=8)
def _matcher(gaz: Gazetteer) -> _Matcher:
    return _Matcher(gaz)


def _legal_span(text: str, start: int, end: int) -> tuple[int, int, bool]:
    """Extend a name span over attached legal-form words; report whether any was found."""
    legal = False
    for lf in _LEGAL_FORMS:
        if text.startswith(lf, end):
            end += len(lf)
            legal = True
            break
    else:
        if text.startswith("社", end) and not text.startswith(tuple("社" + c for c in _SHA_NOT_LEGAL), end):
            end += 1
            legal = True
    for lf in _LEGAL_FORMS:
        if text.endswith(lf, 0, start):
            start -= len(lf)
            legal = True
            break
    return start, end, legal


def _country_before(text: str, start: int) -> bool:
    return any(text.endswith(p, 0, start) for p in COUNTRY_PREFIXES)


def _introduced(text: str, start: int) -> bool:
    """A descriptor introduces the name: 米GPUクラウドのLambda, 重電大手ABB."""
    m = _INTRO_RE.search(text, max(0, start - 13), start)
    return m is not None and (bool(m.group(1)) or m.group() in _INTRO_ADJ)


# "東芝は、ロームと…で協業する", "シャープに出資": a deal's counterparty or object, named right
# after the ambiguous alias, is a company.
_DEAL_PARTY_AFTER = re.compile(
    r"(?:\([^)]{1,24}\))?(?:との?[^、。]{0,30}?(?:資本業務提携|業務提携|提携|協業|共同開発|共同研究|合弁|経営統合|契約を)"
    r"|(?:を|に)[^、。]{0,12}?(?:買収|出資|子会社化)(?:する|した|し[、て]|を))")


# What may stand right before such an alias: the start of a clause (東芝は、ロームと…), not a
# word it is part of (ガーナ産カカオ, 溶接用アーム, 関東ローム, 衛星コンステレーション, ロボットのアーム).
_CLAUSE_OPENERS = frozenset("、。はがもてで\n 　")
# The deal's own counterparty named after it: "ディスコとシティポップの…配信契約を、Xと結んだ".
_OTHER_COUNTERPARTY = re.compile(r"[^。]{0,30}?と(?:結|締結|交わ|共同|提携|協業)")


def _opens_clause(text: str, start: int) -> bool:
    return start == 0 or text[start - 1] in _CLAUSE_OPENERS


def _deal_party(text: str, start: int, end: int) -> bool:
    if not _opens_clause(text, start):
        return False
    m = _DEAL_PARTY_AFTER.match(text, end)
    if m is None:
        return False
    # "ネオンとLEDを組み合わせた看板を東急と共同開発": another と-party is the counterparty
    inner = text[end + 1:m.end()]
    return "と" not in inner and _OTHER_COUNTERPARTY.match(text, m.end()) is None


_SURFACE_COMPANY = operator.itemgetter(0, 5)


def _known_mentions(text: str, tokens: list[Token], gaz: Gazetteer) -> list[CompanyMention]:
    m = _matcher(gaz)
    found: list[tuple[int, int, Company, str]] = []
    last_end = -1
    n = len(tokens)
    firsts = m.max_len
    prefixes = m.prefixes
    # Only tokens an alias could start with (the token is a prefix of one: a token's
    # surface is its text) or that are dictionary entries; the rest find no alias.
    opens = per_word(tokens, m.opens, lambda tok: tok.surface in prefixes or tok.company is not None,
                     _SURFACE_COMPANY, 100_000)
    starts = list(itertools.compress(range(n), opens))
    for i in starts:
        tok = tokens[i]
        s = tok.start
        if s < last_end:
            continue
        # candidate ends: token ends within the longest alias, longest first
        limit = firsts.get(text[s], 0)
        ends = []
        j = i
        while j < n and (e := tokens[j].end) - s <= limit and text[s:e] in prefixes:
            ends.append(e)
            j += 1
        best: tuple[int, Company, str] | None = None
        for e in reversed(ends):
            alias = text[s:e]
            c = m.aliases.get(alias)
            if c is not None and _alias_fits(text, s, e, alias):
                best = (e, c, alias)
                break
        if best is None and tok.company is not None:
            c = gaz.get(tok.company)
            if c is not None and _alias_fits(text, s, tok.end, tok.surface):
                best = (tok.end, c, tok.surface)
        if best is None:
            continue
        e, c, alias = best
        found.append((s, e, c, alias))
        last_end = e
    # Ambiguous aliases: supported by their own context, by an unambiguous alias
    # of the same company, or by a coordinated company (シスコとデル、HPE).
    ok = [
        a not in NEEDS_SUPPORT or _legal_span(text, s, e)[2] or _country_before(text, s) or _introduced(text, s)
        or _dated_subject(text, s, e) or _deal_party(text, s, e)
        for s, e, c, a in found
    ]
    changed = True
    while changed:
        changed = False
        supported = {f[2].canonical for f, good in zip(found, ok) if good}
        for k, (s, e, c, a) in enumerate(found):
            if ok[k]:
                continue
            near = [n for n in (k - 1, k + 1) if 0 <= n < len(found) and ok[n]]
            if c.canonical in supported or any(_coordinated(text, found[min(k, n)][1], found[max(k, n)][0]) for n in near):
                ok[k] = changed = True
    out = []
    for (s, e, c, alias), good in zip(found, ok):
        if not good:
            continue
        s2, e2, _ = _legal_span(text, s, e)
        if out and s2 < out[-1].end:  # 'A株式会社B': the legal form belongs to A
            s2 = s
        out.append(CompanyMention(c.canonical, text[s2:e2], s2, e2, True))
    return out


# "X(東京・港)は3日、": a located subject reporting on a day is a firm (アークデータ).
# "(東京・江東)", "(大阪・北)": the city・ward form news uses for a firm's head office,
# not for a plant or a site (新工場(熊本県菊陽町)); a katakana name before it is a firm.
_CITY_WARD = re.compile(r"\([一-龯]{2,3}・[一-龯ァ-ヺー]{1,5}\)")
_LOC_REPORT = re.compile(r"\([^()\n]{1,40}\)は(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3}|本|同)日(?:付で|に)?、")
_DATED_SUBJECT = re.compile(r"(?:は|が)(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})日(?:付で|に)?、")


def _dated_subject(text: str, s: int, e: int) -> bool:
    """'シャープは1日、…と発表した': a clause-initial name reporting on a day is a company."""
    return (s == 0 or text[s - 1] in "\n、。「") and _DATED_SUBJECT.match(text, e) is not None


_COORD = re.compile(r"\s*(?:と|、|,|や|・|および|及び|&|/)\s*")


def _coordinated(text: str, end: int, start: int) -> bool:
    """Only a conjunction or a list comma between two mentions."""
    return bool(_COORD.fullmatch(text, end, start))


_COORD_CHARS = frozenset("と、,や・および及び&/")


class _Spans:
    """Questions about a fixed set of mention spans, asked for many other spans:
    a scan of every span per question cost more than the rest of _ev_names."""

    def __init__(self, spans: list[tuple[int, int]]):
        spans = sorted(spans)
        self.starts = [a for a, _ in spans]
        self.reach = list(itertools.accumulate((b for _, b in spans), max))  # max end so far
        self.start_set = set(self.starts)
        self.end_set = {b for _, b in spans}

    def overlaps(self, s: int, e: int) -> bool:
        """Any span with a < e and s < b."""
        k = bisect.bisect_left(self.starts, e)
        return k > 0 and self.reach[k - 1] > s

    def coordinated(self, text: str, s: int, e: int) -> bool:
        """A span joined to text[s:e] by only a conjunction or a list comma (_coordinated),
        on either side. Such a gap holds only _COORD_CHARS and spaces, so only span
        edges inside that run of characters can qualify."""
        lo = s
        while lo > 0 and (text[lo - 1] in _COORD_CHARS or text[lo - 1].isspace()):
            lo -= 1
        if any(b in self.end_set and _coordinated(text, b, s) for b in range(lo, s)):
            return True
        hi, n = e, len(text)
        while hi < n and (text[hi] in _COORD_CHARS or text[hi].isspace()):
            hi += 1
        return any(a in self.start_set and _coordinated(text, e, a) for a in range(e + 1, hi + 1))


def _alias_fits(text: str, s: int, e: int, alias: str) -> bool:
    """Context rules shared by all known aliases (see the module docstring)."""
    before = text[s - 1] if s > 0 else ""
    after = text[e] if e < len(text) else ""
    if len(alias) <= 4:
        if _is_kata(alias[0]) and before and _is_kata(before):
            return False
        if _is_kata(alias[-1]) and after and _is_kata(after):
            return False
    if _is_latin(alias[0]) and before and _is_latin(before):
        return False
    if len(alias) <= 3 and _is_latin(alias[0]) and before and _is_kata(before):
        return False  # X in クラウドX: the tail of a mixed katakana-Latin name
    if _is_latin(alias[-1]) and after and (_is_latin(after) or after == "&"):
        return False
    if alias in BAD_FOLLOWERS and text.startswith(BAD_FOLLOWERS[alias], e):
        return False
    if text.startswith(("さん", "氏", "君", "様"), e):
        return False
    if _KANJI_ONLY.fullmatch(alias) and after in "市町村" and after and not text.startswith("市場", e):
        return False  # 日立 in 紫峰化成(茨城県日立市): a place named like the firm, not the firm
    return True


@functools.lru_cache(maxsize=1024)
def _split_pos(pos: str) -> list[str]:
    return pos.split(",")


def _pos(t: Token) -> list[str]:
    return _split_pos(t.pos)


def _is_name_tok(t: Token) -> bool:
    return _name_word(t.surface, t.pos)


@functools.lru_cache(maxsize=65536)
def _name_word(surface: str, pos: str) -> bool:
    p = _split_pos(pos)
    if p[0] == "記号" and (_kata_only[surface] or _latin_word[surface] or _kanji_only[surface]):
        return True  # ゼータ, Ω, a rare kanji (深 in 深藍智控) as words of a name
    if p[0] != "名詞" or surface in _STOP_NOUNS or not _name_chars[surface]:
        return False
    if _HAS_HIRA.search(surface) and p[1] != "固有名詞":
        return False  # hiragana words are grammar, except names like さくら
    return True


def _is_join(t: Token) -> bool:
    return t.surface in _JOINERS


def _inner_prefix(t: Token) -> bool:
    """A kanji prefix inside a name (新 in 江淮新能源): kept only between name words."""
    return t.pos.startswith("接頭辞") and _kanji_only[t.surface]


_LATIN_WORD = re.compile(f"[{_LATIN}0-9.&\\-']+")
_latin_word = _all_of(_LATIN_WORD)
_HAS_HIRA = re.compile(r"[ぁ-ゖ]")


def _is_kata_latin_tok(t: Token) -> bool:
    return bool(_kata_only[t.surface] or _latin_word[t.surface])


def _adjacent(a: Token, b: Token) -> bool:
    gap = b.start - a.end
    if gap == 0:
        return True
    return gap == 1 and bool(_HAS_LATIN.search(a.surface)) and bool(_HAS_LATIN.search(b.surface))


def _run_back(tokens: list[Token], j: int, ok=_is_name_tok, limit: int = 8, kanji_lead: bool = True) -> tuple[int, int]:
    """Name tokens ending just before index j: tokens[i:j] (possibly empty)."""
    i = j
    while i > 0 and j - i < limit:
        t = tokens[i - 1]
        nxt = tokens[i] if i < len(tokens) else None
        if nxt is not None and i < j and not _adjacent(t, nxt):
            break
        if i == j and j < len(tokens) and tokens[j].start != t.end:
            break  # the name must touch the anchor (社, 株式会社, "(")
        if ok(t) or ((_is_join(t) or _inner_prefix(t)) and i < j):
            i -= 1
        else:
            break
    while i < j and (_is_join(tokens[i]) or (_inner_prefix(tokens[i]) and i > 0 and _is_name_tok(tokens[i - 1]))):
        i += 1
    return _trim_front(tokens, i, j, kanji_lead)


def _run_fwd(tokens: list[Token], i: int, ok=_is_name_tok, limit: int = 8) -> tuple[int, int]:
    j = i
    while j < len(tokens) and j - i < limit:
        t = tokens[j]
        if j > i and not _adjacent(tokens[j - 1], t):
            break
        if ok(t) or ((_is_join(t) or _inner_prefix(t)) and j > i):
            j += 1
        else:
            break
    while j > i and (_is_join(tokens[j - 1]) or _inner_prefix(tokens[j - 1])):
        j -= 1
    return i, j


_KATA_WORD = re.compile(r"[ァ-ヺー]+")
_HIRA_WORD = re.compile(r"[ぁ-ゖー]{2,}")
_kata_word, _hira_word = _all_of(_KATA_WORD), _all_of(_HIRA_WORD)
_HAS_KANJI = re.compile(r"[一-龯々]")
# Hiragana nouns that are grammar, not names, even though UniDic gives them a kanji lemma.
_HIRA_GRAMMAR = frozenset("こと もの とき ところ ため よう ほか ほう うち なか まま あと みな すべて ほど わけ はず".split())


def _name_or_kata(t: Token) -> bool:
    """A name token, or a katakana fragment MeCab cut off an unknown name (ツ|ムギAI, ミ|ハル)."""
    return _name_word(t.surface, t.pos) or _kata_word[t.surface]


# Kanji suffixes that end names (華晶能源, 研究所) although UniDic calls them 接尾辞.
_NAME_SUFFIX_CHARS = frozenset("源車所堂屋舎店館器")


def _suffix_tok(t: Token) -> bool:
    """A word of a name that may end in a company-type word (also hiragana: みらい製薬)."""
    return _suffix_word(t.surface, t.pos, t.lemma)


def _legal_name_tok(t: Token) -> bool:
    """A word of the name a legal form introduces (株式会社ゆめみ): a name word, or hiragana
    MeCab reads as a verb or an adjective (ゆめみ as 夢見る), never a particle or an ending."""
    return _suffix_tok(t) or (_hira_word[t.surface] and _split_pos(t.pos)[0] in ("動詞", "形容詞")
                              and t.surface not in ("する", "した", "ある", "いる", "なる", "できる"))


@functools.lru_cache(maxsize=65536)
def _suffix_word(surface: str, pos: str, lemma: str) -> bool:
    if _name_word(surface, pos) or _kata_word[surface]:
        return True
    p = _split_pos(pos)
    if p[0] == "接尾辞" and surface in _NAME_SUFFIX_CHARS:
        return True
    return p[0] == "名詞" and _hira_word[surface] and bool(_HAS_KANJI.search(lemma)) \
        and surface not in _HIRA_GRAMMAR


_NOT_NAME_SUFFIXES = frozenset("日 年 月 等 氏 様 ら 製 系 用 化 的 性 者 員 向け 型 版 側 中 内 外 間 時 際 後 前 別 毎 当たり".split())


def _loc_tok(t: Token) -> bool:
    """A word of a name right before a location in parentheses: kanji suffixes count
    too (星|海|智|造 in 星海智造(江蘇省蘇州市)), the parentheses vouch for the name."""
    return _suffix_tok(t) or (t.pos.startswith("接尾辞") and _kanji_only[t.surface]
                              and t.surface not in _NOT_NAME_SUFFIXES)


def _loose_loc_tok(t: Token) -> bool:
    """A looser word of a name before a location: UniDic cuts unknown names into
    numerals, suffixes and hiragana fillers (三|輪|ロボット, とうか|い|データ); any
    nominal word counts, up to a particle, a verb or punctuation."""
    if _loc_tok(t):
        return True
    p0 = _pos(t)[0]
    return p0 in ("名詞", "接尾辞", "感動詞") and t.surface not in _NOT_NAME_SUFFIXES \
        and t.surface not in _HIRA_GRAMMAR and t.surface not in _STOP_NOUNS and _name_chars[t.surface]


def _native_hira(t: Token) -> bool:
    """A native word written in hiragana, as names do (みらい製薬, しおさい銀行)."""
    return (
        t.pos.startswith("名詞,") and _hira_word[t.surface]
        and bool(_HAS_KANJI.search(t.lemma)) and t.surface not in _HIRA_GRAMMAR
    )


def _snap_kata(tokens: list[Token], i: int, j: int) -> tuple[int, int]:
    """Widen tokens[i:j] over katakana fragments adjoining a katakana edge."""
    while i > 0 and i < j and tokens[i - 1].end == tokens[i].start and _kata_word[tokens[i - 1].surface] \
            and _is_kata(tokens[i].surface[0]):
        i -= 1
    while i < j < len(tokens) and tokens[j].start == tokens[j - 1].end and _kata_word[tokens[j].surface] \
            and _is_kata(tokens[j - 1].surface[-1]):
        j += 1
    return i, j


def _named_after_no(tokens: list[Token], i: int, j: int) -> bool:
    """'データセンター開発の北辰DCパートナーズ': the line of business ended at の, so two or
    three kanji right after it, before a Latin part, open the name (北辰, 南星)."""
    if i == 0 or tokens[i - 1].surface != "の" or tokens[i - 1].end != tokens[i].start:
        return False
    k = i
    while k < j and _kanji_only[tokens[k].surface]:
        k += 1
    return i < k < j and 2 <= tokens[k - 1].end - tokens[i].start <= 3 and _HAS_LATIN.match(tokens[k].surface) is not None


def _trim_front(tokens: list[Token], i: int, j: int, kanji_lead: bool = True) -> tuple[int, int]:
    """Drop descriptors and country prefixes in front of a name (生成AI開発ミライ推論 -> ミライ推論)."""
    for k in range(j - 2, i - 1, -1):
        if tokens[k].surface in _DESCRIPTORS:
            i = k + 1
            break
    for k in range(j - 2, i - 1, -1):
        if tokens[k].surface in COUNTRY_PREFIXES and _kana_or_latin_first[tokens[k + 1].surface]:
            i = k + 1
            break
    if not kanji_lead or _named_after_no(tokens, i, j):
        return i, j
    # leading kanji common nouns before a katakana/Latin part: 半導体クラウドX -> クラウドX
    k = i
    while k < j and _kanji_only[tokens[k].surface] and _pos(tokens[k])[1] != "固有名詞":
        k += 1
    if i < k < j and _kana_or_latin_first[tokens[k].surface]:
        rest = tokens[k:j]
        # but not when the rest is one common word: 湊デジタル, 玄武ソフト are whole names
        if not (len(rest) == 1 and (_is_loanword(rest[0]) or rest[0].surface in _GENERIC_HEADS
                                    or rest[0].surface in _GENERIC_LATIN or rest[0].surface in _COMPANY_SUFFIXES)):
            i = k
    return i, j


def _proper_like(toks: list[Token]) -> bool:
    """Some token looks like a name rather than a dictionary word."""
    for t in toks:
        p = _pos(t)
        if p[1] == "固有名詞" and p[2] not in ("人名", "地名"):
            return True
        if _HAS_LATIN.search(t.surface) and t.surface not in _GENERIC_LATIN:
            return True
        if _kata_only[t.surface] and t.surface != "・":
            if t.lemma == t.surface:  # unknown to UniDic
                return True
            if "-" not in t.lemma and not _kata_only[t.lemma]:
                return True  # a native word written in katakana: ミライ, ヒカリ
    # katakana words joined by ・ are a transliterated name: アトラス・デジタル・インフラ
    return any(t.surface == "・" for t in toks[1:-1])


def _kata_latin_name(t: Token) -> bool:
    return _is_name_tok(t) and _is_kata_latin_tok(t)


def _clause_start(tokens: list[Token], i: int) -> bool:
    if i == 0:
        return True
    prev = tokens[i - 1]
    return prev.surface in ("、", "。", "「", "」", ",", "(", ")", "『", "』") or prev.end < tokens[i].start


def _suffix_kind(text: str, toks: list[Token], gaz: Gazetteer) -> tuple[str, bool] | None:
    """How a name ending in a company-type word reads: ("name" | "common" | "generic", weak suffix).

    "name": the stem looks like a name (ナギ自動車, みらい製薬, 加賀銀行); "common": the
    stem is a dictionary word, a name only where the text introduces a company
    (電力大手の北斗電力); "generic": a phrase, never a name (地方銀行, 電気自動車,
    トヨタグループ, whose stem is a known company)."""
    start, end = toks[0].start, toks[-1].end
    name = text[start:end]
    if name[-1] not in _SUFFIX_LAST:
        return None
    suf = _company_suffix(name)
    if suf is None:
        return None
    weak = suf in _WEAK_SUFFIXES
    stem_end = end - len(suf)
    stem = text[start:stem_end].strip("・ ")
    if stem in _GENERIC_LATIN and not weak and suf not in ("HD", "グループ"):
        return "common", weak  # DXパートナーズ, AIホールディングス: a name where the text introduces a firm
    if (not stem or stem in _GENERIC_STEMS or stem in _GENERIC_NAMES or stem in _GENERIC_LATIN
            or stem.isdigit() or gaz.lookup(stem) is not None or stem in COUNTRY_PREFIXES):
        return "generic", weak
    if stem_end > start and text[stem_end - 1] == "・" and _KATA_ONLY.fullmatch(stem):
        return "name", weak  # アマテラス・エナジー: a transliterated name joined to its company word
    stem_toks = [t for t in toks if t.start < stem_end]
    last = stem_toks[-1]
    if last.end > stem_end:  # the company word is inside one token: ミカゲシステムズ
        if _latin_word[last.surface]:
            return "common", weak  # InvestAI, WWDC: as likely a product or an event
        if last.lemma == last.surface or _pos(last)[1] == "固有名詞":
            return "name", weak
        return "generic", weak  # a dictionary word: ナノテクノロジー
    if all(t.surface in _GENERIC_STEMS or t.surface in COUNTRY_PREFIXES or t.surface in _GENERIC_LATIN
           or t.surface in _DESCRIPTORS for t in stem_toks if not _is_join(t)):
        return "generic", weak
    for t in stem_toks:
        if t.surface in _GENERIC_STEMS or t.surface in COUNTRY_PREFIXES:
            continue
        if _pos(t)[1] == "固有名詞":
            return "name", weak
        if _HAS_LATIN.search(t.surface) and t.surface not in _GENERIC_LATIN:
            return "name", weak
        if _kata_word[t.surface] and not _is_loanword(t):
            return "name", weak  # unknown to UniDic, or native: ヒカリ, ナギ
        if _native_hira(t):
            return "name", weak
    if "・" in stem:
        return "name", weak
    return "common", weak


_FACILITY_HEADS = frozenset("工場 拠点 施設 センター インフラ サイト 基盤 プロジェクト 計画 構想 開発".split())
_FIRM_CENTRES = frozenset("データ 計算 電算 情報".split())
_PUBLIC_BODY = re.compile(r"国立|公立|県立|市立|府立|都立|研究|医療|病院|がん|大学|学術|連携|赤十字")
# What a firm does and a facility does not, later in the sentence that reports it on a day.
_FIRM_ACT = re.compile(r"[^。]{0,80}?(?:発表した|明らかにした|と[^、。]{0,30}?(?:契約|提携|協業|合意)|を(?:買収|受注)|に出資)")


def _facility_named_firm(text: str, toks: list[Token], after: str) -> bool:
    """'灘浜データセンター(大阪市)は10日、…と…契約を結んだと発表した': a firm named like a facility.

    Only a data or computing centre (データセンター, 計算センター), told by a name of its own
    first (not 新, 同, nor a place: 印西データセンター is a site), not a public body (国立…研究
    センター, がんセンター), not a facility someone owns or built (ニトリの…, 新設した…); and
    told as a firm by what it does on the day it reports, or by the city・ward form news
    gives a head office (東都データセンター(東京・江東))."""
    name = text[toks[0].start:toks[-1].end]
    if len(toks) < 2 or toks[-1].surface != "センター" or toks[-2].surface not in _FIRM_CENTRES \
            or _PUBLIC_BODY.search(name) or text.endswith(("の", "た"), 0, toks[0].start) or not _named_stem(toks[:1]):
        return False
    if _LOC_REPORT.match(after) is not None and _FIRM_ACT.match(after) is not None:
        return True
    return _CITY_WARD.match(after) is not None and _pos(toks[0])[2] != "地名"


def _named_stem(toks: list[Token]) -> bool:
    """The words before a generic head could be a name: not empty, not generic, not a description."""
    words = [t for t in toks if not _is_join(t)]
    if not words:
        return False
    if any(t.surface in _GENERIC_STEMS or t.surface in _GENERIC_NAMES or t.surface in _GENERIC_LATIN
           or t.surface in _DESCRIPTORS or t.surface in _GENERIC_HEADS or _is_loanword(t) for t in words):
        return False
    return all(_pos(t)[0] in ("名詞", "記号") or _native_hira(t) for t in words)


def _kanji_words(toks: list[Token]) -> bool:
    """Only kanji dictionary words and generic Latin (AI, IT): a description, not a name."""
    return all(
        (_kanji_only[t.surface] and _pos(t)[1] != "固有名詞") or t.surface in _GENERIC_LATIN
        for t in toks if not _is_join(t)
    )


def _has_proper(toks: list[Token]) -> bool:
    """Some token is a proper noun other than a place (a person's name counts: 智行未来)."""
    return any(_pos(t)[1] == "固有名詞" and _pos(t)[2] != "地名" for t in toks)


@dataclass(slots=True)
class _Cand:
    i: int  # name tokens[i:j]
    j: int
    start: int  # mention span (may include legal-form words)
    end: int
    strength: int  # 3 legal form / location, 2 X社 / 傘下のX / listed, 1 context words
    compound_ok: bool = False  # 米X / Xを買収: a compound of dictionary words may be a name
    ctx: bool = False  # introduced as a company (スタートアップのX, 米X, 傘下のX)
    kind: str = ""  # "loc" X(東京・港), "list" A、Bの2社, "suffix" ナギ自動車 alone, "country" 米X


def _intro_word_ending(text: str, end: int) -> str | None:
    """The longest of _INTRO_WORDS that ends at text[end]. The same answer as
    _INTRO_RE searched up to a の or 、 at text[end], but a few slices instead of
    trying the whole alternation at every position of the window (a hot path)."""
    if end == 0 or text[end - 1] not in _INTRO_LAST:
        return None
    for n in _INTRO_LENGTHS:
        if n <= end and text[end - n : end] in _INTRO_SET:
            return text[end - n : end]
    return None


def _intro_before(text: str, tokens: list[Token], k: int) -> str | None:
    """The introducing word if tokens[k] starts a name a descriptor introduces:
    電力大手の|AI新興、|投資会社|米玩具メーカーの (see _INTRO_WORDS)."""
    if k == 0:
        return None
    prev = tokens[k - 1]
    if prev.end != tokens[k].start:
        return None
    if prev.surface in ("の", "、"):
        word = _intro_word_ending(text, prev.start)
        if word is not None:
            return word + prev.surface
        if prev.surface == "の" and k >= 3 \
                and _COUNTRY_FIRST.search(text, tokens[max(0, k - 7)].start, prev.start) is not None:
            # 米[common nouns]の X: a country-prefixed description (英半導体設計のX)
            q = k - 2
            while q >= 0 and k - 2 - q < 5 and _is_name_tok(tokens[q]) and tokens[q].company is None \
                    and tokens[q].surface not in COUNTRY_PREFIXES and not _proper_like([tokens[q]]):
                q -= 1
            if 0 <= q < k - 2 and tokens[q].surface in COUNTRY_PREFIXES and tokens[q].end == tokens[q + 1].start \
                    and (q == 0 or not _is_name_tok(tokens[q - 1])):
                return text[tokens[q].start : prev.end]
        return None
    if prev.surface in _INTRO_ADJ and _kana_or_latin_first[tokens[k].surface]:
        return prev.surface
    if prev.pos.startswith("動詞,") and _VERB_INTRO_RE.search(text, max(0, prev.start - 4), prev.end) and tokens[k].surface[0] != "、":
        return prev.surface
    return None


_ITEM_PARTICLE = re.compile(r"(?<=[^ぁ-ゖ])(?:は|が|を|に|で|も)")
_LIST_SPLIT = re.compile(r"、|および|及び|(?<![ぁ-ゖ])[とや]|,")
_KANJI_NUM = {"二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def _list_items(text: str, tokens: list[Token], k: int, start_idx: _Offsets, end_idx: _Offsets) -> list[tuple[int, int]]:
    """Token spans of the items of 'A、B、Cの3社' (k: the counter 社/行 after 'の3')."""
    num = tokens[k - 1].surface
    count = int(num) if num.isdigit() else _KANJI_NUM.get(num, 0)
    if not 2 <= count <= 12 or k < 3 or tokens[k - 2].surface != "の":
        return []
    no = tokens[k - 2].start
    lo = max(text.rfind(ch, 0, no) for ch in "。\n「」()")
    lo = max(lo + 1, no - 200)
    pieces: list[tuple[int, int]] = []
    pos = no
    for m in reversed(list(_LIST_SPLIT.finditer(text, lo, no))):
        pieces.append((m.end(), pos))
        pos = m.start()
    pieces.append((lo, pos))
    pieces = pieces[:count]
    if len(pieces) < 2:
        return []
    out = []
    for a, b in pieces:
        seg = text[a:b]
        if seg.endswith("のほか"):
            b -= 3
        elif seg.endswith("ほか"):
            b -= 2
        # 電力大手の北斗電力: drop the description before の
        cut = text.rfind("の", a, b)
        while cut > a and not _INTRO_RE.search(text, max(a, cut - 12), cut + 1):
            cut = text.rfind("の", a, cut)
        if cut > a:
            a = cut + 1
        # 同社は10日、A: only what follows a particle after a non-hiragana character
        m = None
        for m in _ITEM_PARTICLE.finditer(text, a, b):
            pass
        if m is not None:
            a = m.end()
        seg = text[a:b]
        if not seg or len(seg) > 24 or not _NAME_CHARS.fullmatch(seg):
            continue
        if a not in start_idx or b not in end_idx:
            continue
        i, j = start_idx[a], end_idx[b] + 1
        if tokens[i].surface in COUNTRY_PREFIXES and i + 1 < j:
            i += 1
        if any(_pos(t)[0] in ("動詞", "形容詞", "助動詞") for t in tokens[i:j]):
            continue
        out.append((i, j))
    return out


_EV_PARTICLES = frozenset(("は", "が", "も", "と", "から", "を", "に", "へ", "の"))
_EV_PREV = frozenset(("の", "、", "会社", "ファンド", *_KIND_WORDS))
_KIND_OR_FIRM = _KIND_WORDS | {"会社", "ファンド"}

# What a word can trigger and the name tests the passes ask of it most, as bits,
# cached per word (tokens.Word, else (surface, lemma, pos)). The _R_ bits say which rule of
# _unknown_candidates may fire at the word: S ends in a company-type word or is a
# tail of one (rule S's text test can pass only there), A starts a legal form, B 社/行, C a country prefix, F "(", G and H
# particles; _CAND_NEXT says rule I may fire at the next word if that is
# _NAME_OR_KATA; _EV_HERE a cue of _ev_structural at the word (a particle),
# _EV_NEXT at the next word if that is _NAME_OR_KATA or _SUFFIX_TOK. (A token's
# surface is its text, so its last character is text[t.end - 1].)
_CAND_NEXT, _EV_HERE, _EV_NEXT, _NAME_OR_KATA, _SUFFIX_TOK = 1, 2, 4, 8, 16
_R_SUFFIX, _R_LEGAL, _R_SHA, _R_COUNTRY, _R_PAREN, _R_OBJ, _R_SUBJ = 32, 64, 128, 256, 512, 1024, 2048
_CAND_HERE = _R_SUFFIX | _R_LEGAL | _R_SHA | _R_COUNTRY | _R_PAREN | _R_OBJ | _R_SUBJ
# Particles whose cue of _ev_structural needs a deal word ahead (_deal_ahead: を, に, へ
# by _OBJECT_DEAL, と, から by _EV_SLOT), the の of "Xの<person>社長", and a person's name.
_EV_AHEAD, _EV_NO, _PERSON = 4096, 8192, 16384
_word_flags: dict[object, int] = {}


def _token_flags(t: Token) -> int:
    return _flags(t.surface, t.lemma, t.pos)


def _may_end(surface: str, words: tuple[str, ...]) -> bool:
    """Can the text end in one of `words` at this word: does the word end in one, or is
    it the tail of one (MeCab may cut 自動|車 or …を開発|する)?"""
    return surface.endswith(words) or surface in _tails(words)


@functools.lru_cache(maxsize=16)
def _tails(words: tuple[str, ...]) -> frozenset[str]:
    """Every tail of every word: one set look-up instead of a scan of the words, for each
    word an article brings that the process has not seen (ten thousand in a night's first
    hundred articles)."""
    return frozenset(w[i:] for w in words for i in range(len(w)))


def _flags(surface: str, lemma: str, pos: str) -> int:
    bits = 0
    if _may_end(surface, _COMPANY_SUFFIXES):
        bits |= _R_SUFFIX  # the text can end in a company word here (重工, ミカゲシステムズ; 自動|車)
    if surface[0] in _LEGAL_FIRST:
        bits |= _R_LEGAL
    if surface in ("社", "行"):
        bits |= _R_SHA
    if surface in COUNTRY_PREFIXES:
        bits |= _R_COUNTRY
    if surface == "(":
        bits |= _R_PAREN
    if surface in ("を", "に", "へ", "と", "から", "の") and pos.startswith("助詞,"):
        bits |= _R_OBJ
    if surface in ("は", "が") and pos.startswith("助詞,"):
        bits |= _R_SUBJ
    # After a verb only _VERB_INTRO_RE introduces a name, and it ends with the verb:
    # the verb ends in one of its words or is the tail of one (…を開発|する).
    verb_intro = _may_end(surface, _VERB_INTRO_WORDS)
    if surface in _INTRO_PREV or pos.startswith("動詞,") and verb_intro:
        bits |= _CAND_NEXT
    if surface in _EV_PARTICLES and pos.startswith("助詞"):
        bits |= _EV_HERE
        if surface in ("を", "に", "へ", "と", "から"):
            bits |= _EV_AHEAD
        elif surface == "の":
            bits |= _EV_NO
    if _split_pos(pos)[2:3] == ["人名"]:
        bits |= _PERSON
    if surface in _EV_PREV or pos.startswith("動詞") and verb_intro:
        bits |= _EV_NEXT
    if _name_word(surface, pos) or _kata_word[surface]:  # _name_or_kata
        bits |= _NAME_OR_KATA
    if _suffix_word(surface, pos, lemma):  # _suffix_tok
        bits |= _SUFFIX_TOK
    return bits


class _Offsets:
    """Token index by start (or end) offset, read like a dict. Tokens are in text
    order, so a sorted list and bisect do: building a dict of every token cost more
    than the few look-ups an article makes."""

    __slots__ = ("keys",)

    def __init__(self, keys: list[int]):
        self.keys = keys

    def get(self, offset: int, default: int | None = None) -> int | None:
        k = bisect.bisect_left(self.keys, offset)
        return k if k < len(self.keys) and self.keys[k] == offset else default

    def __contains__(self, offset: int) -> bool:
        return self.get(offset) is not None

    def __getitem__(self, offset: int) -> int:
        k = self.get(offset)
        if k is None:
            raise KeyError(offset)
        return k


_WORD_KEY = operator.itemgetter(0, 1, 2)  # (surface, lemma, pos) of a Token
_START, _END = operator.itemgetter(3), operator.itemgetter(4)


class _TokenIndex(NamedTuple):
    """What the company passes look up about an article's tokens, built once."""

    flags: list[int]  # _flags of each token
    cand: list[int]  # indices where a rule of _unknown_candidates can fire
    ev: list[int]  # indices where a cue of _ev_structural can start
    start_idx: _Offsets  # token index by start offset
    end_idx: _Offsets  # token index by end offset


# Every match of _OBJECT_DEAL or _EV_SLOT at a particle has one of these words
# starting at most _AHEAD characters after the particle (から + 50 + 株式を取得 reaches 55).
_DEAL_AHEAD_WORDS = re.compile(
    r"買収|子会社|傘下|売却|譲渡|TOB|買い付け|出資|投資|提携|協業|連携|契約|覚書|合意|合弁|資金|受注|"
    r"取得|全株式|譲り受|調達"
)
_AHEAD = 56


def _deal_ahead(text: str) -> bytearray:
    """Offsets with a word of _DEAL_AHEAD_WORDS starting within _AHEAD characters after
    them (1) or not (0): a particle at a 0 matches neither _OBJECT_DEAL nor _EV_SLOT.
    The scan finds no overlapping words, so each found word also marks its own span:
    a word hidden inside it starts inside it."""
    near = bytearray(len(text) + 1)
    for m in _DEAL_AHEAD_WORDS.finditer(text):
        lo = max(0, m.start() - _AHEAD)
        near[lo : m.end()] = b"\x01" * (m.end() - lo)
    return near


def _token_index(text: str, tokens: list[Token]) -> _TokenIndex:
    """Most tokens trigger no rule: the passes visit only those that can, and read
    a word's classes from one cached int instead of calling the tests per visit.
    Particles are most of the rest, and few have a deal word ahead or a person
    after them: the others are left out here, for a look-up instead of a visit."""
    flags = per_word(tokens, _word_flags, _token_flags, _WORD_KEY, 100_000)
    starts = list(map(_START, tokens))
    near = _deal_ahead(text)
    n = len(flags)
    cand: list[int] = []
    ev: list[int] = []
    p = 0  # flags of the word before
    for k, f in enumerate(flags):  # one pass for both lists
        here = f & _CAND_HERE
        # rule G is a particle's only rule, and it needs a deal word ahead
        if here and (here != _R_OBJ or near[starts[k]]) or p & _CAND_NEXT and f & _NAME_OR_KATA:
            cand.append(k)
        if p & _EV_NEXT and f & (_NAME_OR_KATA | _SUFFIX_TOK):
            ev.append(k)
        elif f & _EV_HERE:
            if f & _EV_AHEAD:
                if near[starts[k]]:
                    ev.append(k)
            elif f & _EV_NO:
                if k + 1 < n and flags[k + 1] & _PERSON:  # Xの<person>社長
                    ev.append(k)
            else:
                ev.append(k)
        p = f
    return _TokenIndex(flags, cand, ev, _Offsets(starts), _Offsets(list(map(_END, tokens))))


def _unknown_candidates(text: str, tokens: list[Token], ix: _TokenIndex) -> list[_Cand]:
    n = len(tokens)
    flags, start_idx, end_idx = ix.flags, ix.start_idx, ix.end_idx
    out: list[_Cand] = []

    def add(i: int, j: int, start: int | None, end: int | None, strength: int, compound_ok: bool = False,
            ctx: bool = False, kind: str = "") -> None:
        if i < j:
            s = tokens[i].start if start is None else start
            e = tokens[j - 1].end if end is None else end
            out.append(_Cand(i, j, s, e, strength, compound_ok, ctx, kind))

    for k in ix.cand:
        t = tokens[k]
        s = t.surface
        f = flags[k]
        # S. a name ending in a company-type word, on its own: ナギ自動車, みらい製薬
        if f & _R_SUFFIX and f & _SUFFIX_TOK and text.endswith(_COMPANY_SUFFIXES, 0, t.end) and (
            k + 1 == n or tokens[k + 1].start != t.end or not flags[k + 1] & _SUFFIX_TOK
        ):
            bi, bj = _run_back(tokens, k + 1, ok=_suffix_tok, kanji_lead=False)
            bi, bj = _snap_kata(tokens, bi, bj)
            add(bi, bj, None, None, 1, kind="suffix")
        # I. a name after a word that introduces it: 電力大手の北斗電力, 投資会社X, AI新興、X
        if k and flags[k - 1] & _CAND_NEXT and f & _NAME_OR_KATA and not f & _R_COUNTRY and (intro := _intro_before(text, tokens, k)) is not None:
            fi, fj = _snap_kata(tokens, *_run_fwd(tokens, k, ok=_suffix_tok))
            nxt = tokens[fj].surface if fj < n else ""
            if not intro.endswith("、") or nxt in ("は", "が", "を", "と", "に", "も", "から", "("):
                # a compound of dictionary words may be a name when it is also a deal's
                # object: 装置部品メーカー、精工微機を買収
                obj = fj < n and nxt in ("を", "に", "と") and _OBJECT_DEAL.match(text, tokens[fj].start) is not None \
                    and not any(_pos(x)[1] == "数詞" for x in tokens[fi:fj])  # not 3行 in 嵐山銀行の3行と
                add(fi, fj, None, None, 2 if intro.startswith("傘下") else 1, compound_ok=obj, ctx=True)
        # A. 株式会社X / X株式会社 / (株)X / X(株)
        lf = None
        if f & _R_LEGAL:
            lf = next((f for f in _LEGAL_FORMS if text.startswith(f, t.start)), None)
        if lf is not None and (k == 0 or tokens[k - 1].end <= t.start) and t.start + len(lf) in end_idx:
            after = end_idx[t.start + len(lf)] + 1
            fi, fj = _run_fwd(tokens, after, ok=_legal_name_tok)
            bi, bj = _run_back(tokens, k)
            if fj > fi and tokens[fi].start == t.start + len(lf) and bj == bi:
                add(fi, fj, t.start, None, 3)
            elif bj > bi:
                add(bi, bj, None, t.start + len(lf), 3)
            elif fj > fi and tokens[fi].start == t.start + len(lf):
                add(fi, fj, t.start, None, 3)
            continue
        # B. X社; A、B、Cの3社 (every listed item is a company)
        if f & _R_SHA and k > 0 and _pos(tokens[k - 1])[1] == "数詞":
            for i, j in _list_items(text, tokens, k, start_idx, end_idx):
                add(i, j, None, None, 2, ctx=True, kind="list")
        elif f & _R_SHA and s == "社":
            bi, bj = _run_back(tokens, k)
            add(*_snap_kata(tokens, bi, bj), None, t.end, 2)
        # C. 米X / 英X / 中国X ...
        elif f & _R_COUNTRY and k + 1 < n and tokens[k + 1].start == t.end:
            prev_ok = k == 0 or not _is_name_tok(tokens[k - 1]) or tokens[k - 1].end < t.start
            if prev_ok and _kana_or_latin_first[tokens[k + 1].surface]:
                fi, fj = _run_fwd(tokens, k + 1, ok=lambda x: _is_kata_latin_tok(x) or x.surface in _COMPANY_WORDS)
                add(fi, fj, None, None, 1, compound_ok=True, ctx=True, kind="country")
        # F. X(東京・港), X(東京都千代田区), X(杭州市)
        elif f & _R_PAREN and _LOCATION_PAREN.match(text, t.start):
            bi, bj = _run_back(tokens, k, ok=_loc_tok)
            add(*_snap_kata(tokens, bi, bj), None, None, 3, kind="loc")
            li, lj = _snap_kata(tokens, *_run_back(tokens, k, ok=_loose_loc_tok, limit=6, kanji_lead=False))
            if li <= bi and lj - li >= 2:  # tried only if the strict name is not accepted
                add(li, lj, None, None, 3, kind="loc2")
        # G. Xを買収 / Xに出資 / Xと提携 / Xの買収 / Xから…を受注
        elif f & _R_OBJ and (m := _OBJECT_DEAL.match(text, t.start)):
            bi, bj = _run_back(tokens, k, ok=_kata_latin_name)
            add(*_snap_kata(tokens, bi, bj), None, None, 1, compound_ok=bool(re.search("買収|出資|提携|協業", m.group())))
        # H. Xは(が) ... を買収/に出資/と提携 (X at the start of a clause)
        elif f & _R_SUBJ:
            stop = text.find("。", t.end)
            if not _DEAL_WORDS.search(text, t.end, stop if stop >= 0 else len(text)):
                continue
            runs = [_run_back(tokens, k, ok=_kata_latin_name)]
            # XとYが提携: both names of a coordinated subject
            while runs[-1][1] > runs[-1][0] and runs[-1][0] >= 2 and tokens[runs[-1][0] - 1].surface == "と":
                runs.append(_run_back(tokens, runs[-1][0] - 1, ok=_kata_latin_name))
            bi = runs[-1][0]
            if runs[-1][1] > bi and _clause_start(tokens, bi):
                strong = bool(re.search("買収|出資|提携", text[t.end : stop if stop >= 0 else len(text)]))
                for ri, rj in runs:
                    add(ri, rj, None, None, 1, compound_ok=strong)
    return out


# After '米<words>', a kind of firm shows the words were its field (米AI新興, 仏電池大手).
_FIELD_OF_KIND = re.compile("(?:" + "|".join(sorted(_KIND_WORDS, key=len, reverse=True)) + ")(?:の|を|に|と|が|は|、|。|$)")


def _accept(text: str, tokens: list[Token], c: _Cand, gaz: Gazetteer) -> str | None:
    """The cleaned name if the candidate is a plausible company, else None."""
    toks = tokens[c.i : c.j]
    name = _strip_legal(text[tokens[c.i].start : tokens[c.j - 1].end])
    if not name or name in _GENERIC_NAMES or name.isdigit() or name in _GENERIC_LATIN or "\n" in name:
        return None  # a name never runs over a line break ("■AI時代のM&A" / "AIの普及で")
    if len(name) < 2 and not (c.strength >= 2 and _HAS_LATIN.fullmatch(name)):
        return None
    if name.endswith(_NON_COMPANY_ENDINGS) and not _KATA_ONLY.fullmatch(name) and not name.endswith(_FIRM_ENDINGS):
        return None
    after = text[tokens[c.j - 1].end :]
    if c.strength < 3 and after.startswith(_PERSON_FOLLOWERS):
        return None
    if c.strength < 3 and (after.startswith("「") or (text.endswith("「", 0, c.start) and after.startswith("」"))):
        return None  # 検索サイト「X」 describes X; 「X」 itself is a product or a plan
    if _pos(toks[-1])[1] == "数詞" and after.startswith(("社", "行")):
        return None  # 米クラウド2社: a count, not a name
    suffix = _suffix_kind(text, toks, gaz)
    if suffix is not None:
        kind, weak = suffix
        if kind == "generic" and c.strength < 3:
            return None
        if kind == "name" and not (c.kind == "suffix" and after.startswith(_DESCRIPTOR_FOLLOWERS)):
            return name
        if kind == "common" and (c.strength >= 3 or (c.ctx and not weak and c.kind != "country")):
            return name
        if kind == "common" and c.kind == "list" and not (weak and _kanji_words(toks)):
            return name  # but 物流AIと…の2社 describes a firm
    if c.kind == "suffix":
        return None
    if c.kind == "country" and _FIELD_OF_KIND.match(after):
        return None  # 仏シリコンキャパシター新興を買収: the field of an unnamed firm, not its name
    if c.strength < 3 and (toks[-1].surface in _DESCRIPTORS or toks[-1].surface in _KIND_WORDS):
        return None  # AIスタートアップ, 半導体メーカー: a kind of firm, not a name
    if c.kind == "list":
        words = [t for t in toks if not _is_join(t)]
        if re.fullmatch(r"[0-9一二三四五六七八九十]+(日|月|年|年度)", name):
            return None  # "Aは25日、B、Cの3社": the date, not an item
        if all(_pos(t)[1] == "固有名詞" and _pos(t)[2] == "人名" for t in words):
            return None
        if _kanji_words(words):
            return None  # AI創薬と物流AIの2社: descriptions of unnamed firms
        return name if not (len(toks) == 1 and _is_loanword(toks[0])) else None
    if c.kind == "loc" and toks[-1].surface in _GENERIC_HEADS and not _proper_like(toks) and (
        toks[-1].surface in _FACILITY_HEADS and not _facility_named_firm(text, toks, after)
        or toks[-1].surface not in _FACILITY_HEADS and not (_named_stem(toks[:-1]) or _LOC_REPORT.match(after))
    ) and not (_CITY_WARD.match(after) and _KATA_ONLY.fullmatch(name)):
        return None  # 新工場(熊本県菊陽町), but 玄武ソフト(東京・千代田), 三輪ロボット(京都市)
    if c.kind == "loc2" and not (toks[-1].surface in _FACILITY_HEADS and _facility_named_firm(text, toks, after)):
        words = [t for t in toks if not _is_join(t)]
        if toks[-1].surface in _FACILITY_HEADS or any(
                t.surface in _GENERIC_STEMS or t.surface in _GENERIC_NAMES or t.surface in _DESCRIPTORS
                or t.surface in _KIND_WORDS for t in words):
            return None
        if all(t.surface in _GENERIC_HEADS or _is_loanword(t) for t in words):
            return None
    kinds = [_pos(t) for t in toks if not _is_join(t)]
    foreign_name = False
    if kinds and all(p[1] == "固有名詞" and p[2] in ("人名", "地名") for p in kinds):
        # A person or a place, unless the text introduces it as a company and it
        # is a katakana/Latin name UniDic happens to know as a foreign surname.
        if not (c.ctx and all(p[2] == "人名" for p in kinds) and all(_is_kata_latin_tok(t) or _is_join(t) for t in toks)):
            return None
        foreign_name = True
    if c.strength == 2 and not _HAS_KANA_OR_LATIN.search(name) and not any(p[1] == "固有名詞" for p in kinds):
        return None  # kanji X社 is mostly 新聞社, 出版社, ...
    if c.strength <= 2 and len(toks) == 1 and _is_loanword(toks[0]):
        return None  # a single dictionary loanword: 米テック, 傘下のファンド
    if c.ctx and c.strength == 2 and toks[-1].surface in _GENERIC_HEADS and not _proper_like(toks):
        return None  # 傘下の求人検索サイト
    if c.strength == 1:
        if after.startswith(_PRODUCT_FOLLOWERS) or after.startswith(_DESCRIPTOR_FOLLOWERS):
            return None
        if not (foreign_name or _proper_like(toks) or (c.ctx and c.kind != "country" and _has_proper(toks))):
            if not (c.compound_ok and len(toks) >= 2) or (
                    after.startswith("の") and not (c.kind == "country" and _OBJECT_DEAL.match(after))):
                return None  # 米ベンチャーキャピタルの…: a description, not a name (but 米アルテックの買収)
        if toks[-1].surface in _GENERIC_HEADS and not any(t.surface == "・" for t in toks[1:-1]):
            return None  # クラウドサービス, AIチップ: things, not firms
    return name


def _is_loanword(t: Token) -> bool:
    """A katakana dictionary loanword (UniDic lemma 'クラウド-crowd'), not a proper noun (ベネッセ)."""
    return _kata_only[t.surface] and "-" in t.lemma and _pos(t)[1] != "固有名詞"


# --------------------------------------------------------------------------
# Evidence across the article
# --------------------------------------------------------------------------
# Names whose shape alone says little (蒼天重工, 東雲通信, 玄武ソフト, ショップブリッジ)
# are accepted when the article gives enough independent cues that they name a
# firm. Structural cues propose a name; string cues found anywhere in the text add
# to its score. Weights: a strong cue (a descriptor that introduces a firm, a list
# of investees, "Xの<person>社長", "Xは<date>、") counts 2, a weak one 1.

_EV_DEAL = re.compile(
    r"買収|出資|提携|協業|連携|契約|投資|合意|締結|調達|合弁|子会社化|傘下に|受注|発注|覚書|合併|譲り受|譲渡|"
    r"株式を取得|売却|供給|共同開発|共同研究"
)
# Xは19日、 / Xは八日、 / Xは同日、: the opening of a news report about X.
_EV_DATE = re.compile(r"(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})日(?:付で|に)?、|同日、|本日、")
# The first characters of _EV_DATE's matches: a set look-up turns most particles away
# before a regex call (some 2,000 instructions even when it fails at once).
_EV_DATE_FIRST = frozenset("0123456789一二三四五六七八九十同本")
# Xと(の|も)…提携 / Xと、…契約を結んだ / Xから…受注: X is the counterparty of a deal in the same clause.
_EV_SLOT = re.compile(
    r"と(?:の|も)?[^。、をがは]{0,14}?(?:提携|協業|連携|契約|覚書|合意|合弁)"
    r"|と、[^。]{0,50}?(?:提携|協業|連携|契約を結|覚書|合意|受注)"
    r"|から[^。]{0,50}?(?:受注|譲り受|を買収|株式を取得|を調達)"
)
_EV_REPORT_HEAD = re.compile(r"(?:は|が)(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})日(?:付で|に)?、")
_BOSS_TITLES = ("社長", "会長", "CEO", "最高経営責任者", "代表取締役", "代表", "創業者", "共同創業者", "副社長")
# 出資先は、A、B、Cで: the items of a list introduced as counterparties.
_EV_LIST_HEAD = re.compile(
    r"(?:出資先|投資先|買収先|提携先|取引先|受注先|発注先|調達先|委託先|納入先|供給先|相手|顧客)(?:企業)?は、?"
)
_EV_LIST_END = re.compile(r"(?<=[^ぁ-ゖ])(?:で|の[0-9一二三四五六七八九]+社|と(?:なる|なった))|。|\n")
# People and roles, never firms (米調査会社のアナリスト).
_ROLE_NOUNS = frozenset("マネジャー マネージャー ファンドマネジャー ディレクター アナリスト エコノミスト ストラテジスト コンサルタント エンジニア 研究者 技術者 担当者 関係者 専門家 投資家 経営者 幹部 記者 弁護士".split())
# After a name, these show it was a description: 車載ソフト会社, EC大手.
_EV_BAD_AFTER = ("会社", "企業", "メーカー", "大手", "市場", "業界", "事業", "各社", "関連", "向け", "製", "系", "「", "分野", "部門")
_COUNTRY_NAMES = frozenset(
    """米国 アメリカ 中国 台湾 韓国 香港 英国 イギリス ドイツ フランス オランダ ベルギー スイス スウェーデン
    フィンランド ノルウェー デンマーク イタリア スペイン カナダ インド イスラエル シンガポール オーストラリア
    ベトナム タイ インドネシア マレーシア ブラジル 日本 国内 欧州 北米""".split()
)


def _ev_run_back(tokens: list[Token], k: int) -> tuple[int, int]:
    """A name ending just before tokens[k], kanji common nouns included (蒼天|重工)."""
    bi, bj = _run_back(tokens, k, ok=_suffix_tok, limit=6, kanji_lead=False)
    return _snap_kata(tokens, bi, bj)


def _ev_run_fwd(tokens: list[Token], k: int, ok=_suffix_tok) -> tuple[int, int]:
    fi, fj = _run_fwd(tokens, k, ok=ok, limit=6)
    return _snap_kata(tokens, fi, fj)


def _ev_structural(text: str, tokens: list[Token], ix: _TokenIndex) -> list[tuple[int, int, str, int]]:
    """(i, j, cue, weight) for names in positions that propose a company."""
    out: list[tuple[int, int, str, int]] = []
    n = len(tokens)
    flags = ix.flags
    for k in ix.ev:
        t = tokens[k]
        s = t.surface
        p0 = flags[k] & _EV_HERE  # a particle of _EV_PARTICLES: every test of p0 below names one
        if s == "は" and p0 and k and text[t.start - 1] in "先手客業" and \
                (m := _EV_LIST_HEAD.search(text, max(0, t.start - 8), t.end + 1)) is not None:
            out.extend((i, j, "list", 2) for i, j in _ev_list(text, tokens, m.end()))
        if p0 and (s in ("は", "が") or s == "も" and text[t.end:t.end + 1] in _EV_DATE_FIRST and _EV_DATE.match(text, t.end)):
            stop = text.find("。", t.end)
            stop = len(text) if stop < 0 else stop
            nl = text.find("\n", t.end, stop)
            stop = stop if nl < 0 else nl
            dated = s in ("は", "も") and text[t.end:t.end + 1] in _EV_DATE_FIRST \
                and _EV_DATE.match(text, t.end) is not None  # Xも25日、: another report
            if not dated and not _EV_DEAL.search(text, t.end, stop):
                continue
            j = k
            if k >= 3 and tokens[k - 1].surface == ")":  # X(HD)は, X(エイチ)は
                q = next((q for q in range(k - 2, max(0, k - 8), -1) if tokens[q].surface == "("), None)
                if q is not None:
                    j = q
            while True:  # XとYは: every item of a coordinated subject
                bi, bj = _ev_run_back(tokens, j)
                if bj <= bi:
                    break
                out.append((bi, bj, "subj", 1))
                if dated:
                    out.append((bi, bj, "date", 1))
                if s == "は" and _line_of_business(text, tokens, bi):
                    out.append((bi, bj, "intro", 2))  # 電子材料の陽光電材は14日、 / AI翻訳のヤクシャは、…契約
                if bi >= 2 and tokens[bi - 1].surface in ("と", "、") and tokens[bi - 1].end == tokens[bi].start:
                    j = bi - 1
                else:
                    break
        elif p0 and (s in ("と", "から") and _EV_SLOT.match(text, t.start)
                     or s in ("を", "に", "へ", "も") and _OBJECT_DEAL.match(text, t.start)):  # Xを買収, Xに出資
            bi, bj = _ev_run_back(tokens, k)
            if bj > bi:
                # In a dated report ("Aは3日、Xと提携した") the slot is a counterparty's: a strong cue.
                head = max(text.rfind("。", 0, tokens[bi].start), text.rfind("\n", 0, tokens[bi].start)) + 1
                dated = _EV_REPORT_HEAD.search(text, head, tokens[bi].start) is not None
                out.append((bi, bj, "slot", 2 if dated else 1))
        elif p0 and s == "の" and k + 2 < n and _pos(tokens[k + 1])[2] == "人名":
            q = k + 1
            while q < n and q - k <= 3 and _pos(tokens[q])[2] == "人名":
                q += 1
            if q < n and tokens[q].surface in _BOSS_TITLES:
                bi, bj = _ev_run_back(tokens, k)
                if bj > bi:
                    out.append((bi, bj, "boss", 2))
        prev = tokens[k - 1] if k else t
        if k and flags[k - 1] & _EV_NEXT and prev.end == t.start and flags[k] & (_NAME_OR_KATA | _SUFFIX_TOK):
            strong = None
            if prev.surface in ("の", "、") and _intro_word_ending(text, prev.start) is not None:
                strong = "intro"
            elif prev.surface == "の" and k >= 2 and tokens[k - 2].surface in _COUNTRY_NAMES:
                strong = "intro"  # ドイツのハンザ・ターミナル
            elif prev.pos.startswith("動詞,") and _VERB_INTRO_RE.search(text, max(0, prev.start - 4), prev.end):
                strong = "intro"  # …を開発するX
            elif prev.surface in _KIND_OR_FIRM and _is_kata(t.surface[0]):
                strong = "intro"  # センサー会社ノルドリヒト
            if strong is not None and not (k >= 2 and _is_name_tok(tokens[k - 2]) and prev.surface == "、"):
                # after a descriptor, kanji suffixes belong to the name too (物流大手の申通天|網)
                fi, fj = _ev_run_fwd(tokens, k, ok=_loc_tok if strong == "intro" else _suffix_tok)
                if fj > fi:
                    out.append((fi, fj, strong, 2))
    return out


def _line_of_business(text: str, tokens: list[Token], bi: int) -> bool:
    """'<line of business>の' opens the clause before tokens[bi] (電子材料の|陽光電材は14日、):
    how news introduces the company a report is about."""
    if bi < 2 or tokens[bi - 1].surface != "の" or tokens[bi - 1].end != tokens[bi].start:
        return False
    q = bi - 2
    while q >= 0 and bi - 2 - q < 4 and tokens[q].pos.startswith("名詞,") and _pos(tokens[q])[1] != "数詞" \
            and tokens[q].company is None and tokens[q].surface not in _STOP_NOUNS:
        q -= 1
    if q == bi - 2:
        return False
    return q < 0 or tokens[q].surface in ("、", "。", "「", "\n", "■", "・") or tokens[q].end < tokens[q + 1].start


def _ev_list(text: str, tokens: list[Token], a: int) -> list[tuple[int, int]]:
    """Token spans of the items of a list starting at text[a] (出資先は、A、BのC、Dで)."""
    end_m = _EV_LIST_END.search(text, a)
    hi = end_m.start() if end_m else len(text)
    if hi - a > 200:
        return []
    start_idx = {tok.start: q for q, tok in enumerate(tokens) if a <= tok.start < hi}
    end_idx = {tok.end: q for q, tok in enumerate(tokens) if a < tok.end <= hi}
    out = []
    for m in re.finditer(r"[^、]+", text[a:hi]):
        lo, hi2 = a + m.start(), a + m.end()
        for sep in ("および", "及び"):
            if text.startswith(sep, lo):
                lo += len(sep)
        cut = text.rfind("の", lo, hi2)
        if cut >= 0:
            lo = cut + 1  # 農作物の生育予測のヴェルデ -> ヴェルデ
        if lo in start_idx and hi2 in end_idx and hi2 - lo <= 24:
            i, j = start_idx[lo], end_idx[hi2] + 1
            if all(_suffix_tok(x) or _is_join(x) for x in tokens[i:j]):
                out.append((i, j))
    return out


def _ev_shape(text: str, toks: list[Token], name: str, gaz: Gazetteer) -> int | None:
    """Cue score a name of this shape needs, or None if it can never be a company."""
    if (len(name) < 2 or name in _GENERIC_NAMES or name in _GENERIC_LATIN or name in _GENERIC_STEMS
            or name.isdigit() or name in COUNTRY_PREFIXES or name in _COUNTRY_NAMES):
        return None
    if name.endswith(_NON_COMPANY_ENDINGS) and not _KATA_ONLY.fullmatch(name) and not name.endswith(_FIRM_ENDINGS):
        return None
    if any(t.company is not None for t in toks):
        return None
    words = [t for t in toks if not _is_join(t)]
    if not words or any(_pos(t)[0] in ("動詞", "形容詞", "助動詞", "助詞") and not _kata_word[t.surface]
                        for t in words):
        return None  # (a katakana 'particle' is a fragment of a name: ミル|カラ)
    if any(_pos(t)[1] == "数詞" for t in words):
        return None  # 大手銀行3行: a count
    if _EV_DEAL.search(name) or _DEAL_WORDS.search(name):
        return None  # 利用契約, 資金調達: the deal, not a party
    last = words[-1].surface
    if last in _DESCRIPTORS or last in _KIND_WORDS or last in _FACILITY_HEADS or last in _STOP_NOUNS \
            or last in _ROLE_NOUNS or _pos(words[-1])[1] == "数詞":
        return None
    if all(t.surface in _GENERIC_LATIN or t.surface in _GENERIC_STEMS or t.surface in _GENERIC_HEADS
           or t.surface in _GENERIC_NAMES or _is_loanword(t) and t.surface in _GENERIC_HEADS for t in words):
        return None  # AIモデル, GPUクラウド: a kind of thing
    if last in _GENERIC_HEADS and not _named_stem(toks[:-1]) and not _proper_like(toks):
        return None  # 提供する戦略, 車載ソフト
    if words[0].surface in _GENERIC_STEMS and len(words) == 1:
        return None
    if all(_pos(t)[1] == "固有名詞" and _pos(t)[2] in ("人名", "地名") for t in words):
        # a person or a place; a katakana/Latin foreign surname may still be a firm
        return 3 if all(_is_kata_latin_tok(t) for t in words) and all(_pos(t)[2] == "人名" for t in words) else None
    suffix = _suffix_kind(text, toks, gaz)
    if suffix is not None:
        kind, weak = suffix
        if kind == "generic":
            return None
        return 2 if not weak or kind == "name" else 3
    if _proper_like(toks):
        return 2
    if len(words) == 1 and last in _COMPANY_SUFFIXES:
        return None  # テクノロジー alone
    if len(words) == 1:
        # one dictionary word (買収, 契約, エニグマ): a name only where a list or a
        # descriptor says so, and never a kanji word
        return 5 if _is_loanword(words[0]) and last not in _GENERIC_HEADS else None
    if _kanji_words(words) or _KANJI_ONLY.fullmatch(name):
        return 4  # kanji words only and no company word: a description unless the text insists
    return 3


def _occurrences(text: str, word: str) -> list[int]:
    """Where `word` occurs in `text`, without overlaps (re.finditer(re.escape(word), text)'s
    starts, by str.find: no pattern to escape, look up and run)."""
    out = []
    pos = text.find(word)
    while pos >= 0:
        out.append(pos)
        pos = text.find(word, pos + len(word))
    return out


def _ev_names(text: str, tokens: list[Token], taken: list[tuple[int, int]], gaz: Gazetteer,
              ix: _TokenIndex) -> dict[str, list[tuple[int, int]]]:
    """Unknown names the article gives enough cues for -> their proposed spans."""
    props = _ev_structural(text, tokens, ix)
    if not props:
        return {}
    by_name: dict[str, tuple[int, int]] = {}  # name -> tokens[i:j] of its first proposal
    spans: dict[str, list[tuple[int, int]]] = {}
    weights: dict[str, dict[str, int]] = {}
    known = _Spans(taken)
    for i, j, cue, w in props:
        if tokens[i].surface in COUNTRY_PREFIXES and i + 1 < j:
            i += 1  # 英ケンブリッジ: the name is what follows the country
        s, e = tokens[i].start, tokens[j - 1].end
        if known.overlaps(s, e):
            continue
        if text.startswith(_EV_BAD_AFTER, e) or text.startswith(_PERSON_FOLLOWERS, e):
            continue
        if j < len(tokens) and tokens[j].start == e and tokens[j].pos.startswith("接尾辞") and tokens[j].surface != "社":
            continue  # 設計|者: the run is part of a longer word
        if cue == "intro" and text.startswith("の", e):
            continue  # 米国のEC支援ソフトのX: a description of X, not a name
        name = _strip_legal(text[s:e])
        if not name:
            continue
        if name not in by_name:
            by_name[name] = (i, j)
            spans[name] = []
            weights[name] = {}
        weights[name][cue] = max(weights[name].get(cue, 0), w)
        if (s, e) not in spans[name]:
            spans[name].append((s, e))
    out: dict[str, list[tuple[int, int]]] = {}
    starts = ix.start_idx
    for name, (i, j) in by_name.items():
        need = _ev_shape(text, tokens[i:j], name, gaz)
        if need is None:
            continue
        cues = weights[name]
        score = sum(cues.values())
        # string cues: repeated, line head (a headline's subject), coordinated with a known company
        occ = [pos for pos in _occurrences(text, name) if pos in starts]
        if len(occ) >= 2:
            score += 1
        if "intro" not in cues and any(pos >= 2 and text[pos - 1] == "の" and _NAME_CHARS.fullmatch(text[pos - 2]) and not _HAS_HIRA.match(text[pos - 2])
               for pos in occ):
            score += 1  # 業務ソフトのX: a line of business introduces X
        for pos in occ:
            if (pos == 0 or text[pos - 1] == "\n") and text.startswith(("、", "と", "が", "は"), pos + len(name)):
                score += 1
                break
        for pos in occ:
            if known.coordinated(text, pos, pos + len(name)):
                score += 1
                break
        if need >= 4 and not ({"intro", "list", "boss"} & cues.keys()):
            continue
        if need == 5:
            need = 3
        if score >= need:
            out[name] = spans[name]
    return out


def find_companies(
    text: str, tokens: list[Token] | None = None, gazetteer: Gazetteer | None = None, body_start: int = 0
) -> list[CompanyMention]:
    """Company mentions in text order: gazetteer matches first, then unknown
    companies recognised from how the text introduces them.

    ``body_start`` > 0 marks text[:body_start] as the headline: a headline names
    its companies again in the body, so an unknown "name" found only in the
    headline is a fragment of it (原子力に触手　グーグルはSMR電力を購入) and is dropped."""
    if not text:
        return []
    gaz = Gazetteer.load() if gazetteer is None else gazetteer
    if tokens is None:
        from .tokens import tokenize

        tokens = tokenize(text)
    known = _known_mentions(text, tokens, gaz)
    mentions = list(known)
    names: dict[str, None] = {}
    ix = _token_index(text, tokens)
    for c in sorted(_unknown_candidates(text, tokens, ix),
                    key=lambda c: (-c.strength, c.kind == "loc2", c.start)):
        name = _accept(text, tokens, c, gaz)
        if name is None:
            continue
        company = gaz.lookup(name)
        overlaps = [m for m in mentions if m.start < c.end and c.start < m.end]
        if company is not None and name in NEEDS_SUPPORT and c.strength < 3 and not _opens_clause(text, c.start):
            continue  # an ordinary word inside a longer one (ガーナ産カカオと…, 衛星コンステレーションと…)
        if company is not None:
            if not overlaps:
                mentions.append(CompanyMention(company.canonical, text[c.start : c.end], c.start, c.end, True))
            continue
        if overlaps:
            # A legal form names the whole run (NTTデータ先端技術株式会社): it beats a
            # known alias inside it, but never another unknown or a partial overlap.
            if not (c.strength == 3 and all(m.known and c.start <= m.start and m.end <= c.end for m in overlaps)):
                continue
            mentions = [m for m in mentions if m not in overlaps]
        mentions.append(CompanyMention(name, text[c.start : c.end], c.start, c.end, False))
        names[name] = None
    # Names the article as a whole gives enough cues for (蒼天重工は19日、…を受注)
    for name, spans in _ev_names(text, tokens, [(m.start, m.end) for m in mentions], gaz, ix).items():
        if name in names or gaz.lookup(name) is not None:
            continue
        for s, e in spans:
            if not any(m.start < e and s < m.end for m in mentions):
                s2, e2, _ = _legal_span(text, s, e)
                if any(m.start < e2 and s2 < m.end for m in mentions):
                    s2, e2 = s, e  # the legal form belongs to the name before it ('A株式会社B')
                mentions.append(CompanyMention(name, text[s2:e2], s2, e2, False))
        names[name] = None
    # Later bare mentions of a company the text introduced: 株式会社ミライ推論 ... ミライ推論は
    starts, ends = ix.start_idx, ix.end_idx
    for name in names:
        if len(name) < 2:
            continue
        pos = text.find(name)
        while pos >= 0:
            e = pos + len(name)
            if pos in starts and e in ends and _alias_fits(text, pos, e, name):
                s2, e2, _ = _legal_span(text, pos, e)
                if not any(m.start < e2 and s2 < m.end for m in mentions):
                    mentions.append(CompanyMention(name, text[s2:e2], s2, e2, False))
            pos = text.find(name, e)
    mentions.sort(key=lambda m: (m.start, m.end))
    mentions = _drop_descriptor_prefix([_drop_deal_tail(_drop_kind_before_latin(m))
                                        for m in _drop_descriptions(text, mentions)])
    if 0 < body_start < len(text):
        body = text[body_start:]
        mentions = [m for m in mentions if m.known or m.start >= body_start or m.name in body]
    mentions = _short_mentions(text, tokens, mentions, gaz, body_start, ix.start_idx)
    mentions.sort(key=lambda m: (m.start, m.end))
    return _paren_readings(text, mentions)


def _paren_readings(text: str, mentions: list[CompanyMention]) -> list[CompanyMention]:
    """'米Helixon AI(ヘリクソンAI)': a name in parentheses right after a company is its
    reading or its other script, not a second company; every mention of it takes the
    first name (an unknown parenthesised name only: a known one keeps its canonical)."""
    same: dict[str, CompanyMention] = {}
    for a, b in zip(mentions, mentions[1:]):
        if (not b.known and b.name != a.name and b.start == a.end + 1 and text[a.end] == "("
                and text.startswith(")", b.end) and b.name not in same):
            same[b.name] = a
    if not same:
        return mentions
    return [replace(m, name=same[m.name].name, known=same[m.name].known) if m.name in same else m for m in mentions]


_DESCRIPTIVE_PREFIX = re.compile(r"(?:[一-龯ァ-ヺー]{0,6}AI|[一-龯]{2,4})(?:の)?")


_MEDIA_NAME = re.compile(r"(?:米|英|仏|独|中国|韓国|台湾|香港|日本)?(?:紙|誌|通信社|メディア|経済紙|経済誌|放送)(?=[ァ-ヺA-Za-z一-龯])")


# A line of business, not a name: AI半導体設計, 物流AI開発.
_ACTIVITY_NAME = re.compile(r"(?:[A-Za-z]{2,4})?[一-龯]*(?:設計|開発|製造|販売|運営|分析|解析|研究|支援|提供|受託)")


def _drop_descriptions(text: str, mentions: list[CompanyMention]) -> list[CompanyMention]:
    """Unknown 'names' that are descriptions or a tail of the name before them:
    米紙WSJ (a newspaper reports), AI半導体設計 (a line of business), and 精密工業 in
    鴻海(ホンハイ)精密工業 (the rest of the company named before the parentheses)."""
    out: list[CompanyMention] = []
    for m in mentions:
        if not m.known:
            if _MEDIA_NAME.match(m.name) or _ACTIVITY_NAME.fullmatch(m.name):
                continue
            if m.start > 0 and text[m.start - 1] == ")":
                open_at = text.rfind("(", max(0, m.start - 24), m.start)
                if open_at > 0 and any(o.end == open_at for o in out):
                    continue
        out.append(m)
    return out


def _drop_descriptor_prefix(mentions: list[CompanyMention]) -> list[CompanyMention]:
    """'医療AIヨリミチ' in a headline is ヨリミチ when the text also names ヨリミチ alone:
    a descriptor glued to the name (no の), as headlines write it."""
    names = {m.name for m in mentions if not m.known}
    out = []
    for m in mentions:
        if not m.known:
            short = next((n for n in names if n != m.name and len(n) >= 2 and m.name.endswith(n)
                          and m.surface.endswith(n) and _DESCRIPTIVE_PREFIX.fullmatch(m.name[: -len(n)])), None)
            if short is not None:
                m = CompanyMention(short, short, m.end - len(short), m.end, False)
        out.append(m)
    return out


_DEAL_TAIL = re.compile(r"(?:買収|出資|提携|協業|契約|合併|子会社化|統合|連携|受注)$")


# "タイの部品メーカーSiam Kovit Parts": a kind of firm glued to a Latin name.
_KIND_BEFORE_LATIN = re.compile(r"^(?:AI|IT|[一-龯ァ-ヺー]){0,8}?(?:メーカー|会社|企業|新興|大手|商社|スタートアップ|研究所)(?=[A-Za-z])")


def _drop_kind_before_latin(m: CompanyMention) -> CompanyMention:
    """'部品メーカーSiam Kovit Parts': the kind of firm is not part of the name."""
    kind = None if m.known else _KIND_BEFORE_LATIN.match(m.name)
    if kind is None or not m.surface.startswith(kind.group()):
        return m
    cut = kind.end()
    return CompanyMention(m.name[cut:], m.surface[cut:], m.start + cut, m.end, False)


def _drop_deal_tail(m: CompanyMention) -> CompanyMention:
    """'カレヴァ・センシング買収で合意' (headline style, no particle): the deal noun is not part of the name."""
    if m.known:
        return m
    hit = _DEAL_TAIL.search(m.name)
    if hit is None or hit.start() < 2 or not m.surface.endswith(hit.group()):
        return m
    cut = len(hit.group())
    return CompanyMention(m.name[:-cut].rstrip("・ "), m.surface[:-cut], m.start, m.end - cut, False)


_SHORT_NEXT_OK = re.compile(r"[ぁ-ゖ、。,.()「」『』・\s]|社|株|$")


_KATA_KANJI = re.compile(r"[ァ-ヺー]{2,}[一-龯]{2,}")


@functools.lru_cache(maxsize=16384)
def _short_forms(core: str, known: bool) -> tuple[str, ...]:
    """Shorter names news uses after the first mention: ミストラル for ミストラルAI,
    ヘリオス for ヘリオス・オートメーション, 北辰 for 北辰精機 (only for unknown firms:
    中部 of 中部電力 is a region)."""
    out = []
    if "・" in core:
        head = core.split("・", 1)[0]
        if len(head) >= 3 and _KATA_ONLY.fullmatch(head):
            out.append(head)
    suf = _company_suffix(core)
    if suf == "ホールディングス" and not known:
        out.append(core[: -len(suf)].rstrip("・ ") + "HD")  # 北斗電機HD for 北斗電機ホールディングス
    if suf is not None:
        stem = core[: -len(suf)].rstrip("・ ")
        if len(stem) >= 3 and (_KATA_ONLY.fullmatch(stem) or _LATIN_WORD.fullmatch(stem)):
            out.append(stem)
        elif not known and len(stem) >= 2 and _KANJI_ONLY.fullmatch(stem):
            out.append(stem)
        elif not known and len(stem) >= 4 and _KATA_KANJI.fullmatch(stem):
            out.append(stem)  # ウツギ樹脂 for ウツギ樹脂工業
    return tuple(out)


def _short_mentions(text: str, tokens: list[Token], mentions: list[CompanyMention], gaz: Gazetteer,
                    body_start: int, start_idx: _Offsets) -> list[CompanyMention]:
    """mentions plus later short mentions of a company named in full earlier in the
    article; an unknown name that is such a short form is relabelled (ヘリオス -> ヘリオス・オートメーション)."""
    shorts: dict[str, tuple[str, bool, int]] = {}  # short form -> (name, known, first full mention)
    known_names = {m.name for m in mentions if m.known}
    for m in mentions:
        core = _strip_legal(m.surface)
        for short in _short_forms(core, m.known):
            if (short in known_names or short in _GENERIC_NAMES or short in _GENERIC_STEMS or short in _GENERIC_LATIN
                    or short in COUNTRY_PREFIXES or short in _COUNTRY_NAMES or short in _PREFECTURES):
                continue
            hit = gaz.lookup(short)
            if hit is not None and hit.canonical != m.name:
                continue
            prev = shorts.get(short)
            if prev is not None and prev[0] != m.name:
                shorts[short] = ("", False, 0)  # two companies share it: ambiguous
            elif prev is None:
                shorts[short] = (m.name, m.known, m.start)
    # A name the text used on its own before the longer one appeared is a company of
    # its own (コモレビ, then its joint venture コモレビ・フガク・コネクト), not a short form.
    # (Headlines use short forms first, so only the body counts.)
    first_seen: dict[str, int] = {}
    for m in mentions:
        if m.start >= body_start:
            first_seen.setdefault(m.name, m.start)
    shorts = {k: v for k, v in shorts.items() if v[0] and v[0] != k and first_seen.get(k, v[2]) >= v[2]}
    if not shorts:
        return mentions
    out = [
        CompanyMention(shorts[m.name][0], m.surface, m.start, m.end, shorts[m.name][1])
        if not m.known and m.name in shorts else m
        for m in mentions
    ]
    taken = _Spans([(m.start, m.end) for m in mentions])
    for short, (name, known, first) in shorts.items():
        pos = text.find(short, first)
        while pos >= 0:
            e = pos + len(short)
            k = start_idx.get(pos)
            tok = None if k is None else tokens[k]
            if tok is not None and _SHORT_NEXT_OK.match(text, e) and _alias_fits(text, pos, e, short) \
                    and _pos(tok)[2] != "地名" and not taken.overlaps(pos, e):
                out.append(CompanyMention(name, short, pos, e, known))
            pos = text.find(short, e)
    return out
