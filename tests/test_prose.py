"""What counts as a paragraph of prose, in every script: a paragraph ends in its script's sentence
mark ("." "।" "۔" "؟" "։" "።" "။" "។" "。"), and in Thai, Lao and Khmer, which need none, a long
line of several long phrases is prose without one. Menus, headlines and lists of headlines in
those scripts are not prose, so the rules that act only beside a body of prose (CHR002, REL006,
REL004) leave a page of them alone and take the menu after a real article."""

import pytest

from lintnews.api import Linter, Options
from lintnews.config import Config
from lintnews.prose import ends_sentence, is_prose, is_rights_notice
from lintnews.readers import formats

TH = [
    "กรุงเทพมหานครประกาศมาตรการจราจรใหม่เมื่อวันจันทร์ที่ผ่านมา โดยจะเริ่มบังคับใช้ตั้งแต่ต้นเดือนหน้าเป็นต้นไป"
    " ผู้ขับขี่รถยนต์ในเขตชั้นในต้องปฏิบัติตามกฎใหม่อย่างเคร่งครัด หากฝ่าฝืนจะถูกปรับสูงสุดห้าพันบาท",
    "ผู้ว่าราชการกรุงเทพมหานครกล่าวว่า มาตรการนี้มีเป้าหมายเพื่อลดปัญหาการจราจรติดขัดในช่วงเวลาเร่งด่วน"
    " และช่วยลดมลพิษทางอากาศที่เพิ่มสูงขึ้นในช่วงฤดูหนาว ซึ่งเป็นปัญหาที่ประชาชนร้องเรียนมาอย่างต่อเนื่อง",
    "ด้านสมาคมผู้ประกอบการขนส่งแสดงความกังวลว่า กฎใหม่อาจทำให้ต้นทุนการขนส่งสินค้าเพิ่มขึ้น"
    " และเรียกร้องให้ภาครัฐเปิดรับฟังความคิดเห็นจากผู้ที่ได้รับผลกระทบก่อนเริ่มบังคับใช้จริง",
]
TH_MENU = ["หน้าแรก", "ข่าว", "การเมือง", "เศรษฐกิจ", "กีฬา", "บันเทิง"]
# A long Thai headline: three phrases of 20 characters or more, 120 characters in all.
TH_HEADLINE = ("นายกรัฐมนตรีลงพื้นที่ตรวจสถานการณ์น้ำท่วมจังหวัดเชียงใหม่ สั่งการหน่วยงานเร่งช่วยเหลือผู้ประสบภัย"
               " พร้อมเยียวยาทุกครัวเรือน")
TH_HEADLINES = ["ตำรวจจับกุมแก๊งค้ายาเสพติดรายใหญ่ในภาคเหนือ", "ราคาน้ำมันปรับขึ้นอีกครั้งตั้งแต่พรุ่งนี้",
                "ทีมชาติไทยเตรียมลงสนามนัดสำคัญที่กรุงเทพฯ", "กรมอุตุฯ เตือนพายุฝนถล่มหลายจังหวัด"]
HI = [
    "सरकार ने सोमवार को नए यातायात नियमों की घोषणा की, जो अगले महीने से लागू होंगे। अधिकारियों ने कहा कि इन"
    " नियमों का उद्देश्य शहर में भीड़भाड़ और वायु प्रदूषण को कम करना है।",
    "विपक्षी दलों ने इन नियमों की आलोचना करते हुए कहा कि सरकार ने आम लोगों से कोई सलाह नहीं ली और छोटे"
    " व्यापारियों पर इसका बुरा असर पड़ेगा।",
    "परिवहन मंत्री ने कहा कि नियमों को लागू करने से पहले एक महीने तक लोगों को जागरूक किया जाएगा और किसी पर"
    " जुर्माना नहीं लगाया जाएगा।",
]
HI_MENU = ["होम", "देश", "विदेश", "खेल", "मनोरंजन", "व्यापार"]
AM = ("የከተማው ምክር ቤት ሰኞ ዕለት አዲስ የትራፊክ ደንብ አጽድቋል። ደንቡ ከሚቀጥለው ወር ጀምሮ ተግባራዊ የሚሆን ሲሆን"
      " አሽከርካሪዎች በከተማው መሃል ፍጥነታቸውን መቀነስ ይኖርባቸዋል። ባለሥልጣናቱ እንደገለጹት ዓላማው የትራፊክ አደጋዎችን እና"
      " የአየር ብክለትን መቀነስ ነው።")
MY = ("ရန်ကုန်မြို့တော်စည်ပင်သာယာရေးကော်မတီက တနင်္လာနေ့တွင် ယာဉ်စည်းကမ်းအသစ်များကို ကြေညာခဲ့ပြီး"
      " လာမည့်လမှစတင်၍ အကောင်အထည်ဖော်မည်ဖြစ်သည်။ မြို့လယ်တွင် ယာဉ်ကြောပိတ်ဆို့မှုနှင့် လေထုညစ်ညမ်းမှုကို"
      " လျှော့ချရန် ရည်ရွယ်ကြောင်း တာဝန်ရှိသူများက ပြောကြားခဲ့သည်။")
KM = ("រដ្ឋាភិបាលបានប្រកាសវិធានចរាចរណ៍ថ្មីកាលពីថ្ងៃច័ន្ទ ហើយវិធាននេះនឹងចូលជាធរមានចាប់ពីខែក្រោយ។"
      " អាជ្ញាធរបាននិយាយថា គោលបំណងគឺកាត់បន្ថយការកកស្ទះចរាចរណ៍ និងការបំពុលខ្យល់នៅក្នុងទីក្រុង។")
HY = ("Քաղաքապետարանը երկուշաբթի օրը հայտարարեց երթևեկության նոր կանոնների մասին, որոնք ուժի մեջ կմտնեն"
      " հաջորդ ամսից։ Պաշտոնյաների խոսքով՝ նպատակը քաղաքի կենտրոնում խցանումները և օդի աղտոտվածությունը"
      " նվազեցնելն է։")
UR = ("حکومت نے پیر کے روز نئے ٹریفک قوانین کا اعلان کیا جو اگلے مہینے سے نافذ ہوں گے۔ حکام کا کہنا ہے کہ"
      " ان قوانین کا مقصد شہر میں ٹریفک جام اور فضائی آلودگی کو کم کرنا ہے۔")
FA = ("دولت روز دوشنبه قوانین جدید راهنمایی و رانندگی را اعلام کرد که از ماه آینده اجرا می‌شود. مقامات گفتند"
      " هدف این قوانین کاهش ترافیک و آلودگی هوا در مرکز شهر است؟")
AR = ("أعلنت الحكومة يوم الاثنين عن قواعد مرور جديدة ستدخل حيز التنفيذ اعتبارا من الشهر المقبل، وقال المسؤولون"
      " إن الهدف منها هو تخفيف الازدحام وتلوث الهواء في وسط المدينة، فهل تنجح هذه الخطة؟")
BN = ("সরকার সোমবার নতুন ট্রাফিক নিয়ম ঘোষণা করেছে, যা আগামী মাস থেকে কার্যকর হবে। কর্মকর্তারা বলেছেন যে"
      " এই নিয়মের উদ্দেশ্য শহরের কেন্দ্রে যানজট এবং বায়ু দূষণ কমানো।")
ZH = ("北京市政府周一发布了新的交通规定。这项规定将从下个月开始实施，市民可以在网上查询详情，"
      "有关部门表示将加强对违规行为的处罚力度！")


@pytest.mark.parametrize("text", [
    *TH,  # Thai: no closing mark, several long phrases
    KM[:-1],  # Khmer without its closing "។"
    *HI,  # Hindi: the danda
    AM,  # Amharic: "።"
    MY,  # Burmese: "။"
    KM,  # Khmer: "។"
    HY,  # Armenian: "։"
    UR,  # Urdu: "۔"
    FA,  # Persian: a full stop, then "؟"
    AR,  # Arabic: "؟"
    BN,  # Bengali: the danda
    ZH,  # Chinese: "！"
    ZH[:-1] + "．",  # a full-width full stop
])
def test_paragraphs_of_every_script_are_prose(text):
    assert is_prose(text)


@pytest.mark.parametrize("text", [
    *TH_MENU,
    " ".join(TH_MENU * 3),  # a menu on one line: many short labels
    "\n".join(TH_MENU),
    TH_HEADLINE,  # long, but not long enough
    "กทม. ประกาศกฎจราจรใหม่ เริ่มใช้เดือนหน้า ฝ่าฝืนปรับสูงสุด 5,000 บาท",
    "\n".join(TH_HEADLINES),  # a list of headlines in one block: each line is a headline
    TH[0].replace(" ", ""),  # one run of 190 characters: no phrases, a title or a caption run together
    # A long line mostly in Latin letters with a Thai name in it.
    "The council met in Bangkok on Monday with ผู้ว่าราชการกรุงเทพมหานคร and the transport association to talk"
    " about the new rules for drivers in the city centre",
    # The punctuated scripts need their mark: without it a paragraph is a headline or a caption.
    HI[0][:-1], AM[:-1], MY[:-1], HY[:-1], UR[:-1],
])
def test_menus_headlines_and_unfinished_paragraphs_are_not_prose(text):
    assert not is_prose(text)


@pytest.mark.parametrize("text, ends", [
    ("Es regnet.", True), ("यह सच है।", True), ("ይህ እውነት ነው።", True), ("ဒါမှန်တယ်။", True),
    ("នេះជាការពិត។", True), ("Սա ճիշտ է։", True), ("یہ سچ ہے۔", True), ("هل هذا صحيح؟", True),
    ("这是真的。", True), ("本当ですか？", True), ("བདེན་པ་རེད།", True),
    ("ข่าวที่เกี่ยวข้อง", False), ("မြန်မာ၊", False), ("Home", False), ("", False),
])
def test_sentence_marks_of_each_script(text, ends):
    assert ends_sentence(text) is ends


@pytest.mark.parametrize("text, notice", [
    ("© 2019 Example Media. All rights reserved. The material on this site may not be reproduced.", True),
    ("Copyright © Example Media Ltd. Reproduction of news articles, photos or videos is prohibited.", True),
    ("Copyright 2019 Example Media. Reproduction in whole or in part is prohibited without permission.", True),
    ("This site © 2018 Example Network. All Rights Reserved. No part of it may be reproduced.", True),
    ("Texto e imagens © 2019 Editora Exemplo. Todos os direitos reservados.", True),
    ("Все материалы © 2019 «Пример». Все права защищены.", True),
    ("本サイト © 2019 Example 無断転載を禁じます。", True),
    # An article about copyright law: it opens otherwise and quotes the notices it names.
    ("Copyright law protects a work from the day it is written, the professor said.", False),
    ('A line such as "© 2019 Example Media. All rights reserved." adds nothing to it, she said.', False),
    ('The words "All rights reserved" printed under a book no longer matter, the court said.', False),
    ("(With inputs from agencies)", False),
    ("(c) 2019 Example Media. All rights reserved.", True),
    # The circled c matches its capital, as the case-blind regex lets it.
    ("Fotos Ⓒ 2019 Beispiel Verlag. Alle Rechte vorbehalten.", True),
    ("Fotos ⓒ 2019 Beispiel Verlag. Alle Rechte vorbehalten.", True),
    # A law's clauses are listed (a), (b), (c): a quoted clause is the article's.
    ("(c) The agency must publish its accounts within ninety days of the end of each financial year.", False),
])
def test_copyright_notices_are_told_from_paragraphs_about_copyright(text, notice):
    assert is_rights_notice(text) is notice


def _fix(text, codes):
    linter = Linter(Options(select=codes, fix=True))
    return linter.lint_text(text, "article.txt", Config(), formats()["text"]).new


def _page(*blocks):
    return "\n\n".join(blocks) + "\n"


# Safe fixes only: a run is removed safely only beside a body of three paragraphs of prose.
@pytest.mark.parametrize("text, fixed", [
    # A Thai article and its menu: the menu goes.
    (_page(*TH, *TH_MENU), _page(*TH)),
    (_page(*TH_MENU, *TH), _page(*TH)),
    # A Hindi article whose paragraphs end in "।", and its menu.
    (_page(*HI, *HI_MENU), _page(*HI)),
    # Amharic, Burmese and Khmer paragraphs end in their own marks.
    (_page(AM, MY, KM, *TH_MENU), _page(AM, MY, KM)),
    # A Thai headline and two paragraphs are no body: the menu stays (CHR002's fix is unsafe there).
    (_page(TH_HEADLINE, *TH_MENU, *TH[:2]), _page(TH_HEADLINE, *TH_MENU, *TH[:2])),
    # A page of Thai headlines and menus has no article to keep apart from them.
    (_page(TH_HEADLINE, *TH_MENU, *TH_HEADLINES), _page(TH_HEADLINE, *TH_MENU, *TH_HEADLINES)),
])
def test_menu_runs_beside_a_body_of_prose_in_any_script(text, fixed):
    assert _fix(text, ["CHR002"]) == fixed


def test_a_related_list_after_thai_paragraphs_is_removed():
    text = _page(*TH, "ข่าวที่เกี่ยวข้อง", *TH_HEADLINES)
    assert _fix(text, ["REL004"]) == _page(*TH)


@pytest.mark.parametrize("text, several", [
    ("北京地铁新线路开通。客流量增加", True),
    ("सरकार ने नियमों की घोषणा की। अधिकारियों ने कहा", True),
    ("حکومت نے اعلان کیا۔ حکام نے کہا", True),
    ("ደንቡ ጸድቋል። ባለሥልጣናቱ ተናገሩ", True),
    ("北京地铁新线路开通。", False),  # one sentence, closed
    ("सरकार ने नियमों की घोषणा की।", False),
    ("Dr. Smith visits the U.S. capital", False),  # "." abbreviates: not counted here
])
def test_a_full_stop_inside_a_line_makes_two_sentences(text, several):
    from lintnews.prose import several_sentences

    assert several_sentences(text) is several


def test_paragraphs_above_and_body_below_are_counted_as_plain_sums_count_them():
    import random

    from lintnews.prose import before_body, prose_above

    rng = random.Random(3)
    for _ in range(5000):
        prose = [rng.random() < 0.4 for _ in range(rng.randint(1, 10))]
        index, least = rng.randint(0, len(prose) - 1), rng.randint(0, 4)
        above = sum(prose[:index])
        assert prose_above(prose, index, least) is (above >= least)
        assert before_body(prose, index, least) is (sum(prose[index + 1:]) >= least and (
            above == 0 or above == 1 and not (index and prose[index - 1])))


def test_prose_told_by_its_first_25_words_is_prose_by_word_count():
    import random

    from lintnews.prose import _PROSE_END, _unpunctuated_prose, word_count

    rng = random.Random(5)
    pieces = ["word", "mot.", "日本語の文章です", "ข่าว", "a\nb", "  ", "。", "—", "x"]
    for _ in range(3000):
        text = " ".join(rng.choice(pieces) for _ in range(rng.randint(0, 40))) + rng.choice(["", ".", "。", "!"])
        plain = text.strip()
        expected = ("\n" not in plain and _unpunctuated_prose(plain)) or (
            plain[-1:] in _PROSE_END and word_count(plain) >= 25)
        assert is_prose(text) is bool(expected), text
