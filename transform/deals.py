"""Rule-based deal tagging: who did what with whom, for how much, and when.

The unit is the sentence. A sentence with a deal word (買収, 出資, 契約, 提携,
...) and the companies in it make deals:

- the subject (companies marked by は/が, a headline's "X、", or 同社 resolved
  to the last subject) is paired with each counterparty ("AはB、C、Dと契約" is
  three deals); funding rounds, consortia and joint ventures are one deal with
  all their members;
- where the grammar shows it, the arguments are taken exactly: the target of
  "Xを買収" / "Xの買収", the investee of "Xに出資" / "Xへの出資";
- a sentence that only adds to the deal just reported (its parties are a
  subset, or it names a round's investors, or it states 契約額は…) fills in
  that deal instead of making a new one;
- amounts come from the deal's clause, never when they are financial metrics
  (売上高, 時価総額, ...) or a total across several counterparties;
- the date is the one in the sentence, else the date of the announcement
  sentence just before it; a background sentence (以前/かつて/…しており) takes
  no borrowed date;
- the same deal found twice (headline and body) is merged, but an investment or
  order dated in another year is an earlier deal of its own.

Japanese drops what the reader already knows, so the missing pieces come from
the discourse: the subject of a subject-less sentence is the last subject (the
reporting company after 次に/さらに, the issuer for a press release's 当社);
a lone counterparty of "…契約も締結" or "2022年にも出資" is the one just
reported; a deal sentence naming one company is completed by the next one
(MBO … ベインがTOB; 受注先はA、B、C). Not deals: loans, public offerings,
mergers inside a group, companies listed with や as examples, owners of a
thing mentioned (Xの店舗データ), a joint venture's own name, a parent named
before its fund ("Xのファンドである Y", "Yを通じて").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field, replace
from datetime import date

from transform.companies import CompanyMention, Gazetteer, find_companies
from transform.dates import DateMention, find_dates
from transform.money import Amount, find_amounts, non_deal_reason
from transform.normalize import Sentence, any_of, occurs, split_sentences, starting_with
from transform.records import Deal, Party

# A company partners set up together, as the partnership, into-venture and group-deal patterns name it.
_JOINT_COMPANY = r"共同(生産|運営|販売|開発|事業|物流|調達)会社"
_NEW_VENTURE = r"(新会社|合弁会社|共同出資会社|" + _JOINT_COMPANY + ")"
_CAPITAL_ALLIANCE = starting_with("資", r"資本業務提携|資本提携|資本参加")
# "全株式を約7億ドル(約1090億円)で取得": the price may stand between 株式を and 取得.
_ACQUISITION = starting_with("買子完T株公傘経合事承継売譲連", r"(?<=の)(?:完全)?子会社に(?:なった|なる)|買収|子会社化|完全子会社|子会社に(?=した(?!い|ら|場合)|し、|して(?:い(?!な)|お(?!ら))|する(?:。|$|\n))|(?<=を)(連結|完全)?子会社に(?=する(?:と(?:発表|明らか|決め|公表)|との(?:観測|報道|見方)|こと(?:で合意|を決め|を発表)|方針|計画|予定))|TOB|株式公開買い付け|公開買付|傘下に(収め|入れ|入る)|傘下に入った(?=。|$|\n|と(?:発表|明らか))|経営統合|合併|"
                          r"事業を[^、。]{0,24}?(譲り受け|取得)|(承継|継承)(させ|する|し)|株式(?!会社)を?[^、。]{0,12}?取得|株式の(?:約|およそ)?(?:[0-9.]+%|過半数|半数|全て|すべて)を[^、。]{0,14}?取得|株式を[^、。]{0,30}?(円|ドル|ユーロ|ポンド|元)\)?で取得|(?<!自社)株(?:の(?:約|およそ)?[0-9.]+%)?を取得|買い取|(?<!株式の)(?<!株の)(売却|譲渡)(?!益|額|価格|先|案|損)")
_INVESTMENT = starting_with("出資か増第投円ド元ユポラシ筆", r"出資比率を[^、。]{0,12}?引き上げ(?=た(?!場合|ら)|る(?:。|と(?:発表|明らか)|方針|計画|こと(?:を検討|で合意|を決め)))|(?<!共同)出資(?!会社)|筆頭株主に(?:なった|なる)|資金調達|資金を調達|から[^、。]{0,30}(円|ドル|ユーロ)を集め|増資|第三者割当|投資(?=する|した|し、|を行|を決め)|"
                         r"(円|ドル|元|ユーロ|ポンド|資金)を調達|ラウンド|シリーズ[A-H]")
# (供給|利用)で合意 is a supply or usage agreement; 再利用 (reuse) is not: "排熱の再利用で基本合意".
_CONTRACT = starting_with("契受落発調購供導採利委納ラ請", r"(?<!提携)(?<!提携に関する)(?<!パートナーシップ)(?<!協業)(?<!共同事業)(?<!共同開発)(?<!共同研究)(?<!共同開発の)(?<!共同研究の)(?<!提携の)(?<!協業の)"
                       r"契約(?!ボーナス|社員|者|数|件数|率|形態)|受注|受託(?!生産|製造)|落札|発注(?!を(増や|減ら|拡大|広げ))|調達する|調達した|購入|供給する|供給した(?=。|$|\n)|(?<!受)委託(?=する|した|し、)|"
                       r"(?<=を)納入(?=する|した|し[、て])|ライセンス供与(?=する|した|し[、て])|(?<=を)請け負(?:った|う)|導入を決め|(?<=から)(?<![0-9]月から)(?<![0-9]日から)(?<!年度から)導入(?=する(?:と|こと|。|$)|した(?:と|。|$)|し[、て])|採用を決め|"
                       r"(?<!年)(?<!月)(?<!日)(?<!期)(?<!度)(?<!週)から(?:[一-龯々ァ-ヺーA-Za-z0-9・&]|の){1,24}?を導入(?=する(?:と|こと|。|$)|した(?:と|。|$)|し[、て])|"
                       r"に採用(?=され)|の採用が決ま|を採用(?=した|する|し、)|を選定(?=した|する|し、)|(供給|購入|調達|(?<!再)利用)(で|に関して|について)[^、。]{0,6}?(?=合意)|"
                       r"利用する(こと|と)で合意|(利用|購入|調達)する方向で(交渉|調整|協議)", pairs=("に採", "の採", "を採", "を選", "から"))
_PARTNERSHIP = starting_with("共新合提協連パ基覚M手", r"共同事業契約|" + _NEW_VENTURE + r"[^、。]{0,30}?を設立|提携|協業|連携|共同開発|共同研究|共同で[^、。]{0,20}?(開発|研究)|と共同で[^。]{0,40}?(開発|研究|実証)|パートナーシップ|"
                          r"協力関係|基本合意書?|覚書|MOU|手を(?:組|結)(?:む|ぶ|んだ|み(?=ます)|び(?=ます))?(?!まない|まず|めない|ばない|んでいない)|合弁|共同出資|共同事業(?=を(始め|開始|立ち上げ))", pairs=("と共",))
_TYPES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("investment", _CAPITAL_ALLIANCE),
    ("acquisition", _ACQUISITION),
    ("investment", _INVESTMENT),
    ("contract", _CONTRACT),
    ("partnership", _PARTNERSHIP),
)
_INTO_VENTURE = re.compile(_NEW_VENTURE + r"(「[^」]{1,24}」)?(に|へ)(は|も)?[^、。]{0,30}?出資")
_GROUP_DEAL = re.compile(r"合弁|共同事業契約|共同事業を(始め|開始|立ち上げ)|共同出資|" + _JOINT_COMPANY + r"|コンソーシアム|企業連合|ジョイントベンチャー|共同で設立|新会社[^、。]{0,30}?を設立|と共同で")
_FUNDING_ROUND = re.compile(r"資金調達|資金を調達|を調達|[円ドル元]調達|調達へ|第三者割当|ラウンド|シリーズ[A-H]|引受先|引き受け")
# A stake below half is an investment, not an acquisition ("株式の20%を取得", "約3割を取得").
_NEW_SHARES = re.compile(r"新株|(新たに|新規に)?発行する株式|第三者割当|持ち分法適用")
_STAKE_TO = re.compile(r"(出資比率|持ち株比率|保有比率|議決権比率)(を|は)[^、。]{0,12}?(\d+(\.\d+)?)\s*%(に|へ|まで)")
_MINORITY_STAKE = re.compile(r"(株式|株|持ち分)の?(約|およそ)?(([1-4]?\d(\.\d+)?)\s*%|[1-4]割|一部)[^、。]{0,16}?(を取得|で取得|を引き受|取得する|取得した|取得(?=\s|$))")
_ROUND_INVESTORS = re.compile(r"主導|出資に加わ|が加わ|追加出資|引受先|引き受け|引き受ける|参加し|参加した|出資者|投資家|出資を検討|出資した|出資する")
# "…と報じた" names a reporter; the passive "…と報じられたことについて" does not.
_REPORTED = re.compile(r"と[、,]?[^。]{0,40}?(報じ|伝え)(?!られ)")
_REPORTER_AFTER = re.compile(r"^(?:\([^)]{1,24}\))?(電子版)?(は|が)[^、。]{0,14}(報じ|伝え)")
# The sentence-level word lists below are written so that every alternative starts with
# a plain character ((が|も)X as がX|もX): re then scans a sentence for those characters
# in a tight loop instead of trying the whole pattern at each offset (a fifth of the time).
# They are only searched for, so their groups capture nothing.
_RUMOR = re.compile(r"と[、,]?[^。]{0,40}?(?:報じ|伝え)|が[^、。]{0,8}(?:報じられ|伝えられ)|も[^、。]{0,8}(?:報じられ|伝えられ)|"
                    r"報道によると|関係者によると|関係者の話|関係者への取材|検討して|検討する|交渉して|協議して|"
                    r"ことが分かった|模様|方向で調整|観測(?:が(?:出|浮上|広が)|も出|報道)|との観測")
_DENIAL = re.compile(r"否定|事実はない|事実ではない|"  # (検討|協議|交渉)(は|を)?(して)?(い)?ない|(予定|計画|考え)はない
                     + "".join(f"{w}(?:は|を)?(?:して)?(?:い)?ない|" for w in ("検討", "協議", "交渉"))
                     + "予定はない|計画はない|考えはない")
# Financing and reorganisation are not deals: loans (融資, シンジケートローン) and mergers
# of a group's own wholly owned subsidiaries.
_NOT_DEAL = re.compile(r"シンジケートローン|協調融資|公募増資|公募・売り出し|新規株式公開|新規上場|"
                       + "".join(f"{w}を(?:受け|実行|行)|" for w in ("融資", "ローン", "借り入れ", "借入"))
                       + r"から[^、。]{0,30}(?:融資|借り入れ|借入)を|"
                       + "".join(f"{w}(?!化)[^。]{{0,60}}(?:合併|統合)|" for w in ("完全子会社", "100%子会社", "全額出資子会社"))
                       + "グループ内(?:の)?再編")
_CALLED_OFF = re.compile(r"断念|撤回|取り下げ|取下げ|白紙|中止|見送|破談|解消|否決|打ち切|清算|解散|"
                         + "|".join(f"{w}(?:関係)?を(?:終了|終え|解除|解約)"
                                    for w in ("提携", "協業", "共同開発", "共同研究", "契約", "連携", "取引")))
_TOTAL = re.compile(r"合計|総額|計\d|あわせて|合わせて|全体で")
_EACH = re.compile(r"それぞれ|各社|各")
_TOTAL_RIGHT_BEFORE = re.compile(r"(?<![合総集])計(?:約|およそ|で)?$")  # "…から計300億円": 計 touches the amount
# A sentence that states a value: 契約額は…, 落札額は…, 取得価額…, 承継の対価は… (the price
# of a bid, a transfer or a 吸収分割 is named 落札額, 価額 and 対価 as often as 金額).
_VALUE_SENTENCE = re.compile(r"(契約|出資|買収|取得|調達|投資|提携|取引|受注|発注|購入|落札|受託)(総?額|金額|価格|価額|規模)|総額|規模は|金額は|"
                             r"総事業費|事業費は|投資総額|総投資額|(引受|払込|譲渡|譲受|譲り受け|売却|取得|購入)(額|価格|金額|価額)|支払|"
                             r"対価(は|として)|"
                             # "契約一時金は約500万ドル": a licence's upfront fee (the total, if given, wins in _own_amount)
                             r"一時金(は|として)")
# What partners spend on their venture or joint project (開発費は3社で分担し、総額は…;
# 総投資額は…を見込む): the project's cost, not the price of the partnership.
_SPENDING = re.compile(r"開発費|研究費|総投資額|投資総額|総事業費|事業費|建設費|投資額|を投じ|資本金")
_PAST = re.compile(r"ていた|でいた|年前|昨年|かつて|以前|これまで|ており(?<=[しで]ており)|ている|(?<=ん)でいる")  # as _RUMOR
_ANNOUNCEMENT = re.compile(r"発表|明らかにした|合意|締結|結んだ|決めた|決定|調達した|出資した|買収した|受注した|公表")
_SUBJECT_AFTER = re.compile(r"^(?:\([^)]{1,80}\))?\s*(は|が|では|も|にとっては)(?!じめ)")
_JOINED = re.compile(r"^(?:\([^()]{1,24}\))?\s*(と|、|・|および|及び|や)\s*(米|英|仏|独|中|韓|印|台湾|中国|韓国|日本|欧州|国内)?\s*$")
_SELF_REF = re.compile(r"同社|同グループ|同行|両社|当社|弊社")
# "Xの広報担当者は…と話した": X's spokesperson speaks; X is no party of the sentence.
# "X以外の…と契約を結ぶのは初めて": X is named only in a contrast, never as the counterparty.
# A name in parentheses is the reading of the one before it ("産業革新投資機構(JIC)傘下の"):
# it takes the same context, so a leading ")" is skipped. "JIC系から": an affiliate of X, not X.
_NOT_PARTY_AFTER = re.compile(
    r"^\)?(?:\([^)]{1,24}\))?\s*(製|以外(の|と|で|に|から)|系(列)?(の|から|が|は|に|へ|と|も)|」?を?設立|に続(き|いて)|と同様|に対抗|に比べ|に次(ぎ|ぐ)|と並(び|ぶ)|"
    r"と競合|と競う|の(ライバル|競合)|を追(う|い)|によると|によれば|の(調べ|調査|推計|試算|発表によると|予測|アナリスト)|出身|の元|"
    r"(の)?(株価|時価総額|売上高)|系の?ファンド|傘下|で[^、。]{0,16}(率い|勤め|務め|在籍)|"
    r"(が|は)(\d+日(付)?の?)?(電子版)?[^、。]{0,6}報じ|電子版|"
    r"の[^、。]{0,10}(子会社|傘下の|グループ会社)、|の[^、。]{0,12}(事業|部門)を(担う|手がける|手掛ける|運営する)|の[^、。]{0,16}(部門|子会社|ファンド|傘下の[^、。]{0,10})である|の[^、。]{0,14}(CEO|最高経営責任者|社長|会長|幹部|創業者|研究者|従業員|社員|元社員|広報|担当者|報道官)|の[^、。]{0,10}氏)"
)
_NOT_PARTY_BEFORE = re.compile(r"(調査会社|アナリスト|報道機関|格付け会社|元|前|(新会社|合弁会社|合弁事業|合弁|計画|構想|プロジェクト)「[^」]{0,24}|新会社の|合弁会社の)\s*$")
# "Xの<noun>" where the noun is not the deal's object (Xの買収, Xの株式, Xの事業を, Xの2社).
# "AとBの連合は" names the consortium's members, who are its parties.
_POSSESSIVE = re.compile(r"^(?:\([^)]{1,24}\))?の(?![^、。]{0,10}?(\d+|[二三四五六七八九十両])(社|行)|(全|発行済み?)?株|[^、。]{0,8}(株式|事業|部門)|"
                         r"買収|子会社|完全子会社|出資|傘下|持ち分|新株|第三者割当|株主|創業|ほか|(企業)?連合|コンソーシアム)")
# "2023年にも", "2年前にも", "前回のラウンドでも": the same deal made before
_ALSO_EARLIER = re.compile(r"(?:年|月|前|以前|前回)(?:に|の[^、。]{0,12}?で)?も")
# "3年前にも別の警備ベンチャーに出資", "2023年にも出資する計画があった": not the same stake made before
_OTHER_OR_PLAN = re.compile(r"別の|他の|ほかの|新たな|計画|予定|方針|検討")
# "Xとの提携に続き、…": a deal with X told as the background of the sentence's own deal.
_BACKGROUND_DEAL = re.compile(r"(?:\([^)]{1,24}\))?との(?P<noun>資本業務提携|業務提携|資本提携|提携|協業|連携|合弁|取引)"
                              r"(?:に続き|に続いて|に加え|を受け|を踏まえ|を機に|の一環)")
# "Xの資金調達", "Xの第三者割当増資を引き受け", "Xが実施する第三者割当増資": X raises the money.
_RAISER = re.compile(r"(?:\([^)]{1,24}\))?(?:の|が[^、。]{0,8}?(?:実施|行))[^、。]{0,24}?(?:資金調達|ラウンド|第三者割当|増資)")
# Between the company bought and the verb: Xを, Xの全株式を, Xの…事業を, Xを…で/に, and a count of
# the companies listed before it (A、B、Cの3社を買収).
_TARGET_GAP = re.compile(r"^(の(全|発行済み)?|の(全|発行済み)?株式(の[^、。]{0,10})?を|(の[0-9二三四五六七八九十]+社)?を([^、。]{0,16}(で|に))?)\s*$")
_INVESTEE_GAP = re.compile(r"^(に|へ|への|に対し(て)?|に[^、。]{0,24})\s*$")
# "Xの…事業を買収": X owns the business bought, and sells it (a takeover of X is Xを / Xの全株式を).
_BUSINESS_GAP = re.compile(r"^(?:\([^)]{1,24}\))?の[^、。]{0,8}事業を\s*$")
# For roles only, on a deal of two companies whose parties the rules found anyway:
# - past a head office or reading in parentheses ("ローソン(東京・品川)を買収", "X(東京・文京)に10億円を出資");
_TARGET_GAP_PAREN = re.compile(r"^\([^)]{1,24}\)(を|の|の(全|発行済み)?株式(の[^、。]{0,10})?を)\s*$")
_INVESTEE_GAP_PAREN = re.compile(r"^\([^)]{1,24}\)(に|へ|への|に対し(て)?|に[^、。]{0,24})\s*$")
# - the object and a longer stretch before the verb ("Xを約243億ポンド(約3兆3000億円)で", "Xを、65億
#   ドルで", "Xを連結"), with no particle of a seller or a subject in it (が, は, から, より, に対し);
#   in a headline the bare "X買収";
_TARGET_GAP_LONG = re.compile(r"^(\([^)]{1,24}\))?を、?(?![^、。]*?(が|は|から|より|に対し))[^、。]{0,40}$")
_TARGET_GAP_HEADLINE = re.compile(r"^(\([^)]{1,24}\))?(を[^、。\s]{0,20})?$")
# - "AはXから出資を受けた": X invests in A.
_INVESTOR_FROM_GAP = re.compile(r"^(\([^)]{1,24}\))?(から|より)[^、。]{0,24}$")

@dataclass(slots=True)
class _Found:
    deal: Deal
    sentence: int
    funding: bool = False
    subject: str | None = None


@dataclass(slots=True)
class _State:
    found: list[_Found] = field(default_factory=list)
    last_subject: CompanyMention | None = None
    topic: CompanyMention | None = None  # the article's reporting company: "Xは26日、…と発表した"
    first_subject: CompanyMention | None = None
    boss: CompanyMention | None = None  # "Xの中村社長は": the company whose head speaks
    lone: tuple[str, str, int, str] | None = None  # (type, company, sentence, its text) of a deal sentence naming one company
    recent: list[CompanyMention] = field(default_factory=list)  # companies named so far, in order
    event_date: tuple[str, int] | None = None  # date value and sentence index of the last announcement
    speaker: CompanyMention | None = None  # an interview's company, the actor of its answers
    speech: bool = False  # the sentence is the interviewee's answer
    published: str | None = None  # the article's day (YYYY-MM-DD), for a deal without a date of its own
    disclosed: bool = False  # the next sentence has the company itself disclose what this one reports
    asked: list[CompanyMention] = field(default_factory=list)  # companies an interview's last question names
    called_off: tuple[int, frozenset[str]] | None = None  # sentence and companies of a deal called off
    # the company a feature is about: the headline's and the lead's subject (塩野義、… / 塩野義製薬が、…)
    article_topic: CompanyMention | None = None
    focus: tuple[CompanyMention, int] | None = None  # "…のはSBGだった": the company in focus and its sentence
    actor: tuple[CompanyMention, int] | None = None  # the は-subject of the last sentence that made a deal
    pair: tuple[list[CompanyMention], int] | None = None  # the two subjects of a sentence ("AとBは") and its index


_DATED = re.compile(r"(?:\([^)]{1,24}\))?(?:は|が)(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})日(?:付で|に)?、")
_N_FIRMS = re.compile(r"^(?:[^、。]{0,6})?([2-6]|[二三四五六])社(?:は|が|で)")
_BOSS = re.compile(r"の[^、。]{0,12}(社長|会長|CEO|最高経営責任者|代表)(は|が)")
_NEXT_ITEM = re.compile(r"^[・■●\s]*(次に|さらに|また|このほか|加えて|最後に|第[一二三四五]に)、")
_QUOTE = re.compile(r"「[^「」]*」|『[^『』]*』")
# A deal word must be the sentence's act ("出資する", "買収を発表した", "契約を結んだ"), not a
# reference to something else ("出資の資金", "大型出資や...を抱える"). Headlines may end in the noun.
# "合弁会社を共同で設立する": the venture's founding is the act; so is the issue of "第三者割当による
# 新株式の発行を決議".
_PREDICATE = re.compile(
    r"^(た|る|て|ま)|^[^、。]{0,4}(する|した|し、|して|しま|され|させ|契約を?(結|締結|交わ)|で[^、。]{0,24}を(集め|調達|確保)|を[^、。]{0,20}?(で|に)(締結|結ん|結ぶ|交わ|合意)|"
    r"会社を(共同で)?(設立|つくり|作り|設け|立ち上げ)|で[^、。]{0,16}?を(設立|設け|立ち上げ)|事業(「[^」]{1,24}」)?を(共同で)?(設立|立ち上げ|始め|開始)|による[^、。]{0,10}発行を(決議|決定|実施|行)|"
    r"(を|も)(それぞれ|正式に|新たに|相次いで|共同で|すでに|既に|先月|今月|先週|今週|昨年|今年|同日)?(発表|決め|決定|結|締結|交わ|合意|行|実施|検討|進め|受け|引き受|"
    r"開始|始め|拡大|強化|目指|明らか|公表|計画|予定|協議|交渉|完了|終え)|を[^、。]{0,10}から(開始|始め|実施)|について[^。]{0,40}?否定|を、?[^、。]{0,12}?(完了|終え)|を[^、。]{1,24}?が(主導|引き受|実施|行)|で(合意|一致|基本合意)|に(合意|向け)|"
    r"に(も)?取り組|へ|の(?:交渉|協議)に入(?:った(?:。|$|ことが|と(?:発表|明らか|の報道))|る(?:。|$|ことで合意)|り、|っていることを否定)|が(?:[0-9]{1,2}日(?:付で)?、?|同日、?)?(決ま|成立|完了)|が[^、。]{0,8}(報じられ|伝えられ)|を巡|する(と|こと|方針|計画|予定)|の(契約|覚書)を)"
)


def _blank_quotes(text: str) -> str:
    """Quoted speech keeps its length but loses its words: analysts' remarks are not deals."""
    if "「" not in text and "『" not in text:  # most sentences quote nothing: a str search says so
        return text
    return _QUOTE.sub(lambda m: "「" + "＿" * (len(m.group(0)) - 2) + "」", text)


_PAREN_AHEAD = re.compile(r"\([^()]{1,30}\)")


# A deal word that holds its own verb ("調達する", "供給する", "手を組んだ") acts where its clause ends.
_OWN_VERB = ("する", "した", "組む", "組んだ", "結ぶ", "結んだ", "なった", "なる", "負った", "負う", "入った")
_CLAUSE_ENDS = re.compile(r"(?:。|$|\n)")  # not a comma: "調達する、という案", "手を組む、そんな日"
_HYPOTHETICAL = re.compile(r"もし|仮に|かもしれ|としたら|場合")


def _acts(text: str, end: int) -> bool:
    """The deal word at text[:end] is the sentence's act; an aside in parentheses
    ("買収(MBO)を実施する") is skipped."""
    p = _PAREN_AHEAD.match(text, end)
    if _PREDICATE.match(text[p.end() if p else end:]) is not None:
        return True
    return text.endswith(_OWN_VERB, 0, end) and _CLAUSE_ENDS.match(text, end) is not None \
        and _HYPOTHETICAL.search(text) is None


# Any deal word of _TYPES: three sentences in four have none, and one scan for all
# five patterns turns them away.
_ANY_TYPE = any_of(p for _, p in _TYPES)
_has_type_word = occurs(_ANY_TYPE)
# "三井住友銀行と結んだ利用契約が…": a deal the sentence says was signed, named as a noun.
# "AとBが今春設立した合弁会社が…": a joint venture the sentence says was set up.
_SIGNED_BEFORE = re.compile(r"と(?:結んだ|締結した|交わした)[^、。]{0,8}$|が[^、。]{0,8}?(?:設立し|設け|立ち上げ)た$")


def _types(text: str, headline: bool = False) -> list[tuple[str, int]]:
    """Deal types of a sentence: the strongest one, plus a partnership stated beside an investment."""
    text = _blank_quotes(text)
    if not _has_type_word(text):
        return []
    for kind, pattern in _TYPES:
        m = next((m for m in pattern.finditer(text) if headline or _acts(text, m.end())
                  or _SIGNED_BEFORE.search(text, max(0, m.start() - 16), m.start())), None)
        if m:
            if kind == "acquisition" and not re.search(r"買収|子会社", text):
                stake = _STAKE_TO.search(text)
                if _MINORITY_STAKE.search(text) or _NEW_SHARES.search(text) or (stake and float(stake.group(3)) < 50):
                    kind = "investment"  # a minority stake or new shares: an investment, not a takeover
            out = [(kind, m.start())]
            if (kind == "investment" and pattern is _INVESTMENT) or kind == "contract":
                # "出資し、共同開発する" / "業務提携および製品供給契約を締結": two deals.
                p = next((p for p in _PARTNERSHIP.finditer(text)
                          if headline or _acts(text, p.end()) or re.match(r"(および|及び|と)", text[p.end():])),
                         None)
                if p and not _CAPITAL_ALLIANCE.search(text) and not text[p.end():].startswith("契約") \
                        and not re.match(r"(関係)?を(拡大|強化|深め|広げ|進めてき|進めている|続け)|してきた", text[p.end():]):
                    # an existing alliance that grows or goes on is not a new one; nor is joint
                    # work an investor "has done" since its stake ("出資し、共同で…を開発してきた")
                    out.append(("partnership", p.start()))
            return out
    return []


def _status(text: str) -> str:
    if _DENIAL.search(text):
        return "denied"
    if _RUMOR.search(text):
        return "rumor"
    return "announced"


def _local(s: Sentence, m: CompanyMention) -> tuple[int, int]:
    return m.start - s.start, m.end - s.start


def _is_party(s: Sentence, m: CompanyMention) -> bool:
    a, b = _local(s, m)
    return not _NOT_PARTY_AFTER.match(s.text[b:b + 24]) and not _NOT_PARTY_BEFORE.search(s.text[max(0, a - 32):a])


_FOCUS_AFTER = re.compile(r"(?:\([^)]{1,24}\))?(?:だ|だった|である|であった|です|でした)。?$")
_LEAD_AFTER = re.compile(r"(?:\([^)]{1,24}\))?[、 ]")


def _subjects(s: Sentence, mentions: list[CompanyMention], headline: bool) -> list[CompanyMention]:
    """Companies the sentence is about: 'AとBは' gives both; a headline's 'A、' gives A."""
    for i, m in enumerate(mentions):
        _, b = _local(s, m)
        rest = s.text[b:]
        if _SUBJECT_AFTER.match(rest):
            return _group(s, mentions, i)
        if headline and _LEAD_AFTER.match(rest) is not None:
            group = _group(s, mentions, i)
            if group[0] is mentions[0]:
                return group
    return []


def _group(s: Sentence, mentions: list[CompanyMention], i: int) -> list[CompanyMention]:
    """Mention i with the mentions joined to it from the left ("AとB", "A、B、C")."""
    group = [mentions[i]]
    j = i
    while j > 0:
        gap = s.text[_local(s, mentions[j - 1])[1]:_local(s, mentions[j])[0]]
        if not _JOINED.match(gap):
            break
        group.insert(0, mentions[j - 1])
        j -= 1
    return group


def _examples_only(s: Sentence, parties: list[CompanyMention], names: list[str]) -> bool:
    """'NTTデータやNECが…を受注している': companies listed with や (or ending in など) are
    examples of a trend, each acting on its own; they are not each other's counterparties."""
    listed = [m for m in parties if m.name in names]
    if len(listed) < 2 or len({m.name for m in listed}) != len(names):
        return False
    gaps = [s.text[_local(s, a)[1]:_local(s, b)[0]] for a, b in zip(listed, listed[1:])]
    tail = s.text[_local(s, listed[-1])[1]:]
    return all(re.fullmatch(r"\s*(や|、)\s*", g) for g in gaps) and (
        any(re.fullmatch(r"\s*や\s*", g) for g in gaps) or tail.startswith("など"))


# Contract roles. A contract's words say which way the goods or services go only in
# some forms. "AはBと利用契約/供給契約/導入契約/販売代理店契約を結んだ" or "クラウド契約"
# do not (in labelled text either side was the provider, about as often), and such a
# deal keeps no roles rather than a guessed pair: the verbs below count only as verbs.
# The subject sells: 受注, 受託, 落札, 供給する, 納入する, 提供する; its product is adopted (採用される).
_SUBJECT_SELLS = re.compile(r"受注(?!先)|受託|落札|請け負|ライセンス供与|(を|に)(供給|納入|納品|提供|販売)|(供給|納入|納品|提供|販売)(する|し[、たて]|を(始め|開始))|"
                            r"に採用され|に選ばれ|を[^、。]{0,14}?(貸す|貸し出す|賃貸する)")
# The subject buys: 発注, 調達, 購入 (電力購入契約 too), 導入する, 採用する, 委託する, Xを利用する.
_SUBJECT_BUYS = re.compile(r"発注|調達|購入|買い取|を導入|導入(する|し[、たて]|を決め)|を採用|を選定|の採用|に委託|(?<!受)委託(する|し[、たて])|"
                           r"を[^、。]{0,14}?(利用|使用)する|を使う")
# "Xから受注", "Xから調達": X is the other side of the subject's verb.
_FROM = re.compile(r"(?:\([^)]{1,24}\))?から")
# "Xの<product>を利用/採用/導入する": X makes what the subject uses.
_MAKER_OF = re.compile(r"(?:\([^)]{1,24}\))?の[^、。]{0,30}?を[^、。]{0,12}?(利用|使う|使用|採用|導入|調達|購入)")
_ORDERS_FROM = re.compile(r"受注先(は|として)")
_OTHER_SIDE = {"buyer": "seller", "seller": "buyer"}


def _contract_roles(s: Sentence, parties: list[CompanyMention], names: list[str], subject_names: list[str],
                    anchor: int) -> dict[str, str]:
    """buyer and seller of a contract, where the sentence's verb shows which way it goes; else none.

    The verb is the one nearest the deal word, looked for in the words around it, so that
    "AはBから受注した" and "Aは、Bと…の供給契約を結んだ" are read the same way.
    """
    text = s.text
    if (orders := _ORDERS_FROM.search(text)) is not None:  # "受注先はX、Y": X and Y place the orders
        after = orders.end()
        buyers = {m.name for m in parties if m.name in names and _local(s, m)[0] >= after}
        if buyers and len(buyers) < len(names):
            return {n: "buyer" if n in buyers else "seller" for n in names}
        return {}
    window = text[max(0, anchor - 24):anchor + 12]
    sells = [m.start() for m in _SUBJECT_SELLS.finditer(window)]
    buys = [m.start() for m in _SUBJECT_BUYS.finditer(window)]
    if not sells and not buys:
        return {}
    here = min(anchor, 24)
    # the subject's role, by the verb nearest the deal word
    own = min([(abs(i - here), "seller") for i in sells] + [(abs(i - here), "buyer") for i in buys])[1]
    subject = [n for n in subject_names if n in names]
    if len(subject) == 1:
        return {n: own if n == subject[0] else _OTHER_SIDE[own] for n in names}
    if subject or len(names) != 2:
        return {}  # "AとBは…供給する契約": which of them supplies, the verb does not say
    # No subject among the parties: the marked one is the subject's other side.
    for m in parties:
        if m.name not in names:
            continue
        b = _local(s, m)[1]
        marked = None
        if _FROM.match(text, b):
            marked = _OTHER_SIDE[own]
        elif _MAKER_OF.match(text, b):
            marked = "seller"
        if marked is not None:
            return {n: marked if n == m.name else _OTHER_SIDE[marked] for n in names}
    return {}


# What a cloud or a chip maker sells, as the contract's object: compute ("GPUの供給契約",
# "データセンターの利用契約", "4.5ギガワットのデータセンター契約"); not a building, land or
# equipment for a data centre. Power deals (電力購入契約) go the other way.
_COMPUTE_CONTRACT = re.compile(r"(クラウド|データセンター|計算資源|計算能力|演算|GPU|AI基盤|半導体|チップ|メモリー|HBM|SSD)"
                               r"(?![^、。]{0,16}?(建設|用地|土地|冷却|空調|設備|ケーブル|工事|電源))[^、。]{0,16}?契約")
_POWER = re.compile(r"電力(購入|供給|調達|を)|PPA")
_AI_BUYERS = frozenset({"ai_lab", "internet"})


def _kinds(names: list[str], mentions: list[CompanyMention]) -> dict[str, str | None]:
    """Each name's gazetteer category (cloud, chip, startup...); None for a company the
    gazetteer does not know."""
    known = {m.name for m in mentions if m.known}
    gaz = Gazetteer.load()
    return {n: (c.category if n in known and (c := gaz.lookup(n)) is not None else None) for n in names}


def _alliance_roles(s: Sentence, names: list[str], parties: list[CompanyMention]) -> dict[str, str]:
    """investor and investee of 'AはBと資本業務提携', which names no direction: the company
    marked by に出資 where the sentence says so; else, where one is a major the gazetteer
    knows (not a start-up or an AI lab) and the other is not in it, the major takes the
    stake, as in every such deal of the dev sets (9 of 9)."""
    for m in parties:
        if m.name in names and _INVESTED_IN.match(s.text, _local(s, m)[1]):
            return {n: "investee" if n == m.name else "investor" for n in names}
    kind = _kinds(names, parties)
    majors = [n for n in names if kind[n] is not None and kind[n] not in ("startup", "ai_lab")]
    unknown = [n for n in names if not any(p.known for p in parties if p.name == n)]
    if len(majors) == 1 and len(unknown) == 1:
        return {n: "investor" if n in majors else "investee" for n in names}
    return {}


# "Xに出資し、資本業務提携": the direction the alliance leaves open, given.
_INVESTED_IN = re.compile(r"(?:\([^)]{1,24}\))?(?:に|へ)(?:[^、。]{0,12}?を)?(?:出資|資本参加)")


def _roles_by_kind(s: Sentence, names: list[str], mentions: list[CompanyMention]) -> dict[str, str]:
    """buyer and seller of a compute contract whose verb does not say which way it goes
    ("OpenAI、オラクルと…のデータセンター契約"), from what the companies are: the one cloud
    sells to the others, and a chip or memory maker sells to AI labs and internet firms.
    Only companies the gazetteer knows have a kind; anything else gives no roles."""
    if len(names) != 2 or not _COMPUTE_CONTRACT.search(s.text) or _POWER.search(s.text):
        return {}
    kind = _kinds(names, mentions)
    chips = [n for n in names if kind[n] in ("chip", "memory")]
    if len(chips) == 1 and all(kind[n] in _AI_BUYERS for n in names if n not in chips) \
            and not re.search(r"クラウド|利用", s.text):  # a chip maker renting a cloud buys
        return {n: "seller" if n in chips else "buyer" for n in names}
    # Alibaba, Tencent, Huawei, Baidu: internet groups that run clouds
    clouds = [n for n in names if kind[n] == "cloud" or kind[n] == "internet" and "クラウド" in s.text]
    if len(clouds) == 1 and not chips and "向け" not in s.text:  # データセンター向けケーブル: goods for the cloud
        return {n: "seller" if n in clouds else "buyer" for n in names}
    return {}


# A vendor as news introduces it, right before its name: 配送ルートAIの, ソフト開発会社,
# GPUクラウドの, 翻訳機を開発する, ロボット新興企業.
_VENDOR_INTRO = re.compile(
    r"(?:(?:AI|ソフト(?!バンク)|ソフトウエア|システム|クラウド|SaaS|アプリ|ロボット|センサー|解析|翻訳|認識|半導体)"
    r"(?:(?!導入|利用|顧客|事業者)[^、。「」]){0,6}(?:の|会社|企業|新興(?:企業)?|スタートアップ|ベンダー)|"
    r"(?:AI|ソフト(?!バンク)|システム|アプリ|サービス|技術|モデル|ツール|機|ロボット|チップ|センサー)[^、。「」]{0,6}"
    r"(?:を|も)(?:開発|提供|手がけ|手掛け|運営)(?:する|る))\s*$")
# A vendor of compute says so in its introduction (GPUクラウドのX); a software vendor in a
# GPU or cloud contract is the one renting, not selling.
_COMPUTE_VENDOR = re.compile(r"GPU|クラウド|計算|データセンター")


def _vendor_roles(s: Sentence, names: list[str], mentions: list[CompanyMention],
                  subject_names: list[str]) -> dict[str, str]:
    """buyer and seller of a contract whose verb does not say which way it goes, where news
    introduces exactly one of its companies as a vendor of AI, software or systems
    ("配送ルートAIのミチシルベと業務委託契約"): that one sells. With more than two companies,
    only the subject's deals with each ("GPUクラウドのXは…4社と利用契約")."""
    if len(names) < 2 or _POWER.search(s.text):
        return {}
    intros = {}
    for m in mentions:
        if m.name in names and m.start >= s.start:
            a = _local(s, m)[0]
            hit = _VENDOR_INTRO.search(s.text, max(0, a - 24), a)
            if hit is not None:
                intros[m.name] = hit.group()
    if len(intros) != 1:
        return {}
    (vendor, intro), = intros.items()
    if len(names) > 2 and vendor not in subject_names:
        return {}
    if _COMPUTE_CONTRACT.search(s.text) and not _COMPUTE_VENDOR.search(intro):
        return {}
    return {n: "seller" if n == vendor else "buyer" for n in names}


# The other company of a two-company takeover, by its particle before the deal word:
_TAKEN_BY = re.compile(r"^(\([^)]{1,24}\))?(に|による)[^、。]{0,12}$")  # "Xに買収された", "Xによる買収"
# "Xから…事業を取得", but not money from a lender or an investor on the way ("Xから資金を調達し")
_BOUGHT_FROM = re.compile(r"^(\([^)]{1,24}\))?から(?!(融資|資金|出資|借り入れ))[^、。]{0,40}$")
_BUSINESS_OF = re.compile(r"^(\([^)]{1,24}\))?の[^、。]{0,12}(事業|部門)を[^、。]{0,30}$")  # "Xのロボット事業を取得"
_TOB_ON = re.compile(r"^(\([^)]{1,24}\))?」?(に|に対する|に対して|に対し|への)[^、。]{0,12}$")  # "XにTOB"
# After the deal word: a proposal, a reaction or a withdrawal, not the takeover itself.
_NOT_THE_ACT = re.compile(r"[^、。]{0,4}?(提案|案|打診|を?歓迎|に反対|を?拒否|を?受け入れ|の?撤回|の?中止|の?延期|への応募)")
_PASSIVE = re.compile(r"[^、。]{0,5}?され")


def _other_side_of_takeover(s: Sentence, other: CompanyMention, anchor: int) -> str | None:
    """The role of the company that is not the subject, where its particle shows it: the
    acquirer of a passive ('Aは(、)Xに買収された', 'Xによる買収'), the seller of a business
    bought from it ('AはXから…事業を取得'), the target of a tender offer ('XにTOB')."""
    b = _local(s, other)[1]
    if b > anchor or _NOT_THE_ACT.match(s.text, anchor):
        return None
    gap = s.text[b:anchor]
    word = s.text[anchor:anchor + 8]
    if _TAKEN_BY.match(gap) and (_PASSIVE.match(s.text, anchor) or re.match(r"(\([^)]{1,24}\))?による", gap)):
        return "acquirer"
    if (_BOUGHT_FROM.match(gap) or _BUSINESS_OF.match(gap)) and re.match(r"(取得|譲り受|買収|買い取|事業を)", word):
        return "seller"
    if re.match(r"(事業|部門)を", word) and re.fullmatch(r"(\([^)]{1,24}\))?の[^、。]{0,12}", gap):
        return "seller"  # the deal word is "事業を…取得" itself: "Xのロボット|事業を取得"
    if _TOB_ON.match(gap) and re.match(r"(TOB|株式公開買い付け|公開買付)", word):
        return "target"
    return None


# "デンソーはトヨタ自動車の傘下に入った / 子会社になった": the subject is taken over, by the
# company joined to the deal word by の.
_JOINS_UNDER = re.compile(r"傘下に入|(?:完全)?子会社にな")
_UNDER_GAP = re.compile(r"^(?:\([^)]{1,24}\))?の$")
# "Xの株式20%を", "X株の20%を", "Xの筆頭株主に": X holds the shares bought
_SHARES_OF = re.compile(r"^(?:\([^)]{1,24}\))?(?:の(?:全|発行済み)?)?$")
# "日本製鉄によるUSスチールの買収", "KDDIによるローソンへのTOB": による marks the acquirer, and the
# company joined to the deal word by の/への/に対する the target.
_BY = re.compile(r"(?:\([^)]{1,24}\))?による")
_OF_DEAL = re.compile(r"(?:\([^)]{1,24}\))?(?:の|への|に対する)")


def _by_whom(s: Sentence, parties: list[CompanyMention], anchor: int) -> tuple[str, str] | None:
    """(acquirer, target) of a takeover told as a noun: 'AによるBの買収が完了した'."""
    for i, a in enumerate(parties):
        by = _BY.match(s.text, _local(s, a)[1])
        if by is None:
            continue
        for b in parties[i + 1:]:
            start, end = _local(s, b)
            of = _OF_DEAL.match(s.text, end)
            if b.name != a.name and start - by.end() <= 16 and of is not None and of.end() == anchor:
                return a.name, b.name
    return None


def _argument(s: Sentence, mentions: list[CompanyMention], anchor: int, gap: re.Pattern[str]) -> CompanyMention | None:
    """The company right before the deal word, joined to it by the given particles (Xを買収, Xに出資)."""
    best = None
    for m in mentions:
        _, b = _local(s, m)
        if b <= anchor and gap.match(s.text[b:anchor]):
            best = m
    return best


# What a seller hands over, after the company it names: Xを, X株を, Xの全株式を, Xの…事業を.
_SOLD_GAP = re.compile(r"(?:\([^)]{1,24}\))?(?:株?を|の(?:全|発行済み)?株式[^、。]{0,14}?を|の[^、。]{0,8}事業を)")
# Between the sold company and the verb: a second object or a clause end means the を
# belonged to another verb (トヨタ自動車を顧客とする事業を…, カスミ精工を統合し、…を売却).
_OTHER_CLAUSE = re.compile(r"を|[して]、")


def _sale_buyer(s: Sentence, parties: list[CompanyMention], anchor: int) -> CompanyMention | None:
    """The buyer of '…をYに売却/譲渡': the company marked by に in the clause before the verb."""
    return next((p for p in reversed(parties) if 0 <= anchor - _local(s, p)[1] <= 24
                 and re.fullmatch(r"(\([^)]{1,24}\))?に[^、。]*", s.text[_local(s, p)[1]:anchor])), None)


def _sold(s: Sentence, parties: list[CompanyMention], anchor: int, exclude: set[str]) -> CompanyMention | None:
    """The company a sale hands over ('子会社のXを(、)米Yに売却', 'Xの全株式をYに譲渡'): marked by を
    (or its shares by 株式を) in the verb's own clause."""
    best = None
    for p in parties:
        m = _SOLD_GAP.match(s.text, _local(s, p)[1])
        if p.name not in exclude and m is not None and m.end() <= anchor and anchor - m.end() <= 40 \
                and not _OTHER_CLAUSE.search(s.text, m.end(), anchor):
            best = p
    return best


def _sale(s: Sentence, parties: list[CompanyMention], anchor: int, buyer: CompanyMention,
          subject_names: list[str]) -> tuple[list[str], dict[str, str]] | None:
    """Parties and roles of 'AはXを(、)Bに売却': B (and the buyers joined to it) acquire X from A
    (and the subjects joined to it); X may be a business, not a company. None for the passive
    ('Xは…に売却される', where the subject is what is sold) or when the subject is the buyer."""
    if s.text.startswith("され", anchor + 2):
        return None
    buyers = [m.name for m in _dedupe(_group(s, parties, parties.index(buyer)))]
    sellers = [n for n in dict.fromkeys(subject_names) if n not in buyers]
    if not sellers:
        return None
    target = _sold(s, parties, anchor, {*sellers, *buyers})
    names = [*sellers, *buyers]
    roles = {**{n: "seller" for n in sellers}, **{n: "acquirer" for n in buyers}}
    if target is not None:
        names.insert(len(sellers), target.name)
        roles[target.name] = "target"
    return names, roles


def _dedupe(mentions: list[CompanyMention]) -> list[CompanyMention]:
    seen: set[str] = set()
    out = []
    for m in mentions:
        if m.name not in seen:
            seen.add(m.name)
            out.append(m)
    return out


def _amount_in(s: Sentence, amounts: list[Amount], lo: int, hi: int) -> Amount | None:
    """The first deal amount within [lo, hi) of the sentence (sentence-local offsets)."""
    for a in amounts:
        start = a.start - s.start
        if start < lo or start >= hi:
            continue
        if non_deal_reason(s.text, replace(a, start=start, end=a.end - s.start)) is not None:
            continue
        if re.search(r"累計(で|の|額は?)?[^、。]{0,4}$", s.text[max(0, start - 8):start]):
            continue  # an investor's cumulative total, not this deal's
        return a
    return None


def _amount_after(s: Sentence, parties: list[CompanyMention], amounts: list[Amount], name: str,
                  later: list[str], hi: int | None = None) -> Amount | None:
    """The amount in `name`'s own clause: after its mention, before the next party's ("Aは50億ドル、Bは…")."""
    mine = next((m for m in parties if m.name == name), None)
    if mine is None:
        return None
    lo = _local(s, mine)[1]
    nxt = [_local(s, m)[0] for m in parties if m.name in later and _local(s, m)[0] > lo]
    a = _amount_in(s, amounts, lo, min([*nxt, len(s.text) if hi is None else hi]))
    return None if a is None or _is_total(s, a) else a


def _each_amount(s: Sentence, amounts: list[Amount]) -> Amount | None:
    """An amount stated per counterparty ("それぞれ5億円", "各10億円")."""
    for a in amounts:
        start = a.start - s.start
        if 0 <= start < len(s.text) and re.search(r"(それぞれ|各社に|各)\s*$", s.text[max(0, start - 6):start]):
            return a
    return None


def _own_amount(s: Sentence, amounts: list[Amount], hi: int | None = None) -> Amount | None:
    """The amount of the sentence's one deal: the first deal amount, or a total stated
    after it ("契約一時金は3000万ドルで、…総額は最大4億2000万ドル": the total beats its parts)."""
    hi = len(s.text) if hi is None else hi
    a = _amount_in(s, amounts, 0, hi)
    if a is not None and not _is_total(s, a):
        total = _amount_in(s, amounts, a.end - s.start, hi)
        if total is not None and _is_total(s, total):
            return total
    return a


def _clause_end(s: Sentence, mentions: list[CompanyMention], names: set[str]) -> int:
    """Where another company's clause starts ("Aは…出資し、Bは…80億ドルを投じた"): the
    deal's amount is not looked for beyond it."""
    for m in mentions:
        a, b = _local(s, m)
        if m.name not in names and a > 0 and s.text[a - 1] == "、" and _SUBJECT_AFTER.match(s.text[b:]):
            if any(_local(s, o)[0] < a for o in mentions if o.name in names):
                return a
    return len(s.text)


def _respective(s: Sentence, amounts: list[Amount], first: Amount | None, n: int) -> list[Amount] | None:
    """'AとBは…それぞれ30億ドル、60億ドルを出資': n amounts listed after それぞれ, in the
    order of the n companies."""
    if first is None or n < 2:
        return None
    run = [first]
    for a in amounts:
        if a.start >= run[-1].end and len(run) < n:
            if re.fullmatch(r"\s*[、と]\s*", s.text[run[-1].end - s.start:a.start - s.start]) or (
                    re.fullmatch(r"\s*[、と]\s*(最大|約|およそ|上限)?\s*", s.text[run[-1].end - s.start:a.start - s.start])):
                run.append(a)
            elif a.start > run[-1].end:
                break
    return run if len(run) == n else None


def _is_total(s: Sentence, a: Amount, listed: bool = False) -> bool:
    """Whether the amount totals several deals; `listed`: it follows companies listed together,
    and then 計 touching it is a total too ("NTTドコモ、KDDI、ソフトバンクから計300億円", but
    "中部電力に計120億円、東北電力に計80億円" is each one's own)."""
    before = s.text[max(0, a.start - s.start - 8):a.start - s.start]
    return bool(_TOTAL.search(before)) and not _EACH.search(before) \
        or listed and bool(_TOTAL_RIGHT_BEFORE.search(before))


# "AとBは、Cとそれぞれ…": each subject with the counterparty; "それぞれの販路で" is only "their own".
_EACH_WITH = re.compile(r"それぞれ(?!の)")
_EFFECTIVE = re.compile(r"付け?で[^、。]{0,24}?(する|します|予定)")


# A date right before the verb that signs or agrees: "契約を先月結んだ", "10月に合意していた".
_SIGNED_AT = re.compile(r"(?:に|、)?(?:結んだ|結んで(?:い|お)た|締結した|締結して(?:い|お)た|交わした|合意した|"
                        r"合意して(?:い|お)た)")


# From a date to the end of its clause, which the sentence then sets apart from now.
_EARLIER_STEP = re.compile(r"[^、。]*?(?:し|て|ており|ていて|しており|した上で)、(?:[^。]{0,12}?)(?:今回|このたび|今後|新たに)")


def _fiscal(d: DateMention) -> bool:
    """A fiscal year (昨年度, 2025年度内): it spans two calendar years and dates no deal."""
    return d.surface.endswith(("度", "度内", "度中", "度末"))


_RELATIVE_PAST = re.compile(r"に(?:(?!発表|合意|締結|結ん|交わ|契約|決め|決定|明らか|公表|買収|出資|提携|取得|設立|設け|立ち上げ|結成|"
                            r"子会社|傘下|買い|譲|売却|統合)[^、。「」]){0,16}?"
                            r"(?:した|いた|った|んだ)(?=[一-龯ァ-ヺー々A-Za-z])")


def _date_in(dates: list[DateMention], s: Sentence, anchor: int) -> str | None:
    inside = [d for d in dates if s.start <= d.start < s.end and not s.text[d.end - s.start:].startswith(("まで", "期"))
              and not _fiscal(d)]  # fiscal periods: 3月期, 昨年度
    if len(inside) > 1:
        # "米国時間6日(日本時間7日)": the day where it happened, not its conversion
        inside = [d for d in inside if not s.text.endswith("(日本時間", 0, d.start - s.start)] or inside
        # "16日から始める": the start of a period, not the event, when the sentence has another date;
        # so is "14日、7月1日付で合併すると発表": an effective date, told by the verb still to come
        # ("12月26日付で契約を結んだ" is the signing)
        own = [d for d in inside if not s.text[d.end - s.start:].startswith("から")
               and not _EFFECTIVE.match(s.text, d.end - s.start)]
        inside = own or inside
    # "1979年に事故を起こした原発の…電力を供給する": a date inside a clause that describes a noun
    # dates what that clause tells, not the deal (unless it tells the deal: "18日に発表した提携")
    inside = [d for d in inside if len(d.value) == 10 or not _RELATIVE_PAST.match(s.text, d.end - s.start)]
    # "2022年に初めて出資し、今回、…子会社化する": a date in an earlier clause that the sentence
    # sets apart from now (今回, このたび) is the earlier step's, not this deal's
    inside = [d for d in inside if not (d.start - s.start < anchor
                                        and (m := _EARLIER_STEP.match(s.text, d.end - s.start)) is not None
                                        and m.end() <= anchor)]
    # "利用契約を先月結んだと発表": the date at the signing verb is the agreement's, which counts
    signed = next((d for d in inside if d.start - s.start > anchor and _SIGNED_AT.match(s.text, d.end - s.start)), None)
    if signed is not None:
        return signed.value
    before = [d for d in inside if d.start - s.start <= anchor]
    if before:
        return before[-1].value
    return inside[0].value if inside else None


_JUST_BEFORE_PARTY = re.compile(r"(?:に|には|にも|は)?、?(?:米|英|仏|独|中国|韓国|台湾)?")
# A counterparty's particle, its head office first: "大成運輸(東京・港)とは、".
_WITH_PARTY = re.compile(r"(?:\([^)]{1,40}\))?と[はも]?、?")


def _date_after_party(dates: list[DateMention], s: Sentence, m: CompanyMention) -> str | None:
    """The day right after a counterparty and its particle: "大成運輸とは今月上旬に、"."""
    g = _WITH_PARTY.match(s.text, m.end - s.start)
    if g is None:
        return None
    d = next((d for d in dates if d.start == s.start + g.end()), None)
    if d is None or _fiscal(d) or not s.text.startswith("に", d.end - s.start):
        return None
    return d.value


def _date_before(dates: list[DateMention], s: Sentence, m: CompanyMention, lo: int) -> str | None:
    """The date standing right before company mention m, after offset lo ("9日には第一三共とも")."""
    d = next((d for d in reversed(dates) if lo <= d.start and d.end <= m.start), None)
    if d is None or _JUST_BEFORE_PARTY.fullmatch(s.text, d.end - s.start, m.start - s.start) is None \
            or _fiscal(d) or _WITH_PARTY.fullmatch(s.text, lo - s.start, d.start - s.start):
        return None  # "今年度、", or "大成運輸とは今月上旬に、ミドリ商事とは…": the day of the one before
    return d.value


def _after(value: str, published: date | None) -> bool:
    """A date (YYYY, YYYY-MM or YYYY-MM-DD) later than the publication date (a
    day up to ten days ahead is kept, as dates.py resolves a bare 3日)."""
    if published is None:
        return False
    if len(value) == 10:
        return (date.fromisoformat(value) - published).days > 10
    return value > published.isoformat()[:len(value)]


def _party(name: str, role: str | None, mentions: list[CompanyMention]) -> Party:
    known = next((m.known for m in mentions if m.name == name), False)
    return Party(name, role, known)


def _make(kind: str, names: list[str], roles: dict[str, str], mentions: list[CompanyMention], amount: Amount | None,
          when: str | None, s: Sentence, status: str) -> Deal:
    return Deal(type=kind, parties=tuple(_party(n, roles.get(n), mentions) for n in names), amount=amount, date=when,
                evidence=s.text.strip(), status=status)


def _resolve_refs(s: Sentence, mentions: list[CompanyMention], subjects: list[CompanyMention],
                  st: _State, idx: int) -> tuple[list[CompanyMention], list[CompanyMention]]:
    """Stand-ins for companies named earlier: 同社 / 同行 / 同グループ and 両社.

    同社 as the subject is the last subject; elsewhere ("丸紅は同社に出資") it is the
    company last named that is not this sentence's subject. 両社 as the subject
    is the two parties of the deal just reported.
    """
    added: list[CompanyMention] = []
    refs = list(_SELF_REF.finditer(s.text)) if "社" in s.text or "同" in s.text else []  # each word holds one
    taken = [(_local(s, m)) for m in mentions] if refs else []
    for ref in refs:
        if any(a <= ref.start() < b for a, b in taken):
            continue
        is_subject = bool(_SUBJECT_AFTER.match(s.text[ref.end():])) or (
            ref.group(0) == "両社" and s.text.startswith("で", ref.end()))  # "両社で共同研究契約を結び"
        at = {"start": s.start + ref.start(), "end": s.start + ref.end()}
        if ref.group(0) in ("当社", "弊社"):
            # A press release's "当社" is its issuer: the article's first subject.
            issuer = (st.speaker if st.speech else None) or st.topic or st.first_subject
            if issuer is not None:
                resolved = replace(issuer, **at)
                added.append(resolved)
                if is_subject and not subjects:
                    subjects = [resolved]
                elif re.match(r"\s*(と|、)", s.text[ref.end():]) and subjects:
                    subjects = [resolved, *subjects]  # "当社とアオバ計測は"
            continue
        if ref.group(0) == "両社":
            last = st.found[-1].deal if st.found else None
            fan = len(st.found) > 1 and st.found[-2].sentence == st.found[-1].sentence \
                and len(_names(st.found[-2].deal) & _names(last)) == 1
            # "AはB、Cの2社と提携した。両社はそれぞれ…": 両社 is B and C, not the last pair
            # A–C; they are no deal of their own, so the sentence only adds to A's deals.
            both = [(p.name, p.known) for p in last.parties] if last is not None and len(last.parties) == 2 \
                and not fan else None
            if st.pair is not None and idx - st.pair[1] <= 2 and (not st.found or st.found[-1].sentence < st.pair[1]):
                # "富士フイルムとミズハAIは25日、…を発売した。両社は2023年10月に共同開発で合意しており":
                # the two subjects of a sentence just before, when no deal came after them
                both = [(m.name, m.known) for m in st.pair[0]]
            # a subject later in the sentence is a clause's ("両社は…結び、アステラスが進める…"), not the sentence's
            first = not subjects or all(_local(s, m)[0] > ref.start() for m in subjects)
            if is_subject and first and both is not None:
                pair = [CompanyMention(name, "両社", known=known, **at) for name, known in both]
                added += pair
                subjects = pair
            continue
        if is_subject and not subjects and (st.last_subject is not None or st.recent):
            # 同社は: the last subject, else the company last named ("X社長は…。同社は同日、")
            resolved = replace(st.last_subject or st.topic or st.boss or st.recent[-1], **at)
            added.append(resolved)
            subjects = [resolved]
        elif not is_subject:
            own = {m.name for m in subjects}
            earlier = [m for m in mentions if _local(s, m)[1] <= ref.start()]
            other = next((m for m in reversed(st.recent + earlier) if m.name not in own), None)
            if other is not None:
                added.append(replace(other, **at))
    group = _N_FIRMS.search(s.text) if "社" in s.text else None
    if group is not None and not subjects and not mentions:
        # "3社は共同で…": the last three companies named
        n = int(group.group(1)) if group.group(1).isdigit() else "一二三四五六".index(group.group(1)) + 1
        named: list[CompanyMention] = []
        for m in reversed(st.recent):
            if m.name not in {x.name for x in named}:
                named.insert(0, m)
            if len(named) == n:
                break
        if len(named) == n:
            at = {"start": s.start + group.start(), "end": s.start + group.end()}
            added += [replace(m, **at) for m in named]
            subjects = added[-n:]
    if added:
        mentions = sorted([*mentions, *added], key=lambda x: x.start)
    return mentions, subjects


def _sentence_deals(s: Sentence, idx: int, mentions: list[CompanyMention], amounts: list[Amount],
                    dates: list[DateMention], st: _State, headline: bool, dated_item: bool = False) -> list[_Found]:
    # "・東京エレクトロン、精工微機を買収。"; "■ 京セラ、…を買収。…(20日)" only as a digest item with its day
    terse = headline or s.text.startswith(_BULLETS) or (dated_item and s.text.startswith("■"))
    subjects = _subjects(s, mentions, terse)
    before = st.last_subject
    boss = None if headline else next((m for m in mentions if s.text.startswith("の", m.end - s.start)
                                        and _BOSS.match(s.text, m.end - s.start)), None)
    if boss is not None:
        st.boss = st.boss or boss
        if not subjects:
            st.last_subject = boss  # "九州電力の池辺社長は…。同社は…": the executive's company is the topic
    if not headline:
        mentions, subjects = _resolve_refs(s, mentions, subjects, st, idx)
    if subjects:
        st.last_subject = subjects[-1]
        if not headline and len({m.name for m in subjects}) == 2 and all(m.surface != "両社" for m in subjects):
            st.pair = (list({m.name: m for m in subjects}.values()), idx)
        if st.first_subject is None and not headline:
            st.first_subject = subjects[-1]
        if st.topic is None and not headline and _DATED.match(s.text[_local(s, subjects[-1])[1]:]):
            st.topic = subjects[-1]
    if not subjects and not headline:
        focus = next((m for m in mentions if _FOCUS_AFTER.match(s.text, _local(s, m)[1])), None)
        if focus is not None:
            st.last_subject = focus  # "口火を切ったのはSBGだった。同社は…": the focus is the topic
            st.focus = (focus, idx)
    kinds = _types(s.text, terse)
    if kinds and _CALLED_OFF.search(s.text) and not _DENIAL.search(s.text):
        # "AとBは…協議を打ち切った。…取得する方向で詰めていた": the details of the deal called off
        st.called_off = (idx, frozenset(m.name for m in mentions))
        return []
    if not kinds or _NOT_DEAL.search(s.text):
        return []
    # Japanese drops the repeated subject: the one just brought into focus ("大口の顧客の一つが
    # 三菱UFJ銀行だ。…契約を結んでいる"), else the company a feature is about, else the last subject
    focus = st.focus[0] if st.focus is not None and st.focus[1] == idx - 1 else None
    actor = st.actor[0] if st.actor is not None and st.actor[1] == idx - 1 else None
    implied = None if subjects or terse else (focus or actor or st.article_topic or st.last_subject)
    if st.speech and not subjects:
        implied = st.speaker  # "昨年12月に三井住友銀行と結んだ利用契約が…": the interviewee's deal
    if implied is not None and st.topic is not None and _NEXT_ITEM.match(s.text):
        implied = st.topic  # "次に、Xから…を受注した": the next item of the reporting company's list
    if _REPORTED.search(s.text):
        # "米紙Xは10日、AがBと…契約を結んだと報じた" / "…と、Xが10日に報じた": X reports, A and B deal.
        reporters = {m.name for m in mentions if _REPORTER_AFTER.match(s.text[_local(s, m)[1]:])}
        if not reporters and subjects and s.text[_local(s, subjects[-1])[1]:].lstrip("(").startswith("は"):
            reporters = {m.name for m in subjects}
        if reporters:
            mentions = [m for m in mentions if m.name not in reporters]
            subjects = [m for m in subjects if m.name not in reporters] or \
                [m for m in mentions if s.text[_local(s, m)[1]:].startswith("が")][:1]
    parties = _dedupe([m for m in mentions if _is_party(s, m)])
    if st.speech and not parties and st.asked and st.speaker is not None and not _UNNAMED_PARTY.search(s.text):
        # "――トヨタ自動車との関係は。「昨年12月に、…の共同開発契約を結びました」" (not "欧州の自動車大手と…")
        asked = [m for m in st.asked if m.name != st.speaker.name]
        if len(asked) == 1:
            parties = [replace(asked[0], start=s.start, end=s.start)]
    if (len(parties) == 1 and subjects and subjects[-1].name == parties[0].name and not headline
            and re.match(r"(\([^)]{1,24}\))?も(?!、)[^、。を]{0,12}(買収|傘下|子会社化|出資|取得)", s.text[_local(s, parties[0])[1]:])
            and before is not None and before.name != parties[0].name):
        # "欧州のX社も傘下に収めた": も marks the object here; the subject is the one before.
        implied = before
        subjects = []
        st.last_subject = before
    if not parties and implied is not None and _FUNDING_ROUND.search(s.text) and any(k == "investment" for k, _ in kinds):
        parties = [replace(implied, start=s.start, end=s.start)]  # "2023年2月にはシリーズAで12億円を調達した"
        subjects = parties
    elif not parties and implied is not None and any(k == "investment" for k, _ in kinds) and _ALSO_EARLIER.search(s.text) \
            and not _OTHER_OR_PLAN.search(s.text) \
            and st.found and idx - st.found[-1].sentence <= 2 and st.found[-1].deal.type == "investment" \
            and any(p.name == implied.name and p.role == "investor" for p in st.found[-1].deal.parties):
        # "…に約12億円を出資した。2023年にも約5億円を出資している": the investor's earlier stake
        # in the same company (its investee is added below)
        parties = [replace(implied, start=s.start, end=s.start)]
        subjects = parties
    if implied is not None and len(parties) > 1 and implied.name not in {p.name for p in parties} and (all(
            s.text[_local(s, p)[1]:].startswith("と") for p in parties) or (
            len(_group(s, parties, len(parties) - 1)) == len(parties)
            and re.match(r"(\([^)]{1,24}\))?との?", s.text[_local(s, parties[-1])[1]:]))):
        # "Xとは…で提携し、Yとは…を共同開発する": counterparties of the subject of the sentences before.
        parties = [replace(implied, start=s.start, end=s.start), *parties]
        subjects = [parties[0]]
    elif implied is not None and len(parties) > 1 and implied.name not in {p.name for p in parties} \
            and any(k == "investment" for k, _ in kinds) and _FUNDING_ROUND.search(s.text) \
            and re.match(r"(\([^)]{1,24}\))?(から|など)", s.text[_local(s, parties[-1])[1]:]):
        # "シリーズAで、XとYから計12億円を調達した": the investors are named, the raiser is the subject before
        parties = [replace(implied, start=s.start, end=s.start), *parties]
        subjects = [parties[0]]
    elif implied is not None and len(parties) == 1 and parties[0].name != implied.name:
        # "同日、フォルテと業務提携することも明らかにした": the subject is the one of the sentences before.
        parties = [replace(implied, start=s.start, end=s.start), *parties]
        subjects = [parties[0]]
    via = next((p for p in parties if re.match(r"(\([^)]{1,24}\))?(を通じて|を通して|経由で)", s.text[_local(s, p)[1]:])), None)
    if via is not None and subjects and via.name not in {m.name for m in subjects}:
        # "ソニーは傘下のファンドXを通じてYに出資した": the fund acts for its parent
        parties = [via if p.name in {m.name for m in subjects} else p for p in parties if p is not via]
        parties = _dedupe(parties)
        subjects = [via]
    context = [p for p in parties if _POSSESSIVE.match(s.text[_local(s, p)[1]:])]
    if context and len(parties) - len(context) >= 2:
        # "ファミリーマートの店舗データを使うため、Xと提携": an owner of something mentioned, not a party.
        parties = [p for p in parties if p not in context]
    aside = {id(p): m for p in parties if (m := _BACKGROUND_DEAL.match(s.text, _local(s, p)[1])) is not None}
    background: list[tuple[CompanyMention, str | None, DateMention | None]] = []
    if aside and len(_dedupe([p for p in parties if id(p) not in aside])) >= 2:
        # "トヨタはNVIDIAとの提携に続き、パナソニックから電池を導入した": the alliance with NVIDIA is
        # background, a deal of its own (dated only by a date right before it: "昨年のGEとの提携"),
        # and no party of the contract; 取引 (business dealings) is no deal
        for p in (p for p in parties if id(p) in aside):
            noun = aside[id(p)].group("noun")
            kind = "investment" if noun.startswith("資本") else None if noun == "取引" else "partnership"
            own = next((d for d in dates if d.start >= s.start and d.end == p.start - 1
                        and s.text.startswith("の", d.end - s.start)), None)
            background.append((p, kind, own))
        dates = [d for d in dates if all(d is not b[2] for b in background)]
        parties = [p for p in parties if id(p) not in aside]
    subject_names = [m.name for m in subjects if m.name in {p.name for p in parties}]
    status = _status(s.text)
    if status == "rumor" and st.disclosed and "ことが分かった" in s.text and not _RUMOR.search(s.text.replace("ことが分かった", "")):
        status = "announced"  # "…出資していたことが分かった。説明会で同社の幹部が明らかにした": on the record
    if headline and re.search(r"(契約|出資|買収|提携|合意|調達|統合|売却)[^、。\s]{0,6}か(\s|$)", s.text):
        status = "rumor"
    if _INTO_VENTURE.search(s.text):
        # "新会社にはAが51%、Bが49%を出資し、資本金は2億ドル": the partners fund their joint
        # venture, which is the deal; the contributions and its capital are no price.
        kinds = [("partnership", a) if k == "investment" else (k, a) for k, a in kinds]
        amounts = []
    out: list[_Found] = []
    for kind, anchor in kinds:
        # a sale, or a business handed over in a company split ("…事業をBに承継させる")
        sale = kind == "acquisition" and (s.text[anchor:anchor + 2] in ("売却", "譲渡")
                                          or s.text.startswith(("承継させ", "継承させ"), anchor))
        buyer = _sale_buyer(s, parties, anchor) if sale else None
        if sale and buyer is None:
            continue  # a sale is a takeover only with a named buyer in its clause ("Yに売却"), not "市場で売却"
        when = None if headline else _date_in(dates, s, anchor)  # headline dates are periods, not events
        funding = kind == "investment" and bool(_FUNDING_ROUND.search(s.text))
        names = [p.name for p in parties]
        roles: dict[str, str] = {}
        # Exact arguments where the grammar shows them.
        if sale and subject_names:
            sold = _sale(s, parties, anchor, buyer, subject_names)
            if sold is not None:
                names, roles = sold
        elif kind == "acquisition" and not subject_names and (pair := _by_whom(s, parties, anchor)) is not None:
            names = list(pair)
            roles = {pair[0]: "acquirer", pair[1]: "target"}
        elif kind == "acquisition" and subject_names and _JOINS_UNDER.match(s.text, anchor) \
                and (parent := _argument(s, parties, anchor, _UNDER_GAP)) is not None \
                and parent.name not in subject_names:
            # "デンソーはトヨタ自動車の傘下に入った / 子会社になった": the subject is taken over
            names = [subject_names[-1], parent.name]
            roles = {names[0]: "target", parent.name: "acquirer"}
        elif kind == "acquisition" and subject_names:
            target = _argument(s, parties, anchor, _TARGET_GAP)
            owner = _argument(s, parties, anchor, _BUSINESS_GAP) if target is None else None
            if owner is not None and owner.name not in subject_names:
                # "ニデックは、日立製作所の子会社の日立ハイテクの一部事業を買収した": the business's owner sells
                names = [subject_names[-1], owner.name]
                roles = {names[0]: "acquirer", owner.name: "seller"}
            if target is not None and target.name not in subject_names:
                names = [subject_names[-1], target.name]
                roles = {names[0]: "acquirer", names[1]: "target"}
                targets = [m for m in _dedupe(_group(s, parties, parties.index(target))) if m.name not in subject_names]
                if len(targets) > 1 and not _GROUP_DEAL.search(s.text) and "共同" not in s.text:
                    # "AはXとYを買収": one takeover per company bought; a total is neither's price
                    # (but "AはXとYを共同で買収": A and X buy Y together)
                    each = _each_amount(s, amounts)
                    for m in targets:
                        pair = [names[0], m.name]
                        out.append(_Found(_make(kind, pair, {pair[0]: "acquirer", m.name: "target"}, parties, each,
                                                when, s, status), idx, False, pair[0]))
                    continue
        elif kind == "investment" and not funding and not _CAPITAL_ALLIANCE.search(s.text):
            investee = _argument(s, parties, anchor, _INVESTEE_GAP)
            if investee is None and s.text.startswith(("株", "筆頭株主"), anchor):
                # "Xの株式20%を…で取得", "X株の20%を取得", "Xの筆頭株主になった": X is the investee
                investee = _argument(s, parties, anchor, _SHARES_OF)
            if investee is None:
                # "AはXに50億ドル、Bは100億ドルを出資": X is marked by に, A and B by は.
                investee = next((m for m in parties if _local(s, m)[1] < anchor
                                 and re.match(r"(に|への)", s.text[_local(s, m)[1]:])), None)
                if investee is not None:
                    heads = [i for i, m in enumerate(parties) if m is not investee
                             and _SUBJECT_AFTER.match(s.text[_local(s, m)[1]:])]
                    # each subject with the companies joined to it ("グーグルとAMDは")
                    subject_names = list(dict.fromkeys(
                        g.name for i in heads for g in _group(s, parties, i) if g is not investee)) or subject_names
            investees = _group(s, parties, parties.index(investee)) if investee is not None else []
            investees = [m for m in investees if m.name not in subject_names]
            investors = [n for n in subject_names if n not in {m.name for m in investees}]
            if not investors and implied is not None and investees and implied.name not in {m.name for m in investees}:
                investors = [implied.name]
                parties = [*parties, implied]
            if investees and investors:
                each = _each_amount(s, amounts)
                single = len(investors) == 1 and len(investees) == 1
                respective = _respective(s, amounts, each, len(investors)) if len(investees) == 1 else None
                inv = [m for m in parties if m.name in investors]
                # "AとB、Xに90億ドル出資": a total of coordinated investors, not B's own amount
                joint = len(inv) > 1 and len(_group(s, parties, parties.index(inv[-1]))) >= len(inv)
                for k, investor in enumerate(investors):  # one deal per investor and investee
                    for target in investees:
                        a = respective[k] if respective else \
                            each or (_amount_in(s, amounts, 0, _clause_end(s, mentions, {investor, target.name}))
                                     if single else None)
                        if a is None and len(investees) == 1 and not joint:
                            a = _amount_after(s, parties, amounts, investor, investors[k + 1:],
                                              _clause_end(s, mentions, {*investors, target.name}))
                        out.append(_Found(_make(kind, [investor, target.name],
                                                {investor: "investor", target.name: "investee"}, parties, a, when,
                                                s, status), idx, False, investor))
                continue
        if len(names) == 1 and kind == "investment" and st.found and idx - st.found[-1].sentence <= 2:
            prev = st.found[-1].deal
            investee = next((p for p in prev.parties if p.role == "investee"), None)
            if prev.type == kind and investee is not None and any(
                    p.name == names[0] and p.role == "investor" for p in prev.parties):
                # "旭光電機は2年前のシリーズAでも約10億円を出資していた": the investor's
                # earlier stake in the same investee
                parties = [*parties, CompanyMention(investee.name, investee.name, s.start, s.start, investee.known)]
                names = [names[0], investee.name]
                roles = {names[0]: "investor", investee.name: "investee"}
                funding = False
        if len(names) == 1 and not funding and st.found and idx - st.found[-1].sentence <= 2:
            prev = st.found[-1].deal
            also = re.search(r"(契約|覚書|合意|協定)(書)?(\([^)]{1,20}\))?も", s.text) is not None
            fan = len(st.found) > 1 and st.found[-2].sentence == st.found[-1].sentence \
                and names[0] in _names(st.found[-2].deal)  # "AはB、Cとそれぞれ提携": not C's alone
            if (prev.type == kind or also) and names[0] in _names(prev) and len(prev.parties) == 2 and not fan:
                # "トヨタは2022年にも出資している", "…電力購入契約も締結した": the object is the
                # counterparty just reported
                other = next(p for p in prev.parties if p.name != names[0])
                parties = [*parties, CompanyMention(other.name, other.name, s.start, s.start, other.known)]
                names = [names[0], other.name]
                roles = {p.name: p.role for p in prev.parties if p.role}

        if len(names) == 1 and not funding and kind == "acquisition" and st.lone is not None \
                and st.lone[0] == kind and st.lone[1] != names[0] and idx - st.lone[2] <= 2:
            # "サクラ計測はMBOを実施すると発表した。ベインが出資する買収目的会社がTOBを行う": one takeover
            other = next((m for m in st.recent if m.name == st.lone[1]), None)
            if other is not None:
                parties = [*parties, replace(other, start=s.start, end=s.start)]
                names = [names[0], other.name]
        if len(names) == 1 and not funding and not headline:
            st.lone = (kind, names[0], idx, s.text)
        if len(names) < 2 and not (funding and names):
            continue
        if kind != "investment" and _examples_only(s, parties, names):
            continue
        subject = next((n for n in subject_names if n in names), None)
        if subject is not None:
            names.remove(subject)
            names.insert(0, subject)
        if funding and subject is not None:
            # "AはXの資金調達を主導した": X raises the money, the subject invests
            raiser = next((p.name for p in parties if p.name != subject and _RAISER.match(s.text, _local(s, p)[1])),
                          subject)
            roles = {n: ("investee" if n == raiser else "investor") for n in names}
        elif kind == "partnership":
            roles = {n: "partner" for n in names}
        elif kind == "contract" and not roles:
            roles = _contract_roles(s, parties, names, subject_names, anchor) or _roles_by_kind(s, names, parties) \
                or _vendor_roles(s, names, parties, subject_names)
        elif kind in ("acquisition", "investment") and not roles and subject is not None and len(names) == 2 \
                and not funding and not sale:
            # "KDDI(東京・千代田)はローソン(東京・品川)を買収": the object's gap holds its head office;
            # "Xを約243億ポンド(約3兆3000億円)で買収", "Xを連結子会社にする", headline "A、X買収で合意"
            gap = _TARGET_GAP_PAREN if kind == "acquisition" else _INVESTEE_GAP_PAREN
            other = next(m for m in parties if m.name == names[1])
            if kind == "acquisition" and (role := _other_side_of_takeover(s, other, anchor)) is not None:
                roles = {names[0]: {"acquirer": "target", "seller": "acquirer", "target": "acquirer"}[role],
                         names[1]: role}
            elif _argument(s, [other], anchor, gap) is not None or kind == "acquisition" \
                    and not _NOT_THE_ACT.match(s.text, anchor) and not _PASSIVE.match(s.text, anchor) and _argument(
                        s, [other], anchor, _TARGET_GAP_HEADLINE if headline else _TARGET_GAP_LONG) is not None:
                roles = dict(zip(names, ("acquirer", "target") if kind == "acquisition" else ("investor", "investee")))
            elif kind == "investment" and s.text.startswith("出資を受け", anchor) \
                    and _argument(s, [other], anchor, _INVESTOR_FROM_GAP) is not None:
                roles = {names[0]: "investee", names[1]: "investor"}  # "AはXから出資を受けた"
        if kind == "investment" and not roles and subject is not None and len(names) > 2 and not funding \
                and s.text.startswith("出資を受け", anchor):
            # "AはXとYからそれぞれ100億円の出資を受ける": X and Y invest in A
            giver = next((i for i, m in reversed(list(enumerate(parties)))
                          if m.name != subject and _argument(s, [m], anchor, _INVESTOR_FROM_GAP) is not None), None)
            givers = {m.name for m in _group(s, parties, giver)} if giver is not None else set()
            if givers and subject not in givers and set(names) == givers | {subject}:
                roles = {n: "investee" if n == subject else "investor" for n in names}
        if kind == "investment" and not roles and len(names) == 2 and not funding \
                and _CAPITAL_ALLIANCE.search(s.text) and "相互" not in s.text:
            roles = _alliance_roles(s, names, parties)
        group = funding or bool(_GROUP_DEAL.search(s.text)) or set(names) <= set(subject_names)  # "AとBとCは…"
        subs = [n for n in subject_names if n in names]
        if len(subs) >= 2 and not group and kind in ("partnership", "contract") and any(n not in subs for n in names) \
                and (_EACH_WITH.search(s.text) or _with_after_subjects(s, parties, subs)
                     or all(m.surface == "両社" for m in subjects)):  # "両社は、ロームが開発した新材料を調達する契約も結んだ"
            # "AとBは、Cと…をそれぞれ交わした", "AとBは5日、Cと提携した": each subject deals with the
            # counterparty (A–C, B–C); the subjects are not each other's
            each = _each_amount(s, amounts)
            for sub in subs:
                for other in (n for n in names if n not in subs):
                    pair = [sub, other]
                    out.append(_Found(_make(kind, pair, {n: r for n, r in roles.items() if n in pair}, parties,
                                            each, when, s, status), idx, False, sub))
            continue
        if subject is not None and len(names) > 2 and not group and kind != "acquisition":
            # One deal per counterparty; an amount belongs to the counterparty whose clause holds it.
            others = [m for m in parties if m.name in names[1:]]
            each = _each_amount(s, amounts)
            for i, other in enumerate(others):
                lo = _local(s, other)[1]
                hi = _local(s, others[i + 1])[0] if i + 1 < len(others) else len(s.text)
                a = each or _amount_in(s, amounts, lo, hi)
                if a is not None and _is_total(s, a, listed=len(_group(s, others, i)) > 1):
                    a = None
                pair = [subject, other.name]
                # "今年、Bと…契約を結んだのに続き、9日にはCとも": a day right before a counterparty is its own
                own = None if headline else (_date_after_party(dates, s, other)
                                             or _date_before(dates, s, other, others[i - 1].end if i else s.start))
                out.append(_Found(_make(kind, pair, {n: r for n, r in roles.items() if n in pair}, parties, a,
                                        own or when, s, status), idx, False, subject))
            continue
        a = _own_amount(s, amounts, _clause_end(s, mentions, set(names))) \
            if kind != "partnership" or len(kinds) == 1 else None
        out.append(_Found(_make(kind, names, roles, parties, a, when, s, status), idx, funding, subject))
    lead = subjects[-1] if subjects else implied
    for p, kind, own in background:
        if kind is not None and lead is not None and lead.name != p.name:
            roles = {lead.name: "partner", p.name: "partner"} if kind == "partnership" else {}
            out.append(_Found(_make(kind, [lead.name, p.name], roles, [lead, p], None, own.value if own else None, s,
                                    status), idx, False, lead.name))
    if out and subjects and re.match(r"(?:\([^)]{1,40}\))?は", s.text[_local(s, subjects[-1])[1]:]):
        st.actor = (subjects[-1], idx)  # "一方、アケボノ化成は昨年、イビデンを買収した": the next sentence goes on with it
    return out


def _with_after_subjects(s: Sentence, parties: list[CompanyMention], subs: list[str]) -> bool:
    """'AとBは(5日、)Cと…': a company that is not a subject, after the subjects, marked by と."""
    last = max((_local(s, p)[1] for p in parties if p.name in subs), default=len(s.text))
    return any(p.name not in subs and _local(s, p)[0] > last
               and re.match(r"(\([^)]{1,24}\))?と(?!し|の間|共同)", s.text[_local(s, p)[1]:]) for p in parties)


def _names(d: Deal) -> set[str]:
    return {p.name for p in d.parties}


def _fill(prev: _Found, new: Deal, sentence: int, extra_parties: bool = False) -> _Found:
    d = prev.deal
    parties = d.parties
    if extra_parties:
        have = _names(d)
        parties = d.parties + tuple(replace(p, role=p.role or "investor") for p in new.parties if p.name not in have)
    return replace(prev, deal=replace(d, amount=d.amount or new.amount, date=_pick_date(d, new), parties=parties,
                                      status=d.status if d.status != "announced" else new.status),
                   sentence=max(prev.sentence, sentence))


def _pick_date(first: Deal, later: Deal) -> str | None:
    """The first date found, except that a completion ('買収手続きを完了') takes the date of
    the agreement reported beside it ('両社は昨年11月に買収で合意していた')."""
    if first.date and later.date and re.search(r"完了", first.evidence) and not re.search(r"完了", later.evidence) \
            and re.search(r"合意|締結|結んで", later.evidence):
        return later.date
    return first.date or later.date


def _other_year(a: Deal, b: Deal) -> bool:
    """Both dated, in different years: 'トヨタは2022年にも出資しており' is an earlier deal.
    (Investments and orders repeat; a takeover or an alliance dated twice is one deal at two stages.)"""
    return bool(a.date and b.date and a.date[:4] != b.date[:4]) and a.type in ("investment", "contract")


# A sentence telling what already stood before the news: "…にも出資している", "…結んでいた".
_BACKGROUND = re.compile(r"[てで]いた|[てで]おり|[てで]いる|にも|かねて|以前|これまで|すでに|既に")


# "…協議を進めていた": talks, not an earlier deal; "…取得したことを明らかにした": a deal done
# before, disclosed now (its date may be the one the background gives).
_TALKS = re.compile(r"協議|交渉|検討")
_DISCLOSES_DONE = re.compile(r"(?:した|していた)(?:こと)?を?(?:明らかにした|公表した|開示した)")


def _earlier_deal(first: Deal, later: Deal, published: str | None) -> bool:
    """Two deals of the same parties, in text order: the new one without a date, and the
    parties' earlier deal told as background, more than six months before the article
    ("AはBに出資した。Aは2022年にも同社に出資している", "両社は2020年に販売提携契約を
    結んでいた"). The new deal must not take the old one's date.

    The new deal comes first, or after the background as a new step ("今回、新たに");
    a later mention without a date refers back ("出資を受けた伊藤忠との関係は"). A takeover
    is not repeated, and a signing within six months is the new deal's own (`_signing_date`)."""
    if first.type == "acquisition" or not published:
        return False
    if first.date is None and later.date:
        new, old = first, later
    elif later.date is None and first.date and _NEW_STEP.search(later.evidence):
        new, old = later, first
    else:
        return False
    return bool(_BACKGROUND.search(old.evidence)) and not _BACKGROUND.search(new.evidence) \
        and not _shortly_before(old.date, published) and not _TALKS.search(old.evidence) \
        and not _DISCLOSES_DONE.search(new.evidence)


def _continues(prev: _Found, new: _Found, idx: int, published: str | None = None) -> bool:
    if idx - prev.sentence > 2 or prev.sentence == new.sentence or _other_year(prev.deal, new.deal) \
            or _earlier_deal(prev.deal, new.deal, published):
        return False
    if _names(new.deal) <= _names(prev.deal):
        if _jv_capital(prev.deal, new.deal):
            return True  # "Aが6割、Bが4割を出資する": the joint venture's capital, not a deal of its own
        return new.deal.type == prev.deal.type or len(new.deal.parties) == 1
    return False


def _jv_capital(prev: Deal, new: Deal) -> bool:
    """An investment by the partners of a joint venture just reported: their contributions
    to the venture ("両社がそれぞれ25億円を出資"), whose money is its capital, not a price."""
    return new.type == "investment" and prev.type == "partnership" and bool(_GROUP_DEAL.search(prev.evidence))


def _round_investors(s: Sentence, mentions: list[CompanyMention], st: _State, idx: int,
                     amounts: list[Amount] | None = None) -> bool:
    """'米フィデリティとアトレイデスが主導した' after a funding round: the round's investors.
    'Xの今回の資金調達にはYも参加し、調達総額は35億元' after A's investment in X: A's
    investment was part of X's round, which gains Y and its total."""
    if not st.found or not _ROUND_INVESTORS.search(s.text):
        return False
    prev = st.found[-1]
    joint = prev.deal.type == "partnership" and bool(_GROUP_DEAL.search(prev.deal.evidence)) \
        and re.search(r"出資に(加わ|参加)|も出資", s.text) is not None  # "OracleとMGXも出資に加わる"
    raisers = {m.name for m in mentions if _RAISER.match(s.text, _local(s, m)[1])}  # Xの資金調達
    joins = prev.deal.type == "investment" and _JOINS_ROUND.search(s.text) is not None and any(
        p.role != "investor" and p.name in raisers for p in prev.deal.parties)
    if not (prev.funding or joint or joins) or idx - prev.sentence > 2:
        return False
    equity = _equity_part(s) if prev.funding else None
    if equity is not None:
        # "うち400億円はAとBが引き受ける増資で、残る800億円は銀行からの融資で": only the
        # equity is an investment; the lenders are no investors and the total held loans.
        lo, hi = equity
        mentions = [m for m in mentions if lo <= _local(s, m)[0] < hi]
    investors = [m for m in _dedupe(mentions) if _is_party(s, m) and m.name not in _names(prev.deal)]
    if not investors:
        return False
    if equity is not None and amounts:
        part = _amount_in(s, amounts, *equity)
        if part is not None:
            prev = replace(prev, deal=replace(prev.deal, amount=part))
    extra = Deal(type="investment", parties=tuple(Party(m.name, "investor", m.known) for m in investors),
                 amount=None, date=None, evidence=s.text)
    st.found[-1] = _fill(prev, extra, idx, extra_parties=True)
    if joins and amounts:
        total = next((a for a in amounts if s.start <= a.start < s.end and _is_total(s, a)
                      and _amount_in(s, [a], 0, len(s.text)) is not None), None)
        if total is not None:  # a round keeps its total
            f = st.found[-1]
            st.found[-1] = replace(f, deal=replace(f.deal, amount=total), funding=True)
    return True


_LOAN = re.compile(r"ローン|融資|借り入れ|借入")
_EQUITY = re.compile(r"増資|出資|引受|引き受け|第三者割当")


def _equity_part(s: Sentence) -> tuple[int, int] | None:
    """The span of the equity clauses of a financing that also has loans, or None."""
    if not _LOAN.search(s.text):
        return None
    spans, lo = [], 0
    for part in re.split(r"(?<=、)", s.text):
        hi = lo + len(part)
        spans.append((lo, hi, bool(_EQUITY.search(part)) and not _LOAN.search(part)))
        lo = hi
    # the equity clauses, with the clauses that lead into them ("うち400億円は、")
    eq = [i for i, (_, _, e) in enumerate(spans) if e]
    if not eq or any(_LOAN.search(s.text[spans[i][0]:spans[i][1]]) for i in range(eq[0])):
        return None
    return 0, spans[eq[-1]][1]


_JOINS_ROUND = re.compile(r"(資金調達|ラウンド|増資)[^。]{0,30}?(参加|加わ)")
_COUNTERPARTY_LIST = re.compile(r"(受注先|発注先|出資先|投資先|提携先|買収先|供給先|納入先|契約先|取引先|顧客|相手(先)?)は")


def _listed_counterparties(s: Sentence, idx: int, mentions: list[CompanyMention], amounts: list[Amount],
                           st: _State) -> list[_Found]:
    """'AはX社3社から受注した。受注先はB、C、Dで、受注額はそれぞれ…': the deal named one side;
    the next sentence lists the other sides, one deal each."""
    listed = _COUNTERPARTY_LIST.search(s.text) if st.lone is not None and idx - st.lone[2] <= 2 else None
    if listed is None:
        return []
    kind, name, _, lone_text = st.lone
    own = next((m for m in reversed(st.recent) if m.name == name), None)
    others = [m for m in _dedupe(mentions) if m.name != name and _is_party(s, m)]
    if own is None or not others:
        return []
    each = _each_amount(s, amounts)
    single = _amount_in(s, amounts, 0, len(s.text)) if len(others) == 1 else None
    if single is not None and _is_total(s, single):
        single = None
    when = st.event_date[0] if st.event_date and idx - st.event_date[1] <= 3 else _date_in([], s, 0)
    st.lone = None

    def own_amount(m: CompanyMention) -> Amount | None:
        # "出資額はヴェルデに15億円、トモシビに10億円": the amount right after the name
        for o in mentions:
            if o.name == m.name:
                b = _local(s, o)[1]
                a = _amount_in(s, amounts, b, b + 6)
                if a is not None and not _is_total(s, a):
                    return a
        return None

    own_role, their_role = _LISTED_ROLES.get(listed.group(1), (None, None))
    if listed.group(1) in ("受注先", "発注先") and kind == "contract":
        # either word can name the side that placed the orders or the side that took them:
        # the verb of the deal they extend says which ("…を受注した。受注先はB、C" / "…を発注した。")
        sells, buys = _SUBJECT_SELLS.search(lone_text), _SUBJECT_BUYS.search(lone_text)
        if bool(sells) != bool(buys):
            own_role, their_role = ("seller", "buyer") if sells else ("buyer", "seller")
    if kind == "partnership":
        own_role = their_role = "partner"
    elif own_role is not None and _ROLE_KIND[own_role] != kind:
        own_role = their_role = None  # the list's word and the deal disagree: say nothing

    def roles(m: CompanyMention) -> dict[str, str]:
        return {name: own_role, m.name: their_role} if own_role else {}

    return [_Found(_make(kind, [name, m.name], roles(m), [own, *others], each or single or own_amount(m), when, s,
                         _status(s.text)), idx)
            for m in others]


# The listed companies' side, by the word that heads the list: (the deal's own side, theirs).
# 受注先 and 発注先 are not here: either can name the side that placed the orders or the
# side that took them ("…を3社に発注した。受注先はNEC、富士通…"); the deal's verb decides.
_LISTED_ROLES = {"供給先": ("seller", "buyer"), "納入先": ("seller", "buyer"), "顧客": ("seller", "buyer"),
                 "出資先": ("investor", "investee"), "投資先": ("investor", "investee"),
                 "買収先": ("acquirer", "target")}
_ROLE_KIND = {"seller": "contract", "buyer": "contract", "investor": "investment", "acquirer": "acquisition"}


# "14日に発表した。" / "提携は28日付。": a short sentence after the deal that dates it.
_LATE_DATE = re.compile(r"^[^、。]{0,12}日(に|付で?)?(発表|公表|明らかに)|日付(け)?(で(発表|締結|合意))?。?$")


def _late_date(s: Sentence, idx: int, dates: list[DateMention], st: _State) -> None:
    """Give the deals of the last two sentences that have no date the date of a short
    announcement sentence that follows them."""
    when = _date_in(dates, s, len(s.text))
    if when is None:
        return
    for i, f in enumerate(st.found):
        if idx - f.sentence <= 2 and f.deal.date is None and f.deal.status == "announced" \
                and not _PAST.search(f.deal.evidence):
            st.found[i] = replace(f, deal=replace(f.deal, date=when))


# "2024年10月に合意していた。" right after a completion: the agreement's date is the deal's.
_AGREED_EARLIER = re.compile(r"(合意|締結)(して|し)?(い|お)た|結んで(い|お)た")
# "契約は先月結んだ": a sentence about the deal just reported that says when it was signed;
# also "提携は今月に入って合意したもので、19日に…明らかにした" (the date is the one before the verb).
# Contracts named by their kind: "利用契約", "保守契約".
_CONTRACT_KINDS = "利用|供給|販売|購入|調達|委託|開発|保守|導入|ライセンス"
_DEAL_SIGNED_WHEN = re.compile(r"^\s*(?:その|この|同|今回の|両社の)?(?P<kind>(?:" + _CONTRACT_KINDS + r")(?=契約))?"
                               r"(?P<noun>契約|提携|覚書|買収|出資)(?:は|を)[^、。]{0,20}?"
                               r"(?:結んだ|結んで(?:い|お)た|締結した|交わした|合意した|決めた|決定した)"
                               r"(?:。?\s*$|(?=もので、))")
# The deal's own contract, whatever its type: "資本業務提携を結んだと発表した。契約は3日に締結した".
_NOUN_KIND = {"提携": "partnership", "覚書": "partnership", "買収": "acquisition", "出資": "investment"}
# From a date to the verb that signed something in the past: "昨年12月に提携契約を結んでおり",
# "前日に…と株式譲渡契約を結んだ", "同日付で契約を交わした", "年明けに共同開発契約を結び、".
_SIGNED_CLAUSE = re.compile(r"(?:付け?で|中に|に|、)?(?P<np>[^、。を]{0,24}?)を(?:結んで(?:おり|いた|おた)|結び、|結んだ|"
                            r"締結して(?:おり|いた)|締結し、|締結した|交わして(?:おり|いた)|交わした|交わし、)")
_BARE_CONTRACT = re.compile(r"(?:^|[とでのに])契約$")


def _signing_date(s: Sentence, dates: list[DateMention], deal: Deal, mentions: list[CompanyMention],
                  published: str | None) -> str | None:
    """The date a sentence gives for signing an agreement of the deal's type (a bare 契約 is the
    deal's own), when it reports no announcement of its own: the signing counts, not the
    announcement day the article led with (nor the article's day, for a deal without a date).

    Only a signing shortly before that day, with no one else: "両社は2020年に業務提携契約を結んだ"
    under a new alliance is the old one, "NECは3月に東京大学と共同研究契約を結んでいた" another
    deal, and "2月に基本合意書を締結していた" under "最終契約を結んだと発表" an earlier step.
    """
    reference = deal.date or published
    if reference is None or _ANNOUNCEMENT_WORD.search(s.text) or _NEW_STEP.search(s.text) \
            or "最終契約" in deal.evidence:
        return None
    parties = _names(deal)
    for d in reversed(dates):
        if not s.start <= d.start < s.end or not _shortly_before(d.value, reference):
            continue
        m = _SIGNED_CLAUSE.match(s.text, d.end - s.start)
        if m is None:
            continue
        np = m.group("np")
        if np.startswith(("は", "も")) or "基本合意" in np:  # "2年前には…", an earlier step
            continue
        a, b = s.start + m.start("np"), s.start + m.end("np")
        named = {c.name for c in mentions if a <= c.start < b}
        if named - parties or ("と" in np and not named and not _HOLDER_WITH.search(np)):
            continue  # signed with someone else: a university, a ministry, another company
        if _BARE_CONTRACT.search(np) or deal.type in {k for k, _ in _types(np, headline=True)}:
            return d.value
    return None


def _shortly_before(signed: str, when: str) -> bool:
    """Whether a signing date falls on or before the deal's date, at most six months earlier
    (a year alone: the same year)."""
    if signed > when[:len(signed)]:
        return False
    if len(signed) == 4 or len(when) == 4:
        return signed[:4] == when[:4]
    months = (int(when[:4]) * 12 + int(when[5:7])) - (int(signed[:4]) * 12 + int(signed[5:7]))
    return months <= 6


_ANNOUNCEMENT_WORD = re.compile(r"発表|明らかに|公表|公開")
# A release's "…を締結いたしましたので、あわせてお知らせいたします" (not a news report's "決算発表に
# あわせて公表した"); an earlier deal told as going on (…しています, …てまいりました) keeps no date.
_TOGETHER = re.compile(r"(?:あわせて|併せて|合わせて)お知らせ")
_ONGOING = re.compile(r"ており|ている|ています|ております|てまいり|てきた|てきました|ていた|ていました")
_NEW_STEP = re.compile(r"今回|このたび|新たに|さらに|改めて|追加|拡大|広げ|強化|深め|第2弾|これまで|進めてきた|代わりに")
# "創業者と株式譲渡契約を結んだ": the seller's side, not a third party.
_HOLDER_WITH = re.compile(r"(?:創業者|創業家|株主|親会社|経営陣|オーナー|両社|同社)と")


# A counterparty the answer leaves unnamed: "欧州の自動車大手と供給契約を結びました".
_UNNAMED_PARTY = re.compile(r"(?:大手|企業|会社|商社|メーカー|銀行|新興|スタートアップ|ファンド|[0-9一二三四五六七八九十数]社)(?:と|から|に)")
_CONTRACT_KIND = re.compile(f"({_CONTRACT_KINDS})契約")


def _other_kind(kind: str, evidence: str) -> bool:
    """'…保守契約を結んだ。供給契約は2021年に結んでいた': the deal names its contract's kind, and
    the signing sentence names another."""
    named = {m.group(1) for m in _CONTRACT_KIND.finditer(evidence)}
    return bool(named) and kind not in named


def _agreement_date(s: Sentence, idx: int, dates: list[DateMention], st: _State,
                    mentions: list[CompanyMention]) -> None:
    """A deal takes the date of its agreement from a following sentence without a deal of
    its own: a completed one ('買収手続きを完了した') from '昨年10月に合意していた', any one from
    '契約は先月結んだ'."""
    if not st.found or idx - st.found[-1].sentence > 2:
        return
    f = st.found[-1]
    signed = _DEAL_SIGNED_WHEN.match(s.text)
    if signed is not None and (_NOUN_KIND.get(signed.group("noun"), f.deal.type) != f.deal.type
                               or signed.group("kind") and (f.deal.type != "contract" or _other_kind(signed.group("kind"), f.deal.evidence))):
        signed = None  # "…利用契約を結んだ。買収は2019年に決めた": another deal's date
    if signed is not None:
        when = _date_in([d for d in dates if d.end <= s.start + signed.end()], s, signed.end())
        if signed.end() < len(s.text.rstrip("。 ")) and when is not None and (
                _NEW_STEP.search(s.text) or f.deal.date is None or not _shortly_before(when, f.deal.date)):
            when = None  # "提携は2020年に合意したもので、今回は…": the earlier step's date
    elif _AGREED_EARLIER.search(s.text) and "完了" in f.deal.evidence:
        when = _date_in(dates, s, len(s.text))
    else:
        when = _signing_date(s, dates, f.deal, mentions, st.published)
    if when is not None:
        st.found[-1] = replace(f, deal=replace(f.deal, date=when))


def _value_sentence(s: Sentence, mentions: list[CompanyMention], amounts: list[Amount], st: _State,
                    idx: int) -> bool:
    """'契約額は…' after a deal: its amount; 'Bが10億ドル、Cが5億ドル': each counterparty's amount.

    Returns whether the sentence was used.
    """
    if not st.found or idx - st.found[-1].sentence > 2:
        return False
    last = st.found[-1].sentence
    kind = st.found[-1].deal.type
    run = [i for i, f in enumerate(st.found) if f.sentence >= last - 2 and f.deal.type == kind]
    # "A・B連合、Cから受注" then "A、B、Dの3社…はCから受注": the headline's deal is the body's
    # deal with fewer parties (merged later), not a second counterparty's deal.
    run = [i for i in run if not any(_names(st.found[i].deal) < _names(st.found[j].deal) for j in run)]
    used = False
    if len(run) > 1 and re.search(r"各社|それぞれ|いずれも|1社(あたり|当たり)", s.text):
        a = _amount_in(s, amounts, 0, len(s.text))  # "契約額は各社向けとも約5億ドル": the same for each
        if a is not None and not _is_total(s, a):
            for i in run:
                if st.found[i].deal.amount is None:
                    st.found[i] = replace(st.found[i], deal=replace(st.found[i].deal, amount=a), sentence=idx)
            return True
    if len(run) > 1:
        common = set.intersection(*(_names(st.found[i].deal) for i in run))
        counterparties = {n for i in run for n in _names(st.found[i].deal)} - common
        named = [m for m in mentions if m.name in counterparties]
        only_one = len({m.name for m in named}) == 1
        for m in named:
            _, b = _local(s, m)
            a = _amount_in(s, amounts, b, len(s.text) if only_one else b + 14)
            if a is None or _is_total(s, a):
                continue
            for i in run:
                f = st.found[i]
                if f.deal.amount is None and m.name in _names(f.deal):
                    st.found[i] = replace(f, deal=replace(f.deal, amount=a), sentence=idx)
                    used = True
                    break
        return used
    if _VALUE_SENTENCE.search(s.text) and st.found[-1].deal.amount is None and not (
            st.found[-1].deal.type == "partnership" and _SPENDING.search(s.text)):
        a = _own_amount(s, amounts)
        if a is not None:
            f = st.found[-1]
            st.found[-1] = replace(f, deal=replace(f.deal, amount=a))
            return True
    return False


# "創業家などから株式の40%を約30億円で追加取得し": the price of the takeover just reported.
_SHARES_BOUGHT_FOR = re.compile(r"株(?:式)?の?[^、。]{0,16}?を[^、。]{0,16}?(?:円|ドル|ユーロ|ポンド|元)\)?で(?:追加)?(?:取得|買い取|買い増)")


def _same_deal_amount(s: Sentence, amounts: list[Amount], st: _State, idx: int) -> None:
    """'全株式を約7億ドルで取得し…' right after the acquisition: the same deal's amount."""
    if not st.found or idx - st.found[-1].sentence > 2 or st.found[-1].deal.amount is not None:
        return
    kinds = [k for k, _ in _types(s.text)]
    if st.found[-1].deal.type in kinds or st.found[-1].deal.type == "acquisition" and _SHARES_BOUGHT_FOR.search(s.text):
        a = _amount_in(s, amounts, 0, len(s.text))
        if a is not None:
            f = st.found[-1]
            st.found[-1] = replace(f, deal=replace(f.deal, amount=a), sentence=idx)


def _headline_group_names(deals: list[Deal], title: str) -> list[Deal]:
    """'楽天、KDDIと回線契約を延長' over '楽天モバイルは…KDDIとの…契約を延長': a headline names the
    group where the body names its company. The headline's deal is the body's, which keeps
    the company and takes what only the headline gave (amount, date)."""
    gaz = Gazetteer.load()

    def parent(name: str) -> str | None:
        c = gaz.lookup(name)
        return c.parent if c is not None else None

    out = list(deals)
    for h in deals:
        if h not in out or h.evidence not in title:
            continue
        for b in out:
            if b is h or b.type != h.type or b.evidence in title:
                continue
            only_h, only_b = _names(h) - _names(b), _names(b) - _names(h)
            if len(only_h) == 1 and len(only_b) == 1 and parent(next(iter(only_b))) == next(iter(only_h)):
                i = out.index(b)
                out[i] = replace(b, amount=b.amount or h.amount, date=b.date or h.date)
                out.remove(h)
                break
    return out


def _merge(deals: list[Deal], published: str | None = None) -> list[Deal]:
    """One deal per (type, party set): later mentions fill in amount and date; sub-deals of a round go."""
    merged: dict[tuple[str, frozenset[str]], Deal] = {}
    for d in deals:
        k = (d.type, frozenset(_names(d)))
        if k in merged and (_other_year(merged[k], d) or _earlier_deal(merged[k], d, published)):
            k = (d.type, frozenset(_names(d) | {f"@{d.date}"}))  # another year: another deal
        if k not in merged:
            merged[k] = d
            continue
        kept = merged[k]
        merged[k] = replace(
            kept, amount=kept.amount or d.amount, date=_pick_date(kept, d),
            parties=kept.parties if any(p.role for p in kept.parties) else d.parties,
            evidence=kept.evidence if kept.amount or not d.amount else d.evidence,
            status=kept.status if kept.status != "announced" else d.status)
    out = list(merged.values())
    keep = []
    for i, d in enumerate(out):
        names = _names(d)
        richer = [j for j, o in enumerate(out) if j != i and o.type == d.type and names < _names(o)
                  and not _other_year(o, d)]  # an earlier year's stake is a deal of its own
        if richer and (len(names) == 1 or any(len(out[j].parties) > 2 for j in richer)):
            r = out[richer[0]]
            out[richer[0]] = replace(r, amount=r.amount or d.amount, date=r.date or d.date)
            continue
        keep.append(i)
    return [out[i] for i in keep]


# A press release's disclosure item: "(3)取得価額:…約4,200百万円", "調達資金の額:12億円".
# It names the price of the release's one deal of that kind, however far below the
# deal sentence it stands (a heading, reasons and a table come between). A table row may
# put a space instead of the colon ("(3) 取得価額 X社の普通株式 2,500百万円").
_FIELD = re.compile(r"^[\s(\d).①-⑩・]*(?:(?P<acquisition>取得価額|取得価格|取得金額|譲渡価額|譲渡価格|承継の対価)|"
                    r"(?P<investment>払込金額の総額|調達資金の額|調達金額|調達額|発行価額の総額|出資金額|出資額)|"
                    r"(?P<contract>契約金額|受注金額|契約総額|受注総額))"
                    r"(?:\([^()\n]{1,20}\))?(?:\s*:|[ \t]+)", re.M)  # "調達資金の額(払込金額の総額) 1,500百万円"
# Cheap test for a field before running _FIELD: a colon, or a field name's last character before a space.
# Written to start with one character class, which re scans the text for in a tight loop
# (as ":|[額格価)][ \t]" it tried the whole pattern at each of an article's 4,000 offsets).
_FIELD_HINT = re.compile(r"[:額格価)](?:(?<=:)|[ \t])")


def _field_amounts(full: str, amounts: list[Amount]) -> dict[str, Amount]:
    """Deal type -> the amount its disclosure item gives (the item's first deal amount)."""
    out: dict[str, Amount] = {}
    for m in _FIELD.finditer(full):
        line_end = full.find("\n", m.end())
        line_end = len(full) if line_end < 0 else line_end
        a = next((a for a in amounts if m.end() <= a.start < line_end and non_deal_reason(full, a) is None), None)
        if a is not None and m.lastgroup not in out:
            out[m.lastgroup] = a
    return out


def _headline_amount(full: str, title_end: int, merged: list[Deal], mentions: list[CompanyMention],
                     amounts: list[Amount]) -> list[Deal]:
    """'東電、米デルからAIサーバー調達 総額200億円': an amount given only in the headline
    belongs to the article's deal, when the headline names one deal's company and that
    deal has no amount (the body may give only other figures: capex plans, revenue)."""
    heads = [a for a in amounts if a.start < title_end and non_deal_reason(full[:title_end], a) is None]
    if len({(a.value, a.currency) for a in heads}) != 1:
        return merged
    a = heads[0]
    if any(d.amount is not None and (d.amount.value, d.amount.currency) == (a.value, a.currency) for d in merged):
        return merged
    named = {m.name for m in mentions if m.start < title_end}
    about = [i for i, d in enumerate(merged) if len(d.parties) > 1 and named & _names(d)]
    if len(about) != 1 or merged[about[0]].amount is not None:
        return merged
    out = list(merged)
    out[about[0]] = replace(out[about[0]], amount=a)
    return out


_PAID = re.compile(r"一時金|マイルストーン|ロイヤルティ")
# Between a headline's items: a space or a slash, or a comma right after a deal word
# ("…総額7.5億円を調達、東京海上日動と…利用契約を締結"): the grouping below decides whether
# the pieces are one item or two.
_HEADLINE_GAP = re.compile(r"\s+|/|(?<=調達|出資|買収|提携|契約|締結|受注|合意|協業)、")
_HAS_AMOUNT = re.compile(r"\d|[一二三四五六七八九十百千数]+(億|兆|万)")


def _headline_segments(full: str, sentences: list[Sentence], title_end: int,
                       mentions: list[CompanyMention]) -> list[Sentence]:
    """Headlines pack several items, cut by spaces or slashes ("Xと提携 以前には韓国社に出資",
    "AがBに出資/CがDから受注"). A piece with a deal word but no company is another, unnamed
    deal and is dropped; pieces with their own companies are read as separate sentences."""
    out: list[Sentence] = []
    for s in sentences:
        if s.start >= title_end:
            out.append(s)
            continue
        cuts = [s.start] + [s.start + m.end() for m in _HEADLINE_GAP.finditer(s.text)] + [s.end + 1]
        pieces = [(a, b - 1 if b <= s.end else s.end) for a, b in zip(cuts, cuts[1:])]
        pieces = [(a, b) for a, b in pieces if b > a]
        if len(pieces) < 2:
            out.append(s)
            continue
        has_co = [any(a <= m.start < b for m in mentions) for a, b in pieces]
        first_kinds = {k for k, _ in _types(full[pieces[0][0]:pieces[0][1]], headline=True)}
        groups: list[list[tuple[int, int]]] = []
        for (a, b), co in zip(pieces, has_co):
            seg = full[a:b]
            kinds = {k for k, _ in _types(seg, headline=True)}
            if not co and kinds and first_kinds and not kinds & first_kinds and not _HAS_AMOUNT.search(seg):
                groups.append([])  # another deal, of unnamed parties: cut here
                continue
            lead = next((m for m in mentions if a <= m.start < b), None)
            after_lead = full[lead.end:b] if lead is not None else ""
            if co and groups and groups[-1] and kinds and first_kinds and not kinds & first_kinds \
                    and not any(any(x <= m.start < y for m in mentions) for x, y in groups[-1]) \
                    and full[a - 1:a] == "、":
                # "シリーズAで7.5億円を調達、Xと…契約を締結": the issuer's own round, then a deal
                # with a named counterparty
                groups.append([(a, b)])
                continue
            if co and groups and groups[-1] and lead is not None and (re.match(
                    r"(\([^)]{1,20}\))?(が|は|、|とは|とも)", after_lead) or (
                    # "A、Bと提携 Cから…も受注": a second deal word with its own counterparty
                    re.match(r"(\([^)]{1,20}\))?から", after_lead) and kinds and first_kinds)) and any(
                    any(x <= m.start < y for m in mentions) for x, y in groups[-1]):
                # a new subject, or a new counterparty of the same subject: a separate
                # item ("…/TISが…から受注", "A、Bに供給 Cとは合弁")
                groups.append([(a, b)])
                continue
            if not groups:
                groups.append([])
            groups[-1].append((a, b))
        for g in groups:
            if g:
                a, b = g[0][0], g[-1][1]
                out.append(Sentence(full[a:b], a, b))
    return out


_CLAUSE_JOIN = re.compile(r"[しりえてで]、(?:米|英|仏|独|中国|韓国|台湾)?$")


def _split_clauses(full: str, sentences: list[Sentence], mentions: list[CompanyMention],
                   title_end: int) -> list[Sentence]:
    """'マイクロソフトはXに出資し、アマゾンはYに80億ドルを投じた': two reports in one
    sentence, each with its own subject and deal, are read as two sentences."""
    out: list[Sentence] = []
    # only mentions right after "、" can start a clause
    starts = [m for m in mentions if "、" in full[max(0, m.start - 3):m.start]]
    for s in sentences:
        cut = None
        if s.start > title_end:
            for m in starts:
                if s.start < m.start < s.end and _CLAUSE_JOIN.search(full, max(s.start, m.start - 4), m.start) \
                        and (_SUBJECT_AFTER.match(full[m.end:s.end]) or _new_counterparty(full, m, s)) \
                        and _types(full[s.start:m.start]) and _types(full[m.start:s.end]):
                    cut = full.rfind("、", s.start, m.start) + 1
                    break
        if cut is None:
            out.append(s)
        else:
            out.append(Sentence(full[s.start:cut], s.start, cut))
            out.append(Sentence(full[cut:s.end], cut, s.end))
    return out


_EXTENDED = re.compile(r"強化|拡大|深め|広げ|続け|見直|結んでいた|している")


def _new_counterparty(full: str, m: CompanyMention, s: Sentence) -> bool:
    """'…デンソーを買収し、アイシンと提携する': a clause that opens with another company as a
    counterparty (と) and makes a deal of another type is a second report of the same subject."""
    if not re.match(r"(?:\([^)]{1,24}\))?と(?:も)?(?!して|の間|取引)", full[m.end:s.end]) \
            or _EXTENDED.search(full, m.end, s.end):
        return False
    first = {k for k, _ in _types(full[s.start:m.start])}
    second = {k for k, _ in _types(full[m.start:s.end])}
    return bool(first) and bool(second) and not first & second


# A digest's bullet: headline style, the day in trailing parentheses ("…で業務提携(3日)").
# "■ A、Bを買収(20日)": digests also mark items with ■, but press releases head their
# sections with it ("■資本業務提携の経緯"): a ■ line is an item only with its day.
_BULLETS = ("・", "●", "◆", "▼")  # a digest item starts with one
_BULLET_MARK = re.compile(r"[・●◆▼■]\s*")  # ■ included: an item only when its line ends with the day
_BULLET_LINE = re.compile(r"^[・●◆▼■].*\((?:\d{1,2}月)?\d{1,2}日\)。?$", re.M)
_BULLET_HEAD = re.compile(r"^[・●◆▼■][^\n]*\n[^\n]*\((?:\d{1,2}月)?\d{1,2}日\)。?$", re.M)
_BULLET_DAY = re.compile(r"\((?:[0-9]{1,2}月)?[0-9]{1,2}日\)。?$")  # "…を結んだ(24日)。" too


def _bullet_dates(full: str, sentences: list[Sentence], dates: list[DateMention]) -> dict[int, str]:
    """Sentence index -> the day a digest bullet gives in parentheses at the end of its line,
    or at the end of the paragraph under a bullet heading ("■楽天、…に出資\n楽天は…出資した。(6日)")."""
    out: dict[int, str] = {}
    # The line's day closes it: without one, no search (a regex search of the whole
    # article for a line start costs twenty times the two string searches).
    if not ("日)\n" in full or "日)。\n" in full or full.endswith(("日)", "日)。"))) or not (
            _BULLET_LINE.search(full) or _BULLET_HEAD.search(full)):
        return out
    days: dict[int, str] = {}  # line start -> its item's day
    heading = -1  # start of the bullet line just before, when it gave no day
    start = 0
    for line in full.split("\n"):
        end = start + len(line)
        m = _BULLET_DAY.search(full, start, end)
        day = next((d.value for d in dates if d.start >= m.start() and d.end <= m.end()), None) if m else None
        bullet = _BULLET_MARK.match(full, start) is not None
        if day is not None and (bullet or heading >= 0):
            days[start] = day  # (not the heading's: an agreement day in the paragraph comes first)
        heading = start if bullet and day is None else -1
        start = end + 1
    for idx, s in enumerate(sentences):
        day = days.get(full.rfind("\n", 0, s.start) + 1)
        if day is not None:
            out[idx] = day
    return out


_INTERVIEW = re.compile(r"^(?:――|—|Q[.:])", re.M)


def _answers(sentences: list[Sentence]) -> tuple[list[Sentence], set[int]]:
    """An interview's answers are whole quoted paragraphs ("「…。…」"), kept as one
    sentence by the splitter and blanked as quotes. Here they are the speaker's own
    words: split into sentences without the brackets, and marked as speech."""
    out: list[Sentence] = []
    speech: set[int] = set()
    for s in sentences:
        if len(s.text) > 2 and s.text[0] == "「" and s.text[-1] == "」" and "」" not in s.text[1:-1]:
            for part in split_sentences(s.text[1:-1]):
                speech.add(len(out))
                out.append(Sentence(part.text, s.start + 1 + part.start, s.start + 1 + part.end))
        else:
            out.append(s)
    return out, speech


class _Within:
    """Mentions starting in [a, b), in their given order: bisected when they are
    sorted by start (as find_companies returns them), else a scan. An article has
    a hundred sentences and a hundred mentions; scanning all for each added up."""

    def __init__(self, mentions: list[CompanyMention]) -> None:
        self.mentions = mentions
        self.starts = [m.start for m in mentions]
        self.sorted = all(a <= b for a, b in zip(self.starts, self.starts[1:]))

    def __call__(self, a: int, b: int) -> list[CompanyMention]:
        if not self.sorted:
            return [m for m in self.mentions if a <= m.start < b]
        return self.mentions[bisect_left(self.starts, a):bisect_left(self.starts, b)]


_LATIN_NAME = re.compile(r"[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ0-9.&'-]*(?: [A-Za-zÀ-ÿ0-9][A-Za-zÀ-ÿ0-9.&'-]*)+")


def _latin_short_names(mentions: list[CompanyMention]) -> list[CompanyMention]:
    """'Nordvale Robotics … Nordvaleは': an unknown Latin name that is the first word of one
    other unknown Latin name in the article is that company's short name (headlines and
    second mentions drop the Robotics/Digital/Labs word)."""
    names = {m.name for m in mentions if not m.known}
    if len(names) < 2:
        return mentions
    longer: dict[str, list[str]] = {}
    for n in names:
        if " " in n and _LATIN_NAME.fullmatch(n):
            head = n.split(" ", 1)[0]
            if head in names:
                longer.setdefault(head, []).append(n)
    alias = {h: ns[0] for h, ns in longer.items() if len(ns) == 1}
    if not alias:
        return mentions
    return [replace(m, name=alias[m.name]) if not m.known and m.name in alias else m for m in mentions]


# The company itself, not a source, discloses what a scoop reported: "18日の定例会見で社長が明らかにした".
_DISCLOSED = re.compile(r"^(?!.*(関係者|関係筋|報じ|報道|伝え|事実|コメント|協議|交渉|検討)).*(?:(社長|会長|幹部|役員|CEO|最高経営責任者|担当者|広報|同社)"
                        r"(?:が|は)[^。を]{0,30}?|会見で[^。を]{0,30}?)(明らかにした|公表した|発表した)")  # nothing else disclosed
# The contracts of a takeover or a stake: never a sale of their own.
_STEP_CONTRACT = re.compile(r"最終契約|株式譲渡契約|株式売買契約|株式引受契約|投資契約|合併契約|統合契約")
# A headline's day of the event: "…を買収　5月31日発表", "…に出資　2日に契約".
_HEADLINE_EVENT = re.compile(r"(?:に|付で?)?(?:発表|契約|締結|合意|調印)(?:\s|$)")
# A report that dates the agreement itself: "資本業務提携することで先月中旬に基本合意したと…報じた".
# After the date: the agreement itself ("先月中旬に基本合意した"), or the clause the date opens,
# ending in the agreement with no report or announcement in between ("先月、米Xと買収で合意した");
# an agreement someone reported ("…と合意したと報じた") gives the report's date, not the deal's.
_AGREED_AT = re.compile(r"(?:(?:に|には)?(?:基本|最終|大筋で?)?合意(?:した|していた|に達した)|(?:に|には)[^、。]{0,16}?契約を(?:結んだ|締結した|交わした)"
                        r"|、(?:(?!報じ|伝え|発表|明らか|によると|関係者|取材)[^。「」]){1,40}?(?:で|と)(?:基本|最終|大筋で?)?合意(?:した|していた|に達した)"
                        r"(?![^。]{0,24}?(?:報じ|伝え|発表|明らか|みられ|観測|もよう|とされ)))"
                        r"(?!事実|こと(?:は|も)な|とは(?:言え|いえ))")


def _names_in_segment(full: str, at: int, title_end: int, mentions: list[CompanyMention]) -> bool:
    """Whether the headline's segment around `at` (between spaces) names a company: "大成運輸とは2日に契約"
    is another deal's day."""
    lo = max(full.rfind(" ", 0, at), full.rfind("　", 0, at)) + 1
    hi = min((i for i in (full.find(" ", at), full.find("　", at)) if i >= 0), default=title_end)
    return any(lo <= m.start < min(hi, title_end) for m in mentions)


def _agreed_on(full: str, dates: list[DateMention], value: str | None) -> bool:
    return value is not None and any(d.value == value and _AGREED_AT.match(full, d.end) for d in dates)


# Before a headline's subject: nothing, a tag (【2025年回顧】) or a line of business (コード生成AIの).
_TOPIC_HEAD = re.compile(r"(?:【[^】\n]{1,12}】)?\s*(?:[^、。\s]{1,16}の)?")


def _article_topic(full: str, sentences: list[Sentence], mentions: list[CompanyMention],
                   title_end: int) -> CompanyMention | None:
    """The company both the headline and the lead begin with as their subject, in a feature
    (no day in the lead: a dated report has its own subjects sentence by sentence)."""
    if title_end <= 0 or not mentions or not _TOPIC_HEAD.fullmatch(full, 0, mentions[0].start):
        return None
    head = mentions[0]
    if not full.startswith(("、", " ", "　"), head.end):
        return None
    lead = next((s for s in sentences if s.start > title_end), None)
    if lead is None:
        return None
    first = next((m for m in mentions if lead.start <= m.start < lead.end), None)
    if first is None or first.name != head.name or _DATED.match(lead.text[first.end - lead.start:]):
        return None
    if not re.match(r"(?:\([^)]{1,40}\))?(?:は|が)、?", full[first.end:]):
        return None
    return first


def find_deals(text: str, published: date | None, mentions: list[CompanyMention] | None = None,
               title: str | None = None) -> list[Deal]:
    """Deals in a normalised text (its headline first, if given)."""
    full = f"{title}\n{text}" if title else text
    if mentions is None:
        mentions = find_companies(full)
    mentions = _latin_short_names(mentions)
    sentences = split_sentences(full)
    if title:
        sentences = _headline_segments(full, sentences, len(title), mentions)
    amounts = find_amounts(full)
    # A deal is agreed or announced by the time it is reported: later dates are
    # completions, effective dates and plans ("来年4月に…統合する").
    dates = [d for d in find_dates(full, published) if not _after(d.value, published)]
    title_end = len(title) if title else -1
    st = _State(published=published.isoformat() if published else None)
    speech: set[int] = set()
    if mentions and any(c in text for c in "―—Q") and _INTERVIEW.search(text):  # what it starts with, first
        sentences, speech = _answers(sentences)
        st.speaker = mentions[0]  # the company the headline and lead introduce
    sentences = _split_clauses(full, sentences, mentions, title_end)
    bullet_days = _bullet_dates(full, sentences, dates)
    within = _Within(mentions)
    st.article_topic = _article_topic(full, sentences, mentions, title_end)
    for idx, s in enumerate(sentences):
        in_sentence = within(s.start, s.end)
        headline = s.start < title_end
        st.speech = idx in speech
        if speech and _INTERVIEW.match(s.text):
            # "――トヨタ自動車との関係は。": the answers' counterparty (not "ライバルのデンソーが…")
            st.asked = [m for m in in_sentence if full.startswith(("との", "とは", "とも"), m.end)]
        st.disclosed = "ことが分かった" in s.text and idx + 1 < len(sentences) \
            and _DISCLOSED.search(sentences[idx + 1].text) is not None  # only a scoop asks
        if idx > 0:
            st.recent.extend(within(sentences[idx - 1].start, sentences[idx - 1].end))
        if not headline and st.topic is None and idx <= 4 and len(in_sentence) == 1 \
                and s.text.strip() == in_sentence[0].surface:
            st.topic = in_sentence[0]  # a release's issuer on a line of its own: its 当社
            continue
        if not headline and _round_investors(s, in_sentence, st, idx, amounts):
            continue
        new = _sentence_deals(s, idx, in_sentence, amounts, dates, st, headline, idx in bullet_days)
        if not headline and _ANNOUNCEMENT.search(s.text):
            d = _date_in(dates, s, len(s.text))
            if d is None and idx and sentences[idx - 1].end == s.start and sentences[idx - 1].text.endswith("、"):
                # a clause split off its sentence ("トヨタは20日、デンソーを買収し、/アイシンと提携
                # すると発表した"): the announcement's day is in the clause before
                d = _date_in(dates, sentences[idx - 1], len(sentences[idx - 1].text))
            if d:
                st.event_date = (d, idx)
                if _TOGETHER.search(s.text):
                    # "また、本日、…契約を締結いたしましたので、あわせてお知らせいたします": the
                    # release announces the deals before it on the same day
                    st.found = [replace(f, deal=replace(f.deal, date=d)) if f.deal.date is None and f.sentence < idx
                                and not _PAST.search(sentences[f.sentence].text)
                                and not _ONGOING.search(sentences[f.sentence].text) else f for f in st.found]
        if not new and not headline:
            new = _listed_counterparties(s, idx, in_sentence, amounts, st)
        if not new:
            if not _value_sentence(s, in_sentence, amounts, st, idx):
                _same_deal_amount(s, amounts, st, idx)
            if not headline and "日" in s.text and _LATE_DATE.search(s.text):  # its matches hold 日
                _late_date(s, idx, dates, st)
            if not headline:
                _agreement_date(s, idx, dates, st, in_sentence)
            continue
        if st.called_off is not None and idx - st.called_off[0] <= 2 and not _NEW_STEP.search(s.text):
            new = [f for f in new if not _names(f.deal) <= st.called_off[1]]
        for f in new:
            if idx in bullet_days and (f.deal.date is None or _BULLET_DAY.search(s.text)):
                f = replace(f, deal=replace(f.deal, date=bullet_days[idx]))
            elif not headline and f.deal.date is None and st.event_date and not _PAST.search(s.text):
                # No date of its own: the day of the announcement the article reports.
                f = replace(f, deal=replace(f.deal, date=st.event_date[0]))
            elif not headline and f.deal.date is None and idx + 1 < len(sentences) and not _PAST.search(s.text):
                after = sentences[idx + 1]  # "…に採用された。ヨリソウが29日発表した。"
                if _ANNOUNCEMENT.search(after.text) and not _types(after.text):
                    f = replace(f, deal=replace(f.deal, date=_date_in(dates, after, len(after.text))))
            prev = next((p for p in reversed(st.found) if _continues(p, f, idx, st.published)), None)
            if prev is not None:
                i = st.found.index(prev)
                if prev.deal.type != f.deal.type and _jv_capital(prev.deal, f.deal):
                    f = replace(f, deal=replace(f.deal, amount=None))  # contributions: the venture's capital
                    # "日立が40%、住友商事と関電がそれぞれ30%を出資": every partner's contribution
                    # in the sentence folds into the venture, so it keeps its own sentence
                    st.found[i] = replace(_fill(prev, f.deal, idx), sentence=prev.sentence)
                    continue
                st.found[i] = _fill(prev, f.deal, idx)
                signed = _signing_date(s, dates, prev.deal, in_sentence, st.published) if f.deal.date else None
                if signed is not None and signed == f.deal.date and prev.deal.date and signed < prev.deal.date:
                    # "19日、…と提携したと発表した。両社は昨年12月に提携契約を結んでおり": the signing counts
                    st.found[i] = replace(st.found[i], deal=replace(st.found[i].deal, date=signed))
            else:
                st.found.append(f)
    headline_date = next((d.value for d in dates if d.end <= title_end and len(d.value) == 10
                          and _HEADLINE_EVENT.match(full, d.end) and (st.published is None or d.value <= st.published)
                          and not _names_in_segment(full, d.start, title_end, mentions)), None)
    lead_date = next((_date_in(dates, s, len(s.text)) for s in sentences
                      if s.start > title_end and _ANNOUNCEMENT.search(s.text) and _date_in(dates, s, len(s.text))), None)
    merged = _merge([f.deal for f in st.found], st.published)
    if title:
        merged = _headline_group_names(merged, title)
    bigger = {frozenset(_names(d)) for d in merged if d.type in ("acquisition", "investment")}
    capital = {(frozenset(_names(d)), (d.date or "")[:4]) for d in merged
               if d.type == "investment" and _CAPITAL_ALLIANCE.search(d.evidence)}
    paid = {frozenset(_names(d)) for d in merged if d.type == "contract" and _PAID.search(d.evidence)}
    fields = _field_amounts(full, amounts) if _FIELD_HINT.search(full) else {}
    for kind, a in fields.items():
        same = [i for i, d in enumerate(merged) if d.type == kind and len(d.parties) > 1]
        if len(same) > 1:  # the release's own deal is its latest: "2022年に…から受注しており" is background
            # (a contract without a date of its own is the release's: "当社は…締結いたしました")
            latest = max((merged[i].date or "~" for i in same), key=lambda v: (v[:4], v))
            same = [i for i in same if (merged[i].date or "~") == latest]
        if len(same) == 1 and merged[same[0]].amount is None:
            merged[same[0]] = replace(merged[same[0]], amount=a)  # the release's one deal of that kind
    if title:
        merged = _headline_amount(full, len(title), merged, mentions, amounts)
    deals = []
    for d in merged:
        if len(d.parties) < 2:
            continue  # a deal needs two named companies ("シリーズBで30億円を調達", investors unnamed)
        if d.type == "partnership" and frozenset(_names(d)) in paid:
            continue  # "共同研究契約…契約一時金として10億円を支払い": a paid research contract
        if d.type == "partnership" and frozenset(_names(d)) in bigger and re.search(r"基本合意|覚書|MOU", d.evidence) \
                and not re.search(r"提携|協業|連携|共同", d.evidence):
            continue  # "両社は昨年10月に基本合意しており": the takeover's first step, not another deal
        if d.type == "contract" and frozenset(_names(d)) in bigger and _STEP_CONTRACT.search(d.evidence):
            continue  # "来年3月をめどに最終契約を結び": a step of the takeover or stake, not a sale
        if d.type == "partnership" and (frozenset(_names(d)), (d.date or "")[:4]) in capital:
            continue  # "AはBと資本業務提携した。両社は…を共同で開発する": the alliance's content, one investment
        if d.status != "announced" and not (d.status == "rumor" and _agreed_on(full, dates, d.date)) \
                or d.date and len(d.date) == 4 and f"{d.date}年以降" in d.evidence:
            # a report's date is not the deal's, unless the report dates the agreement itself
            # ("先月中旬に基本合意したと…報じた"); nor is a span's start ("2019年以降、段階的に
            # 出資しており"), though it keeps that earlier deal apart from the new one (`_other_year`)
            d = replace(d, date=None)
        elif d.date is None and title and d.evidence == sentences[0].text.strip() and (headline_date or lead_date):
            # the headline's deal is the day the headline gives ("…を買収　5月31日発表"), else
            # the lead sentence's event
            d = replace(d, date=headline_date or lead_date)
        deals.append(d)
    return deals
