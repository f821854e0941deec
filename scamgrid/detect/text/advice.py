"""Advice to the person who received a message, in their language (data, nothing else).

Hotlines: Thailand's anti-online-scam hotline is 1441 and its Department of Employment's 1694;
China's anti-fraud hotline is 96110. Lao and Khmer texts are not written yet: those readers get
English rather than a machine-made translation.
"""

from __future__ import annotations

from scamgrid.model.vocabulary import TextLabel

FALLBACK = "en"

ADVICE: dict[str, dict[TextLabel, str]] = {
    "en": {
        TextLabel.SCAM: "This looks like a scam. Do not transfer money, share codes or click "
        "links. Report it to the police (Thailand: call 1441; China: call 96110).",
        TextLabel.FAKE_JOB: "This looks like a fake job offer. High pay with free flights and "
        "housing abroad is a common trap into scam compounds. Do not travel; check the employer "
        "with your labour ministry (Thailand: call 1694).",
        TextLabel.SPAM: "This looks like unwanted advertising. You can ignore or block it.",
        TextLabel.LEGITIMATE: "No sign of a scam was found. Still, never send money or codes "
        "to someone you have not verified.",
    },
    "zh": {
        TextLabel.SCAM: "这很可能是诈骗。请勿转账、勿透露验证码、勿点击链接。"
        "如有疑问请拨打反诈专线96110或报警。",
        TextLabel.FAKE_JOB: "这很可能是虚假招聘。以高薪、包机票包食宿为诱饵的境外工作，"
        "常把人骗入诈骗园区。请勿出境，如有疑问请拨打96110。",
        TextLabel.SPAM: "这像是垃圾广告短信，可忽略或拉黑。",
        TextLabel.LEGITIMATE: "未发现诈骗迹象。但请勿向未经核实的人转账或提供验证码。",
    },
    "th": {
        TextLabel.SCAM: "ข้อความนี้น่าจะเป็นมิจฉาชีพ อย่าโอนเงิน อย่าบอกรหัส OTP และอย่ากดลิงก์ "
        "หากสงสัยโทรสายด่วน 1441",
        TextLabel.FAKE_JOB: "ข้อความนี้น่าจะเป็นการหลอกลวงให้ไปทำงาน งานต่างประเทศที่ให้เงินเดือนสูง "
        "ฟรีตั๋วเครื่องบินและที่พัก มักเป็นกับดักพาไปแก๊งคอลเซ็นเตอร์ อย่าเดินทาง "
        "ตรวจสอบกับกรมการจัดหางาน โทร 1694",
        TextLabel.SPAM: "ข้อความนี้น่าจะเป็นโฆษณาที่ไม่ต้องการ ลบหรือบล็อกได้",
        TextLabel.LEGITIMATE: "ไม่พบสัญญาณของมิจฉาชีพ แต่อย่าโอนเงินหรือให้รหัสกับคนที่ยังไม่ได้ตรวจสอบ",
    },
    "my": {
        TextLabel.SCAM: "ဤစာသည် လိမ်လည်မှု ဖြစ်နိုင်သည်။ ငွေမလွှဲပါနှင့်၊ ကုဒ်နံပါတ် မပေးပါနှင့်၊ "
        "လင့်ခ်များကို မနှိပ်ပါနှင့်။ ရဲထံ တိုင်ကြားပါ။",
        TextLabel.FAKE_JOB: "ဤစာသည် အလုပ်အကိုင် လိမ်လည်မှု ဖြစ်နိုင်သည်။ လစာများပြီး လေယာဉ်လက်မှတ်နှင့် "
        "နေစရာ အခမဲ့ပေးသော နိုင်ငံခြားအလုပ်များသည် လိမ်လည်ရေးစခန်းများသို့ ခေါ်ဆောင်သည့် "
        "ထောင်ချောက် ဖြစ်တတ်သည်။ မသွားပါနှင့်။",
        TextLabel.SPAM: "ဤစာသည် မလိုလားအပ်သော ကြော်ငြာ ဖြစ်နိုင်သည်။ လျစ်လျူရှု သို့မဟုတ် ပိတ်ပင်နိုင်သည်။",
        TextLabel.LEGITIMATE: "လိမ်လည်မှု လက္ခဏာ မတွေ့ပါ။ သို့သော် မသိသူထံ ငွေ သို့မဟုတ် ကုဒ် မပေးပါနှင့်။",
    },
    "id": {
        TextLabel.SCAM: "Pesan ini kemungkinan penipuan. Jangan transfer uang, jangan berikan "
        "kode OTP, dan jangan klik tautan. Laporkan ke polisi.",
        TextLabel.FAKE_JOB: "Ini kemungkinan lowongan kerja palsu. Gaji tinggi dengan tiket "
        "pesawat dan tempat tinggal gratis di luar negeri sering menjadi jebakan. "
        "Jangan berangkat.",
        TextLabel.SPAM: "Ini kemungkinan iklan yang tidak diinginkan. Abaikan atau blokir.",
        TextLabel.LEGITIMATE: "Tidak ditemukan tanda penipuan. Tetap jangan kirim uang atau "
        "kode kepada orang yang belum Anda verifikasi.",
    },
    "vi": {
        TextLabel.SCAM: "Tin nhắn này có thể là lừa đảo. Không chuyển tiền, không cung cấp mã "
        "OTP, không bấm vào đường link. Hãy báo cho công an.",
        TextLabel.FAKE_JOB: "Đây có thể là tin tuyển dụng giả. Việc làm ở nước ngoài lương cao, "
        "miễn phí vé máy bay và chỗ ở thường là bẫy. Đừng đi.",
        TextLabel.SPAM: "Đây có thể là quảng cáo không mong muốn. Hãy bỏ qua hoặc chặn.",
        TextLabel.LEGITIMATE: "Không thấy dấu hiệu lừa đảo. Tuy vậy, đừng gửi tiền hay mã cho "
        "người bạn chưa xác minh.",
    },
}


def advice(label: TextLabel, language: str) -> tuple[str, str]:
    """The advice text and the language it is in (English where none is written)."""
    chosen = language if language in ADVICE else FALLBACK
    return ADVICE[chosen][label], chosen
