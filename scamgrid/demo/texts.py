"""Names and narrative templates for demo victims, in the languages victims write in."""

from __future__ import annotations

SURNAMES = {
    "CN": [
        "王",
        "李",
        "张",
        "刘",
        "陈",
        "杨",
        "黄",
        "赵",
        "吴",
        "周",
        "徐",
        "孙",
        "马",
        "朱",
        "胡",
    ],
    "TH": ["ใจดี", "สุขสวัสดิ์", "ศรีสุข", "วงศ์สวัสดิ์", "บุญมา", "แก้วมณี", "ทองคำ", "พรหมมา"],
    "VN": ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Đặng", "Bùi"],
    "MM": ["Aung", "Kyaw", "Zaw", "Htet", "Naing", "Win", "Soe", "Myint"],
    "LA": ["Phommachanh", "Sisavath", "Vongsa", "Keomany", "Inthavong"],
    "KH": ["Sok", "Chan", "Kim", "Heng", "Chea", "Lim", "Meas"],
}
GIVEN = {
    "CN": ["伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰"],
    "TH": ["สมชาย", "สมศรี", "วิชัย", "มาลี", "ประเสริฐ", "สุนทร", "นภา", "อรุณ"],
    "VN": ["Văn An", "Thị Hoa", "Minh Tuấn", "Thị Lan", "Quốc Bảo", "Thu Trang"],
    "MM": ["Min", "Thura", "Ei", "Hnin", "Moe", "Su"],
    "LA": ["Bounmy", "Khamla", "Noy", "Somsak"],
    "KH": ["Dara", "Sophea", "Vannak", "Srey Mom"],
}
SURNAME_FIRST = {"CN", "VN"}

NARRATIVES: dict[str, dict[str, list[str]]] = {
    "zh": {
        "impersonation": [
            "自称{city}公安局民警来电，称我涉嫌洗钱案，要求把存款转入“安全账户”配合调查。",
            "对方冒充快递客服说包裹违禁，随后转接“警官”，让我转账证明清白。",
        ],
        "investment": [
            "在群里认识“导师”，下载APP投资虚拟币，前期小额盈利，后来无法提现还要交保证金。",
            "朋友推荐的USDT理财平台，承诺日收益3%，充值后账户被冻结。",
        ],
        "romance": ["网上认识的“男友”自称海外工程师，说一起投资，骗我转了多笔钱。"],
        "job_task": ["兼职刷单，先返佣金，后面任务要求垫付大额资金，对方失联。"],
        "loan": ["网贷APP要求先交解冻费和保证金，交了钱也没放款。"],
        "shopping": ["二手平台买手机，对方让我扫码付款到私人账户，之后拉黑。"],
        "sextortion": ["视频裸聊被录屏，对方威胁发给通讯录好友，要求转账。"],
        "gambling": ["被拉进博彩网站，先赢后输，充值无法提现。"],
        "other": ["对方以退款为由让我开通共享屏幕，盗刷了银行卡。"],
    },
    "th": {
        "impersonation": [
            "มีคนโทรมาอ้างเป็นเจ้าหน้าที่ตำรวจ บอกว่าบัญชีของฉันเกี่ยวข้องกับการฟอกเงิน ให้โอนเงินไปตรวจสอบ",
            "แก๊งคอลเซ็นเตอร์อ้างเป็นพนักงานไปรษณีย์ว่ามีพัสดุผิดกฎหมาย แล้วให้โอนเงิน",
        ],
        "investment": ["ชวนลงทุนเทรดคริปโตผ่านแอป ได้กำไรช่วงแรก แต่ถอนเงินไม่ได้"],
        "romance": ["คุยกับแฟนออนไลน์ที่อ้างเป็นทหารต่างชาติ ขอให้โอนค่าภาษีพัสดุ"],
        "job_task": ["งานออนไลน์กดไลก์รับค่าคอม ต้องโอนเงินทำภารกิจก่อน แล้วติดต่อไม่ได้"],
        "loan": ["แอปเงินกู้ให้โอนค่าธรรมเนียมก่อนอนุมัติ แต่ไม่ได้รับเงินกู้"],
        "shopping": ["สั่งซื้อสินค้าทางเฟซบุ๊ก โอนเงินแล้วไม่ได้ของ"],
        "sextortion": ["ถูกอัดวิดีโอคอลแล้วข่มขู่ให้โอนเงิน"],
        "gambling": ["เว็บพนันออนไลน์ไม่ยอมให้ถอนเงิน"],
        "other": ["ถูกหลอกให้ติดตั้งแอปควบคุมเครื่อง แล้วเงินในบัญชีหายไป"],
    },
    "en": {
        "impersonation": [
            "Caller claimed to be from the police and said my account was used for "
            "money laundering; told me to move my savings to a 'safe account'."
        ],
        "investment": [
            "Met a 'mentor' in a chat group who got me to invest in a crypto platform; "
            "I could not withdraw and was asked for a 'tax' first."
        ],
        "romance": [
            "Online partner asked me to join a USDT investment and pay fees to release profits."
        ],
        "job_task": [
            "Offered a part-time task job rating products; had to prepay for tasks and "
            "never got the money back."
        ],
        "loan": ["Loan app demanded an unlocking fee before paying out the loan."],
        "shopping": ["Paid for a phone on a marketplace; seller disappeared."],
        "sextortion": ["Video call was recorded and they threatened to send it to my contacts."],
        "gambling": ["Online casino refused withdrawals after I topped up."],
        "other": ["They asked me to install a remote-support app and emptied my account."],
    },
}
CITIES = ["北京", "上海", "广州", "深圳", "成都", "杭州", "南宁", "昆明"]
