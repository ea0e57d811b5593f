#!/usr/bin/env python3
"""gen-posts.py N DIR [FIRST] — write N posts in the seed's format into DIR.

Posts FIRST .. FIRST+N-1 (default FIRST = 0): CJK titles, a 3-level category
hierarchy (group › site › feed, 8 × 3 × 3 = 72 leaves), 2-8 KB bodies with
images, one HTML block each (no blank line, no indented line), dates one
every 7 minutes going back from 2024-10-18, later posts newer. The same N and
FIRST give the same bytes. Names are 16 hex digits, as newsmill's are.
"""
import hashlib, os, random, sys, datetime

n = int(sys.argv[1]); out = sys.argv[2]; first = int(sys.argv[3]) if len(sys.argv) > 3 else 0
os.makedirs(out, exist_ok=True)
groups = {
    "金融": ["新浪财经", "东方财富", "财新网"], "科技": ["IT之家", "36氪", "少数派"],
    "体育": ["新浪体育", "虎扑", "懂球帝"], "娱乐": ["新浪娱乐", "腾讯娱乐", "网易娱乐"],
    "国际": ["BBC中文", "联合早报", "德国之声"], "汽车": ["汽车之家", "懂车帝", "易车网"],
    "健康": ["丁香园", "健康时报", "生命时报"], "教育": ["中国教育报", "新浪教育", "芥末堆"],
}
feeds = ["要闻", "深度", "快讯"]
words = ("央行 市场 经济 发布 增长 科技 创新 企业 政策 投资 数据 全球 城市 发展 合作 报告 消费 "
         "产业 能源 汽车 手机 芯片 比赛 球队 冠军 电影 演员 教育 学生 医院 健康 研究 国际 会议 "
         "宣布 推出 计划 项目 预计 上涨 下跌 新高 突破 首次 年度 季度 官方 记者").split()
chars = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龙飞"
images = ["https://img.example.com/news/%s-%d.jpg"]
base = datetime.datetime(2024, 10, 18, 12, 0, 0)
days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
mons = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
gnames = sorted(groups)
for i in range(first, first + n):
    r = random.Random(i * 7919 + 13)
    name = hashlib.sha256(b"bench-%d" % i).hexdigest()[:16]
    g = gnames[r.randrange(len(gnames))]
    s = groups[g][r.randrange(3)]
    f = s + "－" + feeds[r.randrange(3)]
    title = "".join(r.choice(words) for _ in range(r.randint(5, 9)))
    d = base + datetime.timedelta(minutes=7 * (i - 200000))
    date = f"{days[d.weekday()]}, {d.day:02d} {mons[d.month-1]} {d.year} {d.hour:02d}:{d.minute:02d}:{d.second:02d} GMT"
    img = f"https://img.example.com/news/{name}.jpg"
    target = r.randint(2000, 8000)
    paras, size = [], 0
    while size < target:
        p = "　　" + "".join(r.choice(chars) for _ in range(r.randint(60, 220))) + "。"
        if r.random() < 0.15:
            p = f'<img src="https://img.example.com/news/{name}-{len(paras)}.jpg" referrerpolicy="no-referrer">'
            paras.append(f"<p>{p}</p>")
        else:
            paras.append(f"<p>{p}</p>")
        size += len(paras[-1].encode())
    body = "<div>" + "\n".join(paras) + "</div>"
    text = (f"---\ntitle: '{title}'\ncategories: \n - {g}\n - {s}\n - {f}\n"
            f"headimg: '{img}'\nauthor: {s}\ncomments: false\ndate: {date}\nthumbnail: '{img}'\n---\n\n{body}\n")
    with open(os.path.join(out, name + ".md"), "w") as fh:
        fh.write(text)
